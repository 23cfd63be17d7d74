package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.codeOf;
import static io.apigrants.server.testing.Statuses.failureOf;
import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.AuditEvent;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.GetOrgPolicyRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.ListGrantsRequest;
import io.apigrants.v1.ListScopesRequest;
import io.apigrants.v1.ListUsersRequest;
import io.apigrants.v1.ListWorkspacesRequest;
import io.apigrants.v1.OrgPolicy;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpdateOrgPolicyRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.apigrants.v1.Workspace;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An admin of one organisation against another's resources, method by method: the other
 * organisation's things are NOT_FOUND (never PERMISSION_DENIED) and never appear in a list.
 */
class CrossOrganisationTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  /** Acme with a grant, a workspace "acme-only", and a user "acme-user"; Globex, seeded. */
  private record Orgs(AdminFixture acme, AdminFixture globex, Grant acmeGrant) {}

  private static Orgs orgs(Store store) {
    AdminFixture acme = servers.seeded(store);
    AdminFixture globex = servers.seeded(store);
    acme.workspace("acme-only");
    acme.user("acme-user");
    Grant acmeGrant = acme.create(acme.grant().setWorkspace("acme-only").setUsername("acme-user"));
    return new Orgs(acme, globex, acmeGrant);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void anotherOrganisationsGrantIsNotFoundByEveryGrantMethod(Store store) {
    Orgs orgs = orgs(store);
    GrantAdminGrpc.GrantAdminBlockingStub globex = orgs.globex.admin;
    Grant theirs = orgs.acmeGrant;

    Status.Code get = codeOf(() -> globex.getGrant(GetGrantRequest.newBuilder()
        .setName(theirs.getName())
        .build()));
    Status.Code update = codeOf(() -> globex.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(theirs.toBuilder().setClientName("hijacked"))
        .setUpdateMask(mask("client_name"))
        .build()));
    Status.Code delete = codeOf(() -> globex.deleteGrant(DeleteGrantRequest.newBuilder()
        .setName(theirs.getName())
        .setEtag(theirs.getEtag())
        .build()));
    Status.Code disable = codeOf(() -> globex.disableGrant(DisableGrantRequest.newBuilder()
        .setName(theirs.getName())
        .build()));
    Status.Code enable = codeOf(() -> globex.enableGrant(EnableGrantRequest.newBuilder()
        .setName(theirs.getName())
        .build()));

    assertThat(List.of(get, update, delete, disable, enable)).containsOnly(Status.Code.NOT_FOUND);
    assertThat(orgs.acme.admin.getGrant(GetGrantRequest.newBuilder()
        .setName(theirs.getName())
        .build())).isEqualTo(theirs);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void createCannotReachAnotherOrganisationsDirectoryOrRequestIds(Store store) {
    Orgs orgs = orgs(store);
    AdminFixture globex = orgs.globex;
    String requestId = "same-request-id";
    Grant acmeWithId = orgs.acme.admin.createGrant(CreateGrantRequest.newBuilder()
        .setGrant(orgs.acme.grant())
        .setRequestId(requestId)
        .build());

    List<String> theirDirectory = badRequestFields(failureOf(() -> globex.create(globex.grant()
        .setWorkspace("acme-only")
        .setUsername("acme-user"))));
    List<String> nothingThere = badRequestFields(failureOf(() -> globex.create(globex.grant()
        .setWorkspace("nowhere")
        .setUsername("nobody"))));
    Grant globexWithId = globex.admin.createGrant(CreateGrantRequest.newBuilder()
        .setGrant(globex.grant())
        .setRequestId(requestId)
        .build());

    // Another organisation's workspace and user answer exactly as names that exist nowhere.
    assertThat(theirDirectory).containsExactlyInAnyOrder("grant.workspace", "grant.username");
    assertThat(theirDirectory).isEqualTo(nothingThere);
    assertThat(globexWithId.getName()).isNotEqualTo(acmeWithId.getName());
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void anotherOrganisationsWorkspaceOrUserAnswersAsOneThatExistsNowhere(Store store) {
    Orgs orgs = orgs(store);
    AdminFixture globex = orgs.globex;

    StatusRuntimeException theirWorkspace =
        failureOf(() -> globex.create(globex.grant().setWorkspace("acme-only")));
    StatusRuntimeException noWorkspace =
        failureOf(() -> globex.create(globex.grant().setWorkspace("nowhere")));
    StatusRuntimeException theirUser =
        failureOf(() -> globex.create(globex.grant().setUsername("acme-user")));
    StatusRuntimeException noUser =
        failureOf(() -> globex.create(globex.grant().setUsername("nobody")));

    assertThat(theirWorkspace.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(theirWorkspace)).containsExactly("grant.workspace");
    assertThat(theirUser.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(theirUser)).containsExactly("grant.username");
    // Code, description and details alike: nothing tells the two apart.
    assertThat(StatusProto.fromThrowable(theirWorkspace))
        .isEqualTo(StatusProto.fromThrowable(noWorkspace));
    assertThat(StatusProto.fromThrowable(theirUser)).isEqualTo(StatusProto.fromThrowable(noUser));
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void listsShowOnlyTheCallersOrganisation(Store store) {
    Orgs orgs = orgs(store);
    GrantAdminGrpc.GrantAdminBlockingStub globex = orgs.globex.admin;
    Grant globexGrant = orgs.globex.create();

    List<Grant> grants = globex.listGrants(ListGrantsRequest.newBuilder().setPageSize(1000)
        .build()).getGrantsList();
    List<Grant> byTheirWorkspace = globex.listGrants(ListGrantsRequest.newBuilder()
        .setWorkspace("acme-only").build()).getGrantsList();
    List<Grant> byTheirUser = globex.listGrants(ListGrantsRequest.newBuilder()
        .setUsername("acme-user").build()).getGrantsList();
    List<String> workspaces = globex.listWorkspaces(ListWorkspacesRequest.getDefaultInstance())
        .getWorkspacesList().stream().map(Workspace::getId).toList();
    List<String> users = globex.listUsers(ListUsersRequest.getDefaultInstance())
        .getUsersList().stream().map(User::getUsername).toList();
    List<AuditEvent> aboutTheirGrant = globex.listAuditEvents(ListAuditEventsRequest.newBuilder()
        .setTarget(orgs.acmeGrant.getName()).build()).getAuditEventsList();
    List<AuditEvent> byTheirAdmin = globex.listAuditEvents(ListAuditEventsRequest.newBuilder()
        .setPageSize(1000).build()).getAuditEventsList();

    assertThat(grants).extracting(Grant::getName).containsExactly(globexGrant.getName());
    assertThat(byTheirWorkspace).isEmpty();
    assertThat(byTheirUser).isEmpty();
    assertThat(workspaces).containsExactly("main");
    assertThat(users).containsExactly("alice", "bob");
    assertThat(aboutTheirGrant).isEmpty();
    assertThat(byTheirAdmin).extracting(AuditEvent::getTarget)
        .doesNotContain(orgs.acmeGrant.getName(), "workspaces/acme-only", "users/acme-user");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void pageTokensOfAnotherOrganisationAreRefused(Store store) {
    Orgs orgs = orgs(store);
    orgs.acme.create();
    String grantsToken = orgs.acme.admin.listGrants(ListGrantsRequest.newBuilder()
        .setPageSize(1).build()).getNextPageToken();
    String usersToken = orgs.acme.admin.listUsers(ListUsersRequest.newBuilder()
        .setPageSize(1).build()).getNextPageToken();
    String workspacesToken = orgs.acme.admin.listWorkspaces(ListWorkspacesRequest.newBuilder()
        .setPageSize(1).build()).getNextPageToken();
    String auditToken = orgs.acme.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
        .setPageSize(1).build()).getNextPageToken();
    GrantAdminGrpc.GrantAdminBlockingStub globex = orgs.globex.admin;

    List<List<String>> answers = List.of(
        badRequestFields(failureOf(() -> globex.listGrants(ListGrantsRequest.newBuilder()
            .setPageToken(grantsToken).build()))),
        badRequestFields(failureOf(() -> globex.listUsers(ListUsersRequest.newBuilder()
            .setPageToken(usersToken).build()))),
        badRequestFields(failureOf(() -> globex.listWorkspaces(ListWorkspacesRequest.newBuilder()
            .setPageToken(workspacesToken).build()))),
        badRequestFields(failureOf(() -> globex.listAuditEvents(ListAuditEventsRequest.newBuilder()
            .setPageToken(auditToken).build()))));

    assertThat(answers).containsOnly(List.of("page_token"));
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void directoryAndPolicyWritesStayInTheCallersOrganisation(Store store) {
    Orgs orgs = orgs(store);
    GrantAdminGrpc.GrantAdminBlockingStub globex = orgs.globex.admin;

    Workspace sameId = globex.createWorkspace(CreateWorkspaceRequest.newBuilder()
        .setWorkspace(Workspace.newBuilder().setId("acme-only").setDisplayName("Globex's own"))
        .build());
    User sameName = globex.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername("acme-user").setDisplayName("Globex person")
            .setState(User.State.DISABLED))
        .build());
    globex.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
        .setPolicy(OrgPolicy.newBuilder().setRequireIpAllowlist(true))
        .setUpdateMask(mask("require_ip_allowlist"))
        .build());
    List<String> scopesSeenByGlobex = globex.listScopes(ListScopesRequest.getDefaultInstance())
        .getScopesList().stream().map(s -> s.getId()).toList();

    assertThat(sameId.getDisplayName()).isEqualTo("Globex's own");
    assertThat(sameName.getState()).isEqualTo(User.State.DISABLED);
    List<User> acmeUsers = orgs.acme.admin.listUsers(ListUsersRequest.getDefaultInstance())
        .getUsersList();
    assertThat(acmeUsers).filteredOn(u -> u.getUsername().equals("acme-user"))
        .extracting(User::getState).containsExactly(User.State.ACTIVE);
    assertThat(orgs.acme.admin.listWorkspaces(ListWorkspacesRequest.getDefaultInstance())
        .getWorkspacesList()).filteredOn(w -> w.getId().equals("acme-only"))
        .extracting(Workspace::getDisplayName).containsExactly("Workspace acme-only");
    assertThat(orgs.acme.admin.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance())
        .getRequireIpAllowlist()).isFalse();
    assertThat(orgs.acme.create().getName()).startsWith("grants/");
    assertThat(scopesSeenByGlobex).isEqualTo(orgs.acme.admin.listScopes(
        ListScopesRequest.getDefaultInstance()).getScopesList().stream()
        .map(s -> s.getId()).toList());
  }
}
