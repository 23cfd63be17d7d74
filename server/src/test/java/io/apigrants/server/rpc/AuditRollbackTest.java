package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.codeOf;
import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.APP_USER;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;
import static io.apigrants.server.store.schema.Tables.ORG_POLICY;
import static io.apigrants.server.store.schema.Tables.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.GetOrgPolicyRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.ListUsersRequest;
import io.apigrants.v1.OrgPolicy;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpdateOrgPolicyRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.apigrants.v1.Workspace;
import io.grpc.Status;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A write whose audit insert fails leaves nothing behind: the change and its audit record commit
 * together or not at all. A trigger on audit_event refuses every insert while the write runs.
 */
class AuditRollbackTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void writesWhoseAuditFailsLeaveNothingBehind(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant grant = org.create();
    List<User> usersBefore = org.admin.listUsers(ListUsersRequest.getDefaultInstance())
        .getUsersList();
    OrgPolicy policyBefore = org.admin.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance());
    int auditBefore = org.dsl().fetchCount(AUDIT_EVENT, AUDIT_EVENT.ORG_ID.eq(org.org));
    List<Status.Code> codes;

    refuseAudits(org.dsl(), store);
    try {
      codes = List.of(
          codeOf(() -> org.admin.createGrant(CreateGrantRequest.newBuilder()
              .setGrant(org.grant())
              .setRequestId("doomed")
              .build())),
          codeOf(() -> org.admin.updateGrant(UpdateGrantRequest.newBuilder()
              .setGrant(grant.toBuilder().setClientName("never").setUsername("bob"))
              .setUpdateMask(mask("client_name", "username"))
              .build())),
          codeOf(() -> org.admin.disableGrant(DisableGrantRequest.newBuilder()
              .setName(grant.getName())
              .build())),
          codeOf(() -> org.admin.deleteGrant(DeleteGrantRequest.newBuilder()
              .setName(grant.getName())
              .build())),
          codeOf(() -> org.admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
              .setWorkspace(Workspace.newBuilder().setId("doomed").setDisplayName("Doomed"))
              .build())),
          codeOf(() -> org.admin.upsertUser(UpsertUserRequest.newBuilder()
              .setUser(User.newBuilder().setUsername("alice").setState(User.State.DISABLED))
              .build())),
          codeOf(() -> org.admin.upsertUser(UpsertUserRequest.newBuilder()
              .setUser(User.newBuilder().setUsername("doomed"))
              .build())),
          codeOf(() -> org.admin.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
              .setPolicy(OrgPolicy.newBuilder().setRequireIpAllowlist(true))
              .setUpdateMask(mask("require_ip_allowlist"))
              .build())));
    } finally {
      allowAudits(org.dsl(), store);
    }

    assertThat(codes).containsOnly(Status.Code.INTERNAL);
    assertThat(org.admin.getGrant(GetGrantRequest.newBuilder().setName(grant.getName()).build()))
        .isEqualTo(grant);
    assertThat(org.dsl().fetchCount(API_GRANT, API_GRANT.ORG_ID.eq(org.org))).isEqualTo(1);
    assertThat(org.dsl().fetchCount(WORKSPACE, WORKSPACE.ORG_ID.eq(org.org))).isEqualTo(1);
    assertThat(org.dsl().fetchCount(APP_USER, APP_USER.ORG_ID.eq(org.org))).isEqualTo(2);
    assertThat(org.dsl().fetchCount(ORG_POLICY, ORG_POLICY.ORG_ID.eq(org.org))).isZero();
    assertThat(org.admin.listUsers(ListUsersRequest.getDefaultInstance()).getUsersList())
        .isEqualTo(usersBefore);
    assertThat(org.admin.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance()))
        .isEqualTo(policyBefore);
    assertThat(org.dsl().fetchCount(AUDIT_EVENT, AUDIT_EVENT.ORG_ID.eq(org.org)))
        .isEqualTo(auditBefore);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void liveSecretsSurviveADeleteOrReassignmentWhoseAuditFails(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant grant = org.create();
    UUID id = GrantNames.parse(grant.getName(), "name");
    String secret = org.server.regenerateSecret(org.org, "alice", id);
    Grant withSecret = org.admin.getGrant(GetGrantRequest.newBuilder()
        .setName(grant.getName())
        .build());
    List<Status.Code> codes;

    refuseAudits(org.dsl(), store);
    try {
      codes = List.of(
          codeOf(() -> org.admin.updateGrant(UpdateGrantRequest.newBuilder()
              .setGrant(withSecret.toBuilder().setUsername("bob"))
              .setUpdateMask(mask("username"))
              .build())),
          codeOf(() -> org.admin.deleteGrant(DeleteGrantRequest.newBuilder()
              .setName(grant.getName())
              .build())));
    } finally {
      allowAudits(org.dsl(), store);
    }

    assertThat(codes).containsOnly(Status.Code.INTERNAL);
    assertThat(org.dsl().fetchCount(GRANT_SECRET, GRANT_SECRET.GRANT_ID.eq(id))).isEqualTo(1);
    assertThat(org.admin.getGrant(GetGrantRequest.newBuilder().setName(grant.getName()).build()))
        .isEqualTo(withSecret);
    // First verification after the failed writes: nothing cached, the rows answer.
    assertThat(org.server.verifySecret(org.org, secret).getActive()).isTrue();
  }

  private static void refuseAudits(DSLContext dsl, Store store) {
    if (store == Store.POSTGRESQL) {
      dsl.execute("create function refuse_audit() returns trigger language plpgsql as "
          + "$$ begin raise exception 'audit refused by the test trigger'; end $$");
      dsl.execute("create trigger refuse_audit before insert on audit_event "
          + "for each row execute function refuse_audit()");
    } else {
      dsl.execute("create trigger refuse_audit before insert on audit_event for each row call '"
          + RefusingAuditTrigger.class.getName() + "'");
    }
  }

  private static void allowAudits(DSLContext dsl, Store store) {
    dsl.execute(store == Store.POSTGRESQL
        ? "drop trigger refuse_audit on audit_event" : "drop trigger refuse_audit");
    if (store == Store.POSTGRESQL) {
      dsl.execute("drop function refuse_audit()");
    }
  }
}
