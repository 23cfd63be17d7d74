package io.apigrants.server.rpc;

import static io.apigrants.server.store.schema.Tables.AUDIT_CHANGE;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;
import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.store.schema.tables.records.AuditEventRecord;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.Grant;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.RevokeLeakedSecretResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestServer.Store.class)
class RevokeLeakedSecretTest {
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

    List<RevokeLeakedSecretResponse> answers = List.of(
        report(org, live, "scanner", ""),
        report(org, live, "scanner", ""),
        report(org, neverIssued, "scanner", ""),
        report(org, "wk_secret:garbage", "scanner", ""));

    assertThat(answers).containsOnly(RevokeLeakedSecretResponse.getDefaultInstance());
  }

  @Test
  void reportIsAuditedWithReporterAndLocationButNeverTheSecret() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    String body = secret.substring("wk_secret:".length());

    report(org, secret, "secret-scanner", "https://paste.example/raw?key=" + secret);

    AuditEventRecord event = latestAuditEvent(org);
    Map<String, String> changes = changesOf(event);
    assertThat(event.getAction()).isEqualTo("grant.secret.leak_report");
    assertThat(event.getActor()).isEqualTo("svc-gateway");
    assertThat(event.getTarget()).isEqualTo(GrantNames.format(grantId));
    assertThat(changes).containsEntry("reporter", "secret-scanner")
        .containsEntry("secret_state", "INVALIDATED")
        .containsEntry("revoked_secret_hint", body.substring(0, 6))
        .doesNotContainKey("reporter_org");
    assertThat(changes.get("location")).startsWith("https://paste.example/raw?key=")
        .doesNotContain(body);
  }

  @Test
  void verifierOfAnotherOrganisationCanReportAndTheGrantsOrganisationHearsOfIt() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    String reportingOrg = GrantRows.newOrg();

    report(reportingOrg, secret, "partner-scanner", "");

    assertThat(scenario.verify(org, secret, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
    assertThat(changesOf(latestAuditEvent(org))).containsEntry("reporter_org", reportingOrg);
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

  private static AuditEventRecord latestAuditEvent(String org) {
    return dsl().selectFrom(AUDIT_EVENT)
        .where(AUDIT_EVENT.ORG_ID.eq(org))
        .orderBy(AUDIT_EVENT.ID.desc())
        .limit(1)
        .fetchOne();
  }

  private static Map<String, String> changesOf(AuditEventRecord event) {
    return dsl().selectFrom(AUDIT_CHANGE)
        .where(AUDIT_CHANGE.EVENT_ID.eq(event.getId()))
        .fetch()
        .stream()
        .collect(Collectors.toMap(c -> c.getField(), c -> String.valueOf(c.getNewValue())));
  }

  private static DSLContext dsl() {
    return scenario.server().server().database().dsl();
  }
}
