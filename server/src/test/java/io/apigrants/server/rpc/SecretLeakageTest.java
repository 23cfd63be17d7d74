package io.apigrants.server.rpc;

import static io.apigrants.server.store.schema.Tables.AUDIT_CHANGE;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;
import static io.apigrants.server.testing.Statuses.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.Duration;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHash;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.ListMyGrantsResponse;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RegenerateSecretResponse;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.VerifySecretResponse;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole life of a secret with logging turned up to DEBUG and proves that no secret, no
 * near-miss of one and no stored hash reaches a log line or an audit record.
 */
@ParameterizedClass
@EnumSource(TestServer.Store.class)
class SecretLeakageTest {
  private static final String PREFIX = "wk_secret:";

  private static SecretScenario scenario;

  @Parameter
  TestServer.Store store;

  private final String org = GrantRows.newOrg();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Level rootLevel;
  private Level appLevel;

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
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger app = context.getLogger("io.apigrants");
    rootLevel = root.getLevel();
    appLevel = app.getLevel();
    // What an operator gets with APIGRANTS_LOG_LEVEL=DEBUG.
    root.setLevel(Level.DEBUG);
    app.setLevel(Level.DEBUG);
    logs.setContext(context);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(rootLevel);
    context.getLogger("io.apigrants").setLevel(appLevel);
    logs.stop();
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
    codeOf(() -> scenario.verify(org, second, "not-an-ip"));
    scenario.server().verifier(org).revokeLeakedSecret(RevokeLeakedSecretRequest.newBuilder()
        .setSecret(first)
        .setReporter("scanner " + first)
        .setLocation("https://paste.example/?k=" + first)
        .build());
    scenario.server().verifier(org).revokeLeakedSecret(RevokeLeakedSecretRequest.newBuilder()
        .setSecret(second)
        .setReporter("alice")
        .build());
    codeOf(() -> scenario.regenerate(org, "bob", grantId));
    codeOf(() -> scenario.server().user(org, "alice").regenerateSecret(
        RegenerateSecretRequest.newBuilder()
            .setName(GrantNames.format(grantId))
            .setPreviousSecretTtl(Duration.newBuilder().setSeconds(-5))
            .build()));
    String third = scenario.regenerate(org, "alice", grantId).getSecret();
    secrets.add(third);
    storedHashes.addAll(storedHashes(grantId));
    scenario.rows().setUserDisabled(org, "alice", true);
    scenario.verify(org, third, "10.1.1.1");
    codeOf(() -> scenario.regenerate(org, "alice", grantId));
    scenario.listMyGrants(org, "alice");
    scenario.server().server().flushLastUse();

    List<String> forbidden = Stream.concat(
        secrets.stream().map(secret -> secret.substring(PREFIX.length())),
        storedHashes.stream()).toList();
    String logText = String.join("\n", logs.list.stream().map(SecretLeakageTest::render).toList());
    String auditText = auditText(org);
    assertThat(logText).contains("regenerated the secret of " + GrantNames.format(grantId));
    assertThat(auditText).contains("grant.secret.regenerate", "grant.secret.leak_report");
    assertThat(storedHashes).hasSize(3).doesNotHaveDuplicates();
    for (String secretMaterial : forbidden) {
      assertThat(logText).doesNotContain(secretMaterial);
      assertThat(auditText).doesNotContain(secretMaterial);
    }
  }

  @Test
  void toStringOfGrantsListsAndSecretTypesNeverShowsTheSecret() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    RegenerateSecretResponse response = scenario.regenerate(org, "alice", grantId);
    String body = response.getSecret().substring(PREFIX.length());
    Secret parsed = new SecretFormat(PREFIX).parse(response.getSecret()).orElseThrow();
    // The pepper TestServer configures; the last assertion checks it is the one in use.
    SecretHash hash = new SecretHasher(new PepperRing(List.of(TestServer.PEPPER)))
        .hashForStorage(parsed);

    ListMyGrantsResponse list = scenario.listMyGrants(org, "alice");
    VerifySecretResponse verified = scenario.verify(org, response.getSecret(), "10.0.0.1");
    RegenerateSecretRequest request = RegenerateSecretRequest.newBuilder()
        .setName(GrantNames.format(grantId))
        .build();

    assertThat(verified.getActive()).isTrue();
    assertThat(List.of(response.getGrant().toString(), list.toString(), verified.toString(),
        request.toString(), parsed.toString(), hash.toString()))
        .allSatisfy(text -> assertThat(text).doesNotContain(body));
    assertThat(hash.toString()).doesNotContain(hash.value());
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

  private static String render(ILoggingEvent event) {
    String thrown = event.getThrowableProxy() == null
        ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
    return event.getLoggerName() + " " + event.getFormattedMessage() + " " + thrown
        + " " + event.getMDCPropertyMap();
  }

  private static DSLContext dsl() {
    return scenario.server().server().database().dsl();
  }
}
