package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.failureOf;
import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.apigrants.server.testing.LogCapture;
import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.ListGrantsRequest;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A control character in any GrantAdmin request text that could reach the database is a bad
 * request naming that field, on both stores alike. PostgreSQL cannot take a NUL even in a
 * comparison, so one that slipped through would answer INTERNAL there (and log an ERROR) while H2
 * answered normally.
 */
class RequestTextsTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  /** One organisation per store serves every case; each case makes its own grant. */
  private static final Map<Store, AdminFixture> orgs = new EnumMap<>(Store.class);

  /** Sends {@code bad} (a text holding a control character) in one field of one request. */
  private interface Call {
    void send(AdminFixture org, Grant grant, String bad);
  }

  private record Case(String method, String field, Call call) {
    @Override
    public String toString() {
      return method + " " + field;
    }
  }

  static Stream<Arguments> cases() {
    List<Case> cases = List.of(
        new Case("CreateGrant", "grant.client_name",
            (org, grant, bad) -> org.create(org.grant().setClientName(bad))),
        new Case("CreateGrant", "grant.workspace",
            (org, grant, bad) -> org.create(org.grant().setWorkspace(bad))),
        new Case("CreateGrant", "grant.username",
            (org, grant, bad) -> org.create(org.grant().setUsername(bad))),
        new Case("CreateGrant", "grant.scopes[0]",
            (org, grant, bad) -> org.create(org.grant().clearScopes().addScopes(bad))),
        new Case("CreateGrant", "grant.ip_allowlist[0]",
            (org, grant, bad) -> org.create(org.grant().addIpAllowlist(bad))),
        new Case("CreateGrant", "request_id",
            (org, grant, bad) -> org.admin.createGrant(CreateGrantRequest.newBuilder()
                .setGrant(org.grant())
                .setRequestId(bad)
                .build())),
        new Case("GetGrant", "name",
            (org, grant, bad) -> org.admin.getGrant(GetGrantRequest.newBuilder()
                .setName(bad)
                .build())),
        new Case("UpdateGrant", "grant.name",
            (org, grant, bad) -> update(org, grant.toBuilder().setName(bad), "client_name")),
        new Case("UpdateGrant", "grant.etag",
            (org, grant, bad) -> update(org, grant.toBuilder().setEtag(bad), "client_name")),
        new Case("UpdateGrant", "grant.client_name",
            (org, grant, bad) -> update(org, grant.toBuilder().setClientName(bad), "client_name")),
        new Case("UpdateGrant", "grant.username",
            (org, grant, bad) -> update(org, grant.toBuilder().setUsername(bad), "username")),
        new Case("UpdateGrant", "grant.scopes[0]",
            (org, grant, bad) -> update(org, grant.toBuilder().clearScopes().addScopes(bad),
                "scopes")),
        new Case("UpdateGrant", "grant.ip_allowlist[0]",
            (org, grant, bad) -> update(org, grant.toBuilder().addIpAllowlist(bad),
                "ip_allowlist")),
        new Case("UpdateGrant", "update_mask",
            (org, grant, bad) -> update(org, grant.toBuilder(), bad)),
        new Case("DeleteGrant", "name",
            (org, grant, bad) -> org.admin.deleteGrant(DeleteGrantRequest.newBuilder()
                .setName(bad)
                .build())),
        new Case("DeleteGrant", "etag",
            (org, grant, bad) -> org.admin.deleteGrant(DeleteGrantRequest.newBuilder()
                .setName(grant.getName())
                .setEtag(bad)
                .build())),
        new Case("DisableGrant", "name",
            (org, grant, bad) -> org.admin.disableGrant(DisableGrantRequest.newBuilder()
                .setName(bad)
                .build())),
        new Case("DisableGrant", "etag",
            (org, grant, bad) -> org.admin.disableGrant(DisableGrantRequest.newBuilder()
                .setName(grant.getName())
                .setEtag(bad)
                .build())),
        new Case("EnableGrant", "name",
            (org, grant, bad) -> org.admin.enableGrant(EnableGrantRequest.newBuilder()
                .setName(bad)
                .build())),
        new Case("EnableGrant", "etag",
            (org, grant, bad) -> org.admin.enableGrant(EnableGrantRequest.newBuilder()
                .setName(grant.getName())
                .setEtag(bad)
                .build())),
        new Case("ListGrants", "workspace",
            (org, grant, bad) -> org.admin.listGrants(ListGrantsRequest.newBuilder()
                .setWorkspace(bad)
                .build())),
        new Case("ListGrants", "username",
            (org, grant, bad) -> org.admin.listGrants(ListGrantsRequest.newBuilder()
                .setUsername(bad)
                .build())),
        new Case("ListGrants", "page_token",
            (org, grant, bad) -> org.admin.listGrants(ListGrantsRequest.newBuilder()
                .setPageToken(bad)
                .build())),
        new Case("CreateWorkspace", "workspace.id",
            (org, grant, bad) -> org.admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
                .setWorkspace(Workspace.newBuilder().setId(bad).setDisplayName("Side"))
                .build())),
        new Case("CreateWorkspace", "workspace.display_name",
            (org, grant, bad) -> org.admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
                .setWorkspace(Workspace.newBuilder().setId("side").setDisplayName(bad))
                .build())),
        new Case("ListWorkspaces", "page_token",
            (org, grant, bad) -> org.admin.listWorkspaces(ListWorkspacesRequest.newBuilder()
                .setPageToken(bad)
                .build())),
        new Case("UpsertUser", "user.username",
            (org, grant, bad) -> org.admin.upsertUser(UpsertUserRequest.newBuilder()
                .setUser(User.newBuilder().setUsername(bad).setDisplayName("Carol"))
                .build())),
        new Case("UpsertUser", "user.display_name",
            (org, grant, bad) -> org.admin.upsertUser(UpsertUserRequest.newBuilder()
                .setUser(User.newBuilder().setUsername("carol").setDisplayName(bad))
                .build())),
        new Case("ListUsers", "page_token",
            (org, grant, bad) -> org.admin.listUsers(ListUsersRequest.newBuilder()
                .setPageToken(bad)
                .build())),
        new Case("UpdateOrgPolicy", "policy.allowed_scopes[0]",
            (org, grant, bad) -> org.admin.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
                .setPolicy(OrgPolicy.newBuilder().addAllowedScopes(bad))
                .setUpdateMask(mask("allowed_scopes"))
                .build())),
        new Case("UpdateOrgPolicy", "policy.etag",
            (org, grant, bad) -> org.admin.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
                .setPolicy(OrgPolicy.newBuilder().setRequireIpAllowlist(false).setEtag(bad))
                .setUpdateMask(mask("require_ip_allowlist"))
                .build())),
        new Case("UpdateOrgPolicy", "update_mask",
            (org, grant, bad) -> org.admin.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
                .setPolicy(OrgPolicy.getDefaultInstance())
                .setUpdateMask(mask(bad))
                .build())),
        new Case("ListAuditEvents", "target",
            (org, grant, bad) -> org.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
                .setTarget(bad)
                .build())),
        new Case("ListAuditEvents", "actor",
            (org, grant, bad) -> org.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
                .setActor(bad)
                .build())),
        new Case("ListAuditEvents", "page_token",
            (org, grant, bad) -> org.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
                .setPageToken(bad)
                .build())));
    // NUL, which PostgreSQL refuses, and ESC, which it takes but a terminal obeys.
    return Stream.of(Store.values()).flatMap(store -> Stream.of("0000", "001B")
        .flatMap(control -> cases.stream().map(c -> Arguments.of(store, c, control))));
  }

  @ParameterizedTest(name = "{0}: {1} with U+{2}")
  @MethodSource("cases")
  void controlCharacterIsABadRequestNamingTheField(Store store, Case textCase, String control) {
    AdminFixture org = org(store);
    Grant grant = org.create();
    String bad = valid(textCase.field(), grant) + Character.toString(Integer.parseInt(control, 16));
    StatusRuntimeException failure;
    List<String> errors;

    try (LogCapture logs = LogCapture.atConfiguredLevels()) {
      failure = failureOf(() -> textCase.call().send(org, grant, bad));
      errors = logs.messagesAt(Level.ERROR);
    }

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly(textCase.field());
    assertThat(errors).isEmpty();
  }

  private static synchronized AdminFixture org(Store store) {
    return orgs.computeIfAbsent(store, servers::seeded);
  }

  /**
   * A value that would be accepted in {@code field}, so that the control character appended to
   * it is the only fault.
   */
  private static String valid(String field, Grant grant) {
    return switch (field) {
      case "name", "grant.name" -> grant.getName();
      case "etag", "grant.etag" -> grant.getEtag();
      case "grant.workspace", "workspace", "workspace.id" -> "main";
      case "grant.username", "username", "user.username", "actor" -> "alice";
      case "grant.scopes[0]", "policy.allowed_scopes[0]" -> "spreadsheets.read";
      case "grant.ip_allowlist[0]" -> "192.0.2.1";
      case "update_mask" -> "client_name";
      case "target" -> grant.getName();
      default -> "Nightly export";
    };
  }

  private static void update(AdminFixture org, Grant.Builder grant, String path) {
    org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(grant)
        .setUpdateMask(mask(path))
        .build());
  }
}
