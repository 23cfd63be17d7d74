package io.apigrants.server.rpc;

import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static io.apigrants.server.testing.Statuses.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.testing.LogCapture;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.AuditEvent;
import io.apigrants.v1.Grant;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.ListAuditEventsResponse;
import io.apigrants.v1.ListGrantsRequest;
import io.apigrants.v1.ListGrantsResponse;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole life of a secret through real channels and real tokens, every step an RPC: an admin
 * sets a grant up, its user regenerates, a service verifies, and every later change by the
 * admin or the user gives the documented answer. Logs are captured at DEBUG throughout and the
 * audit trail read at the end; no secret may appear in either.
 */
class SecretStoryTest {
  private static final String IP = "10.1.2.3";
  private static final String READ = "spreadsheets.read";

  @ParameterizedTest
  @EnumSource(Store.class)
  void theWholeStoryGivesTheDocumentedAnswersAndLeaksNoSecret(Store store) {
    List<String> secrets = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    LogCapture logs = LogCapture.start();
    try (logs; SecretScenario scenario = SecretScenario.start(store)) {
      MutableClock clock = scenario.clock();
      AdminFixture org = AdminFixture.seeded(scenario.server(), clock);
      Grant created = org.create(org.grant()
          .addScopes("files.read")
          .addIpAllowlist("10.0.0.0/8"));
      UUID id = GrantNames.parse(created.getName(), "name");
      seen.add(created.toString());

      String first = regenerate(scenario, org, "alice", id, Duration.ZERO, secrets);
      assertThat(first).startsWith("wk_secret:");
      String hint = first.substring("wk_secret:".length(), "wk_secret:".length() + 6);
      seen.addAll(adminSeesTheActiveSecretByItsHintOnly(org, created.getName(), hint));
      VerifySecretResponse active = verify(scenario, org, first, IP, READ);
      assertThat(active).isEqualTo(VerifySecretResponse.newBuilder()
          .setActive(true)
          .setGrant(created.getName())
          .setClientId(created.getClientId())
          .setOrg(org.org)
          .setWorkspace("main")
          .setUsername("alice")
          .addScopes("files.read")
          .addScopes(READ)
          .setExpireTime(created.getExpireTime())
          .build());
      assertThat(reason(scenario, org, first, "192.0.2.1", READ))
          .isEqualTo(InactiveReason.IP_NOT_ALLOWED);
      assertThat(reason(scenario, org, first, IP, "spreadsheets.write"))
          .isEqualTo(InactiveReason.MISSING_SCOPE);
      assertThat(codeOf(() -> scenario.regenerate(org.org, "bob", id)))
          .isEqualTo(Status.Code.NOT_FOUND);

      String second = regenerate(scenario, org, "alice", id, Duration.ZERO, secrets);
      assertThat(reason(scenario, org, first, IP, READ)).isEqualTo(InactiveReason.UNKNOWN);

      String third = regenerate(scenario, org, "alice", id, Duration.ofMinutes(10), secrets);
      assertThat(verify(scenario, org, second, IP, READ).getActive()).isTrue();
      assertThat(verify(scenario, org, third, IP, READ).getActive()).isTrue();
      clock.advance(Duration.ofMinutes(11));
      assertThat(reason(scenario, org, second, IP, READ)).isEqualTo(InactiveReason.UNKNOWN);
      assertThat(verify(scenario, org, third, IP, READ).getActive()).isTrue();

      Grant moved = org.admin.updateGrant(UpdateGrantRequest.newBuilder()
          .setGrant(Grant.newBuilder().setName(created.getName()).setUsername("bob"))
          .setUpdateMask(mask("username"))
          .build());
      seen.add(moved.toString());
      assertThat(reason(scenario, org, third, IP, READ)).isEqualTo(InactiveReason.UNKNOWN);
      assertThat(codeOf(() -> scenario.regenerate(org.org, "alice", id)))
          .isEqualTo(Status.Code.NOT_FOUND);
      String bobs = regenerate(scenario, org, "bob", id, Duration.ZERO, secrets);
      assertThat(verify(scenario, org, bobs, IP, READ).getUsername()).isEqualTo("bob");

      org.admin.disableGrant(DisableGrantRequest.newBuilder().setName(created.getName()).build());
      assertThat(reason(scenario, org, bobs, IP, READ)).isEqualTo(InactiveReason.GRANT_DISABLED);
      org.admin.enableGrant(EnableGrantRequest.newBuilder().setName(created.getName()).build());
      setUserState(org, "bob", User.State.DISABLED);
      assertThat(reason(scenario, org, bobs, IP, READ)).isEqualTo(InactiveReason.USER_DISABLED);
      setUserState(org, "bob", User.State.ACTIVE);
      assertThat(verify(scenario, org, bobs, IP, READ).getActive()).isTrue();

      clock.advance(Duration.ofDays(31));
      assertThat(reason(scenario, org, bobs, IP, READ)).isEqualTo(InactiveReason.EXPIRED);
      org.admin.deleteGrant(DeleteGrantRequest.newBuilder().setName(created.getName()).build());
      assertThat(reason(scenario, org, bobs, IP, READ)).isEqualTo(InactiveReason.UNKNOWN);

      seen.add(org.admin.listGrants(ListGrantsRequest.getDefaultInstance()).toString());
      seen.add(org.admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
          .setPageSize(1000).build()).toString());
      assertThat(codeOf(() -> org.admin.getGrant(
          GetGrantRequest.newBuilder().setName(created.getName()).build())))
          .isEqualTo(Status.Code.NOT_FOUND);
    }

    assertThat(secrets).hasSize(4).doesNotHaveDuplicates();
    assertThat(logs.lines()).isNotEmpty();
    logs.lines().forEach(line -> seen.add(line.text()));
    for (String secret : secrets) {
      String randomPart = secret.substring("wk_secret:".length());
      assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(randomPart));
    }
  }

  /**
   * What the admin sees of the grant once its secret is live: GetGrant, ListGrants and the
   * audit trail show the state and the hint; returns their text, to be searched for the secret.
   */
  private static List<String> adminSeesTheActiveSecretByItsHintOnly(AdminFixture org,
      String name, String hint) {
    Grant got = org.admin.getGrant(GetGrantRequest.newBuilder().setName(name).build());
    ListGrantsResponse listed = org.admin.listGrants(ListGrantsRequest.getDefaultInstance());
    ListAuditEventsResponse audited = org.admin.listAuditEvents(
        ListAuditEventsRequest.newBuilder().setTarget(name).build());

    assertThat(got.getSecretState()).isEqualTo(Grant.SecretState.ACTIVE);
    assertThat(got.getSecretHint()).isEqualTo(hint);
    assertThat(listed.getGrantsList()).singleElement().isEqualTo(got);
    AuditEvent regenerated = audited.getAuditEvents(0);
    assertThat(regenerated.getAction()).isEqualTo("grant.secret.regenerate");
    assertThat(regenerated.getChangesList())
        .anySatisfy(change -> {
          assertThat(change.getField()).isEqualTo("secret_hint");
          assertThat(change.getNewValue()).isEqualTo(hint);
        })
        .anySatisfy(change -> {
          assertThat(change.getField()).isEqualTo("secret_state");
          assertThat(change.getNewValue()).isEqualTo("ACTIVE");
        });
    return List.of(got.toString(), listed.toString(), audited.toString());
  }

  private static String regenerate(SecretScenario scenario, AdminFixture org, String username,
      UUID id, Duration grace, List<String> secrets) {
    String secret = scenario.regenerate(org.org, username, id, grace).getSecret();
    secrets.add(secret);
    return secret;
  }

  private static VerifySecretResponse verify(SecretScenario scenario, AdminFixture org,
      String secret, String ip, String scope) {
    return scenario.verify(org.org, secret, ip, scope);
  }

  private static InactiveReason reason(SecretScenario scenario, AdminFixture org, String secret,
      String ip, String scope) {
    VerifySecretResponse answer = verify(scenario, org, secret, ip, scope);
    assertThat(answer.getActive()).isFalse();
    return answer.getReason();
  }

  private static void setUserState(AdminFixture org, String username, User.State state) {
    org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder()
            .setUsername(username)
            .setDisplayName(username.toUpperCase())
            .setState(state))
        .build());
  }
}
