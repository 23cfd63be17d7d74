package io.apigrants.server.rpc;

import static io.apigrants.server.store.schema.Tables.AUDIT_CHANGE;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;
import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static io.apigrants.server.testing.Statuses.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHash;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.LogCapture;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.Statuses;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.ListAuditEventsResponse;
import io.apigrants.v1.ListGrantsRequest;
import io.apigrants.v1.ListGrantsResponse;
import io.apigrants.v1.ListMyGrantsRequest;
import io.apigrants.v1.ListMyGrantsResponse;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RegenerateSecretResponse;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the whole life of a secret with logging turned up to DEBUG and proves that no secret, no
 * near-miss of one and no stored hash reaches a log line, an audit record, an error the caller
 * sees, or the text of a message that is not the regenerate response.
 */
@ParameterizedClass
@EnumSource(TestServer.Store.class)
class SecretLeakageTest {
  private static final String PREFIX = "wk_secret:";

  private static SecretScenario scenario;

  @Parameter
  TestServer.Store store;

  private final String org = GrantRows.newOrg();
  private final List<String> failures = new ArrayList<>();
  private LogCapture logs;

  @BeforeParameterizedClassInvocation
  static void startServer(TestServer.Store store) {
    scenario = SecretScenario.start(store);
  }

  @AfterParameterizedClassInvocation
  static void stopServer() {
    scenario.close();
  }

  @BeforeEach
  void captureEveryLogLine() {
    logs = LogCapture.start();
  }

  @AfterEach
  void stopCapturing() {
    logs.close();
  }

  @Test
  void wholeStoryLeavesNoSecretInLogsOrAuditRecords() {
    List<String> secrets = new ArrayList<>();
    List<String> storedHashes = new ArrayList<>();
    UUID grantId = scenario.rows().grant(org, "alice").ipAllowlist("10.0.0.0/8").insert();
    scenario.rows().user(org, "bob");

    String first = scenario.regenerate(org, "alice", grantId).getSecret();
    secrets.add(first);
    storedHashes.addAll(storedHashes(grantId));
    assertThat(scenario.verify(org, first, "10.1.1.1", "spreadsheets.read").getActive()).isTrue();
    scenario.verify(org, first, "192.0.2.1");
    scenario.verify(org, first, "10.1.1.1", "calendar.write");
    String second =
        scenario.regenerate(org, "alice", grantId, java.time.Duration.ofHours(1)).getSecret();
    secrets.add(second);
    storedHashes.addAll(storedHashes(grantId));
    scenario.verify(org, first, "10.1.1.1");
    String mistyped = second.substring(0, second.length() - 1)
        + (second.endsWith("a") ? "b" : "a");
    secrets.add(mistyped);
    scenario.verify(org, mistyped, "10.1.1.1");
    assertThat(failureCode(() -> scenario.verify(org, second, "not-an-ip")))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    scenario.server().verifier(org).revokeLeakedSecret(RevokeLeakedSecretRequest.newBuilder()
        .setSecret(first)
        .setReporter("scanner " + first)
        .setLocation("https://paste.example/?k=" + first)
        .build());
    scenario.server().verifier(org).revokeLeakedSecret(RevokeLeakedSecretRequest.newBuilder()
        .setSecret(second)
        .setReporter("alice")
        .build());
    assertThat(failureCode(() -> scenario.regenerate(org, "bob", grantId)))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failureCode(() -> scenario.server().user(org, "alice").regenerateSecret(
        RegenerateSecretRequest.newBuilder()
            .setName(GrantNames.format(grantId))
            .setPreviousSecretTtl(Duration.newBuilder().setSeconds(-5))
            .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    String third = scenario.regenerate(org, "alice", grantId).getSecret();
    secrets.add(third);
    storedHashes.addAll(storedHashes(grantId));
    scenario.rows().setUserDisabled(org, "alice", true);
    scenario.verify(org, third, "10.1.1.1");
    assertThat(failureCode(() -> scenario.regenerate(org, "alice", grantId)))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    scenario.listMyGrants(org, "alice");
    scenario.server().server().flushLastUse();

    List<String> forbidden = Stream.concat(
        secrets.stream().map(secret -> secret.substring(PREFIX.length())),
        storedHashes.stream()).toList();
    String logText = logs.text();
    String auditText = auditText(org);
    String failureText = String.join("\n", failures);
    assertThat(logText).contains("regenerated the secret of " + GrantNames.format(grantId));
    assertThat(auditText).contains("grant.secret.regenerate", "grant.secret.leak_report");
    assertThat(failureText).contains("client_ip", "previous_secret_ttl");
    assertThat(storedHashes).hasSize(3).doesNotHaveDuplicates();
    for (String secretMaterial : forbidden) {
      assertThat(logText).doesNotContain(secretMaterial);
      assertThat(auditText).doesNotContain(secretMaterial);
      assertThat(failureText).doesNotContain(secretMaterial);
    }
  }

  @Test
  void toStringOfGrantsListsAndSecretTypesNeverShowsTheSecret() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String name = GrantNames.format(grantId);
    RegenerateSecretResponse response = scenario.regenerate(org, "alice", grantId);
    String body = response.getSecret().substring(PREFIX.length());
    Secret parsed = new SecretFormat(PREFIX).parse(response.getSecret()).orElseThrow();
    // The pepper TestServer configures; the last assertion checks it is the one in use.
    SecretHash hash = new SecretHasher(new PepperRing(List.of(TestServer.PEPPER)))
        .hashForStorage(parsed);
    GrantAdminGrpc.GrantAdminBlockingStub admin = scenario.server().admin(org, "root");
    GetGrantRequest getRequest = GetGrantRequest.newBuilder().setName(name).build();
    ListGrantsRequest listRequest = ListGrantsRequest.newBuilder().setUsername("alice").build();
    UpdateGrantRequest updateRequest = UpdateGrantRequest.newBuilder()
        .setGrant(Grant.newBuilder().setName(name).setClientName("nightly export v2"))
        .setUpdateMask(mask("client_name"))
        .build();
    ListAuditEventsRequest auditRequest =
        ListAuditEventsRequest.newBuilder().setTarget(name).build();
    RegenerateSecretRequest regenerateRequest =
        RegenerateSecretRequest.newBuilder().setName(name).build();

    ListMyGrantsResponse myGrants = scenario.listMyGrants(org, "alice");
    VerifySecretResponse verified = scenario.verify(org, response.getSecret(), "10.0.0.1");
    Grant got = admin.getGrant(getRequest);
    ListGrantsResponse listed = admin.listGrants(listRequest);
    Grant updated = admin.updateGrant(updateRequest);
    ListAuditEventsResponse audited = admin.listAuditEvents(auditRequest);

    assertThat(verified.getActive()).isTrue();
    assertThat(got.getSecretHint()).isEqualTo(parsed.hint());
    assertThat(listed.getGrantsList()).extracting(Grant::getName).containsExactly(name);
    assertThat(updated.getClientName()).isEqualTo("nightly export v2");
    assertThat(audited.getAuditEventsList()).extracting(event -> event.getAction())
        .contains("grant.secret.regenerate", "grant.update");
    assertThat(List.of(response.getGrant().toString(), regenerateRequest.toString(),
        ListMyGrantsRequest.getDefaultInstance().toString(), myGrants.toString(),
        verified.toString(), getRequest.toString(), got.toString(), listRequest.toString(),
        listed.toString(), updateRequest.toString(), updated.toString(), auditRequest.toString(),
        audited.toString(), parsed.toString(), hash.toString()))
        .allSatisfy(text -> assertThat(text).doesNotContain(body).doesNotContain(hash.value()));
    assertThat(storedHashes(grantId)).containsExactly(hash.value());
  }

  @Test
  void inactiveAnswersCarryNothingButTheReason() {
    UUID grantId = scenario.rows().grant(org, "alice").ipAllowlist("10.0.0.0/8").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    VerifySecretResponse response = scenario.verify(org, secret, "192.0.2.1");

    assertThat(response).isEqualTo(VerifySecretResponse.newBuilder()
        .setReason(InactiveReason.IP_NOT_ALLOWED)
        .build());
  }

  private static List<String> storedHashes(UUID grantId) {
    return dsl().select(GRANT_SECRET.SECRET_HASH)
        .from(GRANT_SECRET)
        .where(GRANT_SECRET.GRANT_ID.eq(grantId))
        .and(GRANT_SECRET.SLOT.eq((short) 0))
        .fetch(GRANT_SECRET.SECRET_HASH);
  }

  private static String auditText(String org) {
    StringBuilder text = new StringBuilder();
    dsl().selectFrom(AUDIT_EVENT)
        .where(AUDIT_EVENT.ORG_ID.eq(org))
        .fetch()
        .forEach(event -> text.append(event.formatCSV()).append('\n'));
    dsl().select(AUDIT_CHANGE.fields())
        .from(AUDIT_CHANGE)
        .join(AUDIT_EVENT)
        .on(AUDIT_EVENT.ID.eq(AUDIT_CHANGE.EVENT_ID))
        .where(AUDIT_EVENT.ORG_ID.eq(org))
        .fetch()
        .forEach(change -> text.append(change.formatCSV()).append('\n'));
    return text.toString();
  }

  /** The code {@code call} failed with; what the caller was told is kept for the search. */
  private Status.Code failureCode(Runnable call) {
    StatusRuntimeException failure = failureOf(call);
    failures.add(Statuses.describe(failure));
    return failure.getStatus().getCode();
  }

  private static DSLContext dsl() {
    return scenario.server().server().database().dsl();
  }
}
