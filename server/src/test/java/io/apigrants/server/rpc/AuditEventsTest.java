package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.failureOf;
import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.AuditEvent;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.ListAuditEventsResponse;
import io.apigrants.v1.OrgPolicy;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpdateOrgPolicyRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ListAuditEvents and what every GrantAdmin write records, on both stores. */
class AuditEventsTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void everyGrantWriteRecordsOneEventWithOldAndNewValues(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.admin.createGrant(CreateGrantRequest.newBuilder()
        .setGrant(org.grant())
        .setRequestId("req-1")
        .build());
    Grant updated = org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(created.toBuilder().setClientName("Renamed").addIpAllowlist("192.0.2.1"))
        .setUpdateMask(mask("client_name", "ip_allowlist"))
        .build());
    org.admin.disableGrant(DisableGrantRequest.newBuilder().setName(created.getName()).build());
    org.admin.enableGrant(EnableGrantRequest.newBuilder().setName(created.getName()).build());
    org.admin.deleteGrant(DeleteGrantRequest.newBuilder().setName(created.getName()).build());

    List<AuditEvent> events = org.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
        .setTarget(created.getName())
        .build()).getAuditEventsList();

    assertThat(events).extracting(AuditEvent::getAction).containsExactly("grant.delete",
        "grant.enable", "grant.disable", "grant.update", "grant.create");
    assertThat(events).extracting(AuditEvent::getActor).containsOnly(AdminFixture.ADMIN);
    AuditEvent create = events.get(4);
    assertThat(create.getRequestId()).isEqualTo("req-1");
    assertThat(changes(create)).contains("client_name: [] -> [CI deploy]",
        "workspace: [] -> [main]", "username: [] -> [alice]", "scopes: [] -> [spreadsheets.read]",
        "state: [] -> [ENABLED]", "secret_state: [] -> [NONE]");
    assertThat(changes(events.get(3))).containsExactlyInAnyOrder(
        "client_name: [CI deploy] -> [Renamed]", "ip_allowlist: [] -> [192.0.2.1]");
    assertThat(changes(events.get(2))).containsExactly("state: [ENABLED] -> [DISABLED]");
    assertThat(changes(events.get(1))).containsExactly("state: [DISABLED] -> [ENABLED]");
    assertThat(changes(events.get(0))).contains("client_name: [Renamed] -> []",
        "username: [alice] -> []");
    assertThat(events.get(0).getEventTime().getSeconds())
        .isGreaterThanOrEqualTo(updated.getUpdateTime().getSeconds());
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void directoryAndPolicyWritesAreRecorded(Store store) {
    AdminFixture org = servers.seeded(store);
    org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername("alice").setDisplayName("ALICE")
            .setState(User.State.DISABLED))
        .build());
    org.admin.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
        .setPolicy(OrgPolicy.newBuilder().setRequireIpAllowlist(true))
        .setUpdateMask(mask("require_ip_allowlist"))
        .build());

    List<AuditEvent> events = org.admin.listAuditEvents(ListAuditEventsRequest.getDefaultInstance())
        .getAuditEventsList();

    assertThat(events).extracting(e -> e.getAction() + " " + e.getTarget()).containsExactly(
        "policy.update orgPolicy",
        "user.upsert users/alice",
        "user.upsert users/bob",
        "user.upsert users/alice",
        "workspace.create workspaces/main");
    assertThat(changes(events.get(0)))
        .containsExactly("require_ip_allowlist: [false] -> [true]");
    assertThat(changes(events.get(1))).containsExactly("state: [ACTIVE] -> [DISABLED]");
    assertThat(changes(events.get(3))).containsExactly("display_name: [] -> [ALICE]",
        "state: [] -> [ACTIVE]");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void eventsFilterByActorAndPageNewestFirst(Store store) {
    AdminFixture org = servers.seeded(store);
    GrantAdminGrpc.GrantAdminBlockingStub otherAdmin = org.server.admin(org.org, "auditor");
    for (int i = 0; i < 12; i++) {
      org.create();
    }
    otherAdmin.createGrant(CreateGrantRequest.newBuilder().setGrant(org.grant()).build());

    List<AuditEvent> theirs = otherAdmin.listAuditEvents(ListAuditEventsRequest.newBuilder()
        .setActor("auditor")
        .build()).getAuditEventsList();
    List<Long> ids = new ArrayList<>();
    String token = "";
    do {
      ListAuditEventsResponse page = org.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
          .setActor(AdminFixture.ADMIN)
          .setPageSize(5)
          .setPageToken(token)
          .build());
      page.getAuditEventsList().forEach(event -> ids.add(id(event)));
      token = page.getNextPageToken();
    } while (!token.isEmpty());

    assertThat(theirs).extracting(AuditEvent::getActor).containsExactly("auditor");
    assertThat(ids).hasSize(12 + 3).doesNotHaveDuplicates();
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void pagesNeitherSkipNorRepeatWhileNewerEventsArrive(Store store) {
    AdminFixture org = servers.seeded(store);
    for (int i = 0; i < 30; i++) {
      org.create();
    }
    List<Long> existing = org.dsl().select(AUDIT_EVENT.ID)
        .from(AUDIT_EVENT)
        .where(AUDIT_EVENT.ORG_ID.eq(org.org))
        .orderBy(AUDIT_EVENT.ID.desc())
        .fetch(AUDIT_EVENT.ID);
    List<Long> seen = new ArrayList<>();

    String token = "";
    do {
      ListAuditEventsResponse page = org.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
          .setPageSize(7)
          .setPageToken(token)
          .build());
      page.getAuditEventsList().forEach(event -> seen.add(id(event)));
      token = page.getNextPageToken();
      // A newer event between pages: offset paging would show the previous page's last again.
      org.create();
    } while (!token.isEmpty());

    assertThat(existing).hasSizeGreaterThan(30);
    assertThat(seen).isEqualTo(existing);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void badFiltersAndTokensOfOtherFiltersAreRefused(Store store) {
    AdminFixture org = servers.seeded(store);
    String token = org.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
        .setPageSize(1)
        .setActor(AdminFixture.ADMIN)
        .build()).getNextPageToken();

    List<String> otherActor = badRequestFields(failureOf(() -> org.admin.listAuditEvents(
        ListAuditEventsRequest.newBuilder().setActor("someone").setPageToken(token).build())));
    List<String> tooLong = badRequestFields(failureOf(() -> org.admin.listAuditEvents(
        ListAuditEventsRequest.newBuilder()
            .setTarget("t".repeat(301))
            .setActor("a".repeat(201))
            .setPageSize(1001)
            .build())));

    assertThat(token).isNotEmpty();
    assertThat(otherActor).containsExactly("page_token");
    assertThat(tooLong).containsExactlyInAnyOrder("target", "actor", "page_size");
  }

  private static long id(AuditEvent event) {
    return Long.parseLong(event.getName().substring("auditEvents/".length()));
  }

  private static List<String> changes(AuditEvent event) {
    return event.getChangesList().stream()
        .map(c -> c.getField() + ": [" + c.getOldValue() + "] -> [" + c.getNewValue() + "]")
        .toList();
  }
}
