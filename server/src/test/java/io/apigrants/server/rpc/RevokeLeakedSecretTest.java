package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.AuditEvent;
import io.apigrants.v1.Grant;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.RevokeLeakedSecretResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestServer.Store.class)
class RevokeLeakedSecretTest {
  private static final String PREFIX = "wk_secret:";

  private static SecretScenario scenario;

  @Parameter
  TestServer.Store store;

  private final String org = GrantRows.newOrg();

  @BeforeParameterizedClassInvocation
  static void startServer(TestServer.Store store) {
    scenario = SecretScenario.start(store);
  }

  @AfterParameterizedClassInvocation
  static void stopServer() {
    scenario.close();
  }

  @Test
  void reportedCurrentSecretStopsAndTheGrantIsInvalidated() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    report(org, secret, "secret-scanner", "https://paste.example/abc");

    assertThat(scenario.verify(org, secret, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
    assertThat(scenario.listMyGrants(org, "alice").getGrants(0).getSecretState())
        .isEqualTo(Grant.SecretState.INVALIDATED);
  }

  @Test
  void ownerCanRegenerateAfterALeak() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    report(org, scenario.regenerate(org, "alice", grantId).getSecret(), "scanner", "");

    String fresh = scenario.regenerate(org, "alice", grantId).getSecret();

    assertThat(scenario.verify(org, fresh, "10.0.0.1").getActive()).isTrue();
  }

  @Test
  void reportedGraceSecretStopsButTheCurrentOneKeepsWorking() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String previous = scenario.regenerate(org, "alice", grantId).getSecret();
    String current = scenario.regenerate(org, "alice", grantId, Duration.ofHours(1)).getSecret();

    report(org, previous, "scanner", "");

    assertThat(scenario.verify(org, previous, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
    assertThat(scenario.verify(org, current, "10.0.0.1").getActive()).isTrue();
    assertThat(scenario.listMyGrants(org, "alice").getGrants(0).getSecretState())
        .isEqualTo(Grant.SecretState.ACTIVE);
  }

  @Test
  void answerIsTheSameWhetherOrNotTheSecretWasLive() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String live = scenario.regenerate(org, "alice", grantId).getSecret();
    String neverIssued = new SecretFormat("wk_secret:").generate().text();

    String othersLive = scenario.regenerate(org, "bob",
        scenario.rows().grant(org, "bob").insert()).getSecret();

    List<RevokeLeakedSecretResponse> answers = List.of(
        report(org, live, "scanner", ""),
        report(org, live, "scanner", ""),
        report(org, neverIssued, "scanner", ""),
        report(org, "wk_secret:garbage", "scanner", ""),
        report(GrantRows.newOrg(), othersLive, "scanner", ""));

    assertThat(answers).containsOnly(RevokeLeakedSecretResponse.getDefaultInstance());
  }

  @Test
  void reportOfALiveSecretIsOneEventNamingTheGrantAndTheHint() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    report(org, secret, "secret-scanner", "https://paste.example/raw?key=" + secret);

    AuditEvent event = singleLeakReport(org);
    assertThat(event.getActor()).isEqualTo("svc-gateway");
    assertThat(event.getTarget()).isEqualTo(GrantNames.format(grantId));
    assertThat(changesOf(event)).containsOnlyKeys("reporter", "location", "outcome",
            "revoked_secret_hint", "secret_state")
        .containsEntry("reporter", "secret-scanner")
        .containsEntry("location", "https://paste.example/raw?key=wk_secret:[reported secret]")
        .containsEntry("outcome", "revoked")
        .containsEntry("revoked_secret_hint", hintOf(secret))
        .containsEntry("secret_state", "INVALIDATED");
    assertHoldsNeitherSecretNorHash(event, secret);
  }

  @Test
  void reportOfAnUnknownSecretIsOneEventWithoutGrantOrHint() {
    String neverIssued = new SecretFormat(PREFIX).generate().text();

    report(org, neverIssued, "secret-scanner", "https://paste.example/" + neverIssued);

    AuditEvent event = singleLeakReport(org);
    assertThat(event.getTarget()).isEmpty();
    assertThat(changesOf(event)).containsOnlyKeys("reporter", "location", "outcome")
        .containsEntry("reporter", "secret-scanner")
        .containsEntry("location", "https://paste.example/wk_secret:[reported secret]")
        .containsEntry("outcome", "not_live");
    assertHoldsNeitherSecretNorHash(event, neverIssued);
  }

  @Test
  void reportOfAnAlreadyRevokedSecretIsOneMoreEventWithoutGrantOrHint() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    report(org, secret, "secret-scanner", "");

    report(org, secret, "secret-scanner", "");

    List<AuditEvent> events = leakReports(org);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).getTarget()).isEmpty();
    assertThat(changesOf(events.get(0))).containsOnlyKeys("reporter", "outcome")
        .containsEntry("outcome", "not_live");
    assertHoldsNeitherSecretNorHash(events.get(0), secret);
  }

  @Test
  void reportOfAMalformedSecretIsOneEventSayingSoAndRevokesNothing() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    String mistyped = secret.substring(0, secret.length() - 1) + (secret.endsWith("a") ? "b" : "a");
    String mistypedBody = mistyped.substring(PREFIX.length());

    report(org, mistyped, "scanner " + mistypedBody, "https://paste.example/?k=" + mistyped);

    AuditEvent event = singleLeakReport(org);
    assertThat(event.getTarget()).isEmpty();
    assertThat(changesOf(event)).containsOnlyKeys("reporter", "location", "outcome")
        .containsEntry("reporter", "scanner [reported secret]")
        .containsEntry("outcome", "malformed");
    assertThat(event.toString()).doesNotContain(mistypedBody);
    assertThat(scenario.verify(org, secret, "10.0.0.1").getActive()).isTrue();
  }

  @Test
  void reportOfAnotherOrganisationsLiveSecretRevokesItAndTellsTheReporterNothingMore() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    String reportingOrg = GrantRows.newOrg();
    String comparisonOrg = GrantRows.newOrg();

    report(reportingOrg, secret, "partner-scanner", "https://paste.example/");
    report(comparisonOrg, new SecretFormat(PREFIX).generate().text(), "partner-scanner",
        "https://paste.example/");

    AuditEvent reporters = singleLeakReport(reportingOrg);
    AuditEvent unknownSecrets = singleLeakReport(comparisonOrg);
    AuditEvent owners = singleLeakReport(org);
    assertThat(scenario.verify(org, secret, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
    assertThat(reporters.getTarget()).isEmpty();
    assertThat(unknownSecrets.getTarget()).isEmpty();
    assertThat(changesOf(reporters)).isEqualTo(changesOf(unknownSecrets))
        .containsEntry("outcome", "not_live");
    assertHoldsNeitherSecretNorHash(reporters, secret);
    assertThat(owners.getTarget()).isEqualTo(GrantNames.format(grantId));
    assertThat(changesOf(owners)).containsEntry("reporter_org", reportingOrg)
        .containsEntry("outcome", "revoked")
        .containsEntry("revoked_secret_hint", hintOf(secret));
    assertHoldsNeitherSecretNorHash(owners, secret);
  }

  @Test
  void missingSecretAndReporterAndOverlongLocationAreNamedTogether() {
    RevokeLeakedSecretRequest request = RevokeLeakedSecretRequest.newBuilder()
        .setReporter(" ")
        .setLocation("x".repeat(2001))
        .build();

    StatusRuntimeException failure =
        failureOf(() -> scenario.server().verifier(org).revokeLeakedSecret(request));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly("secret", "reporter", "location");
  }

  @Test
  void overlongReporterIsInvalidAndRevokesNothing() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    StatusRuntimeException failure = failureOf(() -> report(org, secret, "r".repeat(201), ""));

    assertThat(badRequestFields(failure)).containsExactly("reporter");
    assertThat(scenario.verify(org, secret, "10.0.0.1").getActive()).isTrue();
  }

  private static RevokeLeakedSecretResponse report(String callerOrg, String secret,
      String reporter, String location) {
    return scenario.server().verifier(callerOrg).revokeLeakedSecret(
        RevokeLeakedSecretRequest.newBuilder()
            .setSecret(secret)
            .setReporter(reporter)
            .setLocation(location)
            .build());
  }

  /** The leak reports an admin of {@code org} sees in its audit trail, newest first. */
  private static List<AuditEvent> leakReports(String org) {
    return scenario.server().admin(org, "root")
        .listAuditEvents(ListAuditEventsRequest.newBuilder().setPageSize(100).build())
        .getAuditEventsList()
        .stream()
        .filter(event -> event.getAction().equals("grant.secret.leak_report"))
        .toList();
  }

  private static AuditEvent singleLeakReport(String org) {
    List<AuditEvent> events = leakReports(org);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  /** Each changed field's new value. */
  private static Map<String, String> changesOf(AuditEvent event) {
    return event.getChangesList().stream()
        .collect(Collectors.toMap(change -> change.getField(), change -> change.getNewValue()));
  }

  private static String hintOf(String secret) {
    return secret.substring(PREFIX.length(), PREFIX.length() + 6);
  }

  private static void assertHoldsNeitherSecretNorHash(AuditEvent event, String secret) {
    Secret parsed = new SecretFormat(PREFIX).parse(secret).orElseThrow();
    String hash = new SecretHasher(new PepperRing(List.of(TestServer.PEPPER)))
        .hashForStorage(parsed).value();
    assertThat(event.toString()).doesNotContain(secret.substring(PREFIX.length()))
        .doesNotContain(hash);
  }
}
