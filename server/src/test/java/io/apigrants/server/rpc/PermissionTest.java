package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.GetOrgPolicyRequest;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.ListGrantsRequest;
import io.apigrants.v1.ListScopesRequest;
import io.apigrants.v1.ListUsersRequest;
import io.apigrants.v1.ListWorkspacesRequest;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpdateOrgPolicyRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.grpc.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every GrantAdmin method refuses callers without the org_security_admin role. */
class PermissionTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.h2();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** Each method, called with a harmless request. */
  private static Map<String, Consumer<GrantAdminGrpc.GrantAdminBlockingStub>> everyMethod() {
    String name = "grants/00000000-0000-0000-0000-000000000001";
    Map<String, Consumer<GrantAdminGrpc.GrantAdminBlockingStub>> calls = new LinkedHashMap<>();
    calls.put("CreateGrant", stub -> stub.createGrant(CreateGrantRequest.getDefaultInstance()));
    calls.put("GetGrant", stub -> stub.getGrant(GetGrantRequest.newBuilder().setName(name)
        .build()));
    calls.put("ListGrants", stub -> stub.listGrants(ListGrantsRequest.getDefaultInstance()));
    calls.put("UpdateGrant", stub -> stub.updateGrant(UpdateGrantRequest.getDefaultInstance()));
    calls.put("DeleteGrant", stub -> stub.deleteGrant(DeleteGrantRequest.newBuilder()
        .setName(name).build()));
    calls.put("DisableGrant", stub -> stub.disableGrant(DisableGrantRequest.newBuilder()
        .setName(name).build()));
    calls.put("EnableGrant", stub -> stub.enableGrant(EnableGrantRequest.newBuilder()
        .setName(name).build()));
    calls.put("ListScopes", stub -> stub.listScopes(ListScopesRequest.getDefaultInstance()));
    calls.put("CreateWorkspace",
        stub -> stub.createWorkspace(CreateWorkspaceRequest.getDefaultInstance()));
    calls.put("ListWorkspaces",
        stub -> stub.listWorkspaces(ListWorkspacesRequest.getDefaultInstance()));
    calls.put("UpsertUser", stub -> stub.upsertUser(UpsertUserRequest.getDefaultInstance()));
    calls.put("ListUsers", stub -> stub.listUsers(ListUsersRequest.getDefaultInstance()));
    calls.put("GetOrgPolicy", stub -> stub.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance()));
    calls.put("UpdateOrgPolicy",
        stub -> stub.updateOrgPolicy(UpdateOrgPolicyRequest.getDefaultInstance()));
    calls.put("ListAuditEvents",
        stub -> stub.listAuditEvents(ListAuditEventsRequest.getDefaultInstance()));
    return calls;
  }

  @Test
  void everyMethodIsCovered() {
    assertThat(everyMethod()).hasSize(
        GrantAdminGrpc.getServiceDescriptor().getMethods().size());
  }

  @Test
  void callersWithoutTheAdminRoleArePermissionDenied() {
    List<GrantAdminGrpc.GrantAdminBlockingStub> callers = List.of(
        stub(server.tokens().mint("mallory", "acme")),
        stub(server.tokens().mint("gateway", "acme", Roles.TOKEN_VERIFIER)));

    for (GrantAdminGrpc.GrantAdminBlockingStub caller : callers) {
      everyMethod().forEach((method, call) -> assertThat(codeOf(() -> call.accept(caller)))
          .as(method)
          .isEqualTo(Status.Code.PERMISSION_DENIED));
    }
  }

  @Test
  void callersWithoutATokenAreUnauthenticated() {
    GrantAdminGrpc.GrantAdminBlockingStub anonymous = GrantAdminGrpc.newBlockingStub(
        server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);

    everyMethod().forEach((method, call) -> assertThat(codeOf(() -> call.accept(anonymous)))
        .as(method)
        .isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  private static GrantAdminGrpc.GrantAdminBlockingStub stub(String token) {
    return GrantAdminGrpc.newBlockingStub(server.channel())
        .withCallCredentials(TestServer.bearer(token))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }
}
