package io.apigrants.server.rpc;

import static io.apigrants.server.store.schema.Tables.AUDIT_CHANGE;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;
import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.codeOf;
import static io.apigrants.server.testing.Statuses.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.Grant;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RegenerateSecretResponse;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import java.time.Instant;
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
class RegenerateSecretTest {
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
  void regenerateReturnsAPrefixedSecretThatVerifies() {
    UUID grantId = scenario.rows().grant(org, "alice")
        .scopes("spreadsheets.read", "spreadsheets.write")
        .ipAllowlist("10.0.0.0/8")
        .insert();

    RegenerateSecretResponse response = scenario.regenerate(org, "alice", grantId);
    VerifySecretResponse verified =
        scenario.verify(org, response.getSecret(), "10.20.30.40", "spreadsheets.read");

    assertThat(response.getSecret()).startsWith("wk_secret:");
    assertThat(response.getGrant().getName()).isEqualTo(GrantNames.format(grantId));
    assertThat(response.getGrant().getSecretState()).isEqualTo(Grant.SecretState.ACTIVE);
    assertThat(response.getGrant().getSecretHint())
        .isEqualTo(response.getSecret().substring("wk_secret:".length(), 16));
    assertThat(response.getGrant().hasSecretCreateTime()).isTrue();
    assertThat(response.getGrant().hasPreviousSecretExpireTime()).isFalse();
    assertThat(verified.getActive()).isTrue();
    assertThat(verified.getGrant()).isEqualTo(GrantNames.format(grantId));
    assertThat(verified.getClientId()).isEqualTo(response.getGrant().getClientId());
    assertThat(verified.getOrg()).isEqualTo(org);
    assertThat(verified.getWorkspace()).isEqualTo(GrantRows.WORKSPACE_ID);
    assertThat(verified.getUsername()).isEqualTo("alice");
    assertThat(verified.getScopesList())
        .containsExactly("spreadsheets.read", "spreadsheets.write");
    assertThat(verified.getExpireTime()).isEqualTo(response.getGrant().getExpireTime());
  }

  @Test
  void regenerateChangesTheEtag() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String etagBefore = scenario.listMyGrants(org, "alice").getGrants(0).getEtag();

    RegenerateSecretResponse first = scenario.regenerate(org, "alice", grantId);
    RegenerateSecretResponse second = scenario.regenerate(org, "alice", grantId);

    assertThat(first.getGrant().getEtag()).isNotEqualTo(etagBefore);
    assertThat(second.getGrant().getEtag()).isNotEqualTo(first.getGrant().getEtag());
  }

  @Test
  void anotherUserCannotRegenerate() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    scenario.rows().user(org, "bob");

    Status.Code code = codeOf(() -> scenario.regenerate(org, "bob", grantId));

    assertThat(code).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(scenario.listMyGrants(org, "alice").getGrants(0).getSecretState())
        .isEqualTo(Grant.SecretState.NONE);
  }

  @Test
  void sameUsernameOfAnotherOrganisationCannotRegenerate() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String otherOrg = GrantRows.newOrg();
    scenario.rows().user(otherOrg, "alice");

    Status.Code code = codeOf(() -> scenario.regenerate(otherOrg, "alice", grantId));

    assertThat(code).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void regenerateOfAGrantThatDoesNotExistIsNotFound() {
    scenario.rows().user(org, "alice");

    Status.Code code = codeOf(() -> scenario.regenerate(org, "alice", UUID.randomUUID()));

    assertThat(code).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void secondRegenerateInvalidatesTheFirstSecret() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String first = scenario.regenerate(org, "alice", grantId).getSecret();

    String second = scenario.regenerate(org, "alice", grantId).getSecret();

    assertThat(scenario.verify(org, first, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
    assertThat(scenario.verify(org, second, "10.0.0.1").getActive()).isTrue();
  }

  @Test
  void gracePeriodKeepsThePreviousSecretUntilItEnds() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String first = scenario.regenerate(org, "alice", grantId).getSecret();
    Instant graceEnd = scenario.clock().instant().plus(java.time.Duration.ofHours(1));

    RegenerateSecretResponse rotated =
        scenario.regenerate(org, "alice", grantId, java.time.Duration.ofHours(1));
    boolean firstDuringGrace = scenario.verify(org, first, "10.0.0.1").getActive();
    boolean secondDuringGrace = scenario.verify(org, rotated.getSecret(), "10.0.0.1").getActive();
    scenario.clock().advance(java.time.Duration.ofHours(1));

    assertThat(rotated.getGrant().getPreviousSecretExpireTime())
        .isEqualTo(GrantMessages.timestamp(graceEnd));
    assertThat(firstDuringGrace).isTrue();
    assertThat(secondDuringGrace).isTrue();
    assertThat(scenario.verify(org, first, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
    assertThat(scenario.verify(org, rotated.getSecret(), "10.0.0.1").getActive()).isTrue();
  }

  @Test
  void anotherRegenerateEndsAGracePeriodEarly() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String first = scenario.regenerate(org, "alice", grantId).getSecret();
    String second =
        scenario.regenerate(org, "alice", grantId, java.time.Duration.ofHours(1)).getSecret();

    String third = scenario.regenerate(org, "alice", grantId).getSecret();

    assertThat(scenario.verify(org, first, "10.0.0.1").getActive()).isFalse();
    assertThat(scenario.verify(org, second, "10.0.0.1").getActive()).isFalse();
    assertThat(scenario.verify(org, third, "10.0.0.1").getActive()).isTrue();
  }

  @Test
  void gracePeriodIsCappedByTheOrganisationPolicy() {
    scenario.rows().maxPreviousSecretTtl(org, java.time.Duration.ofMinutes(10));
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String first = scenario.regenerate(org, "alice", grantId).getSecret();
    Instant cappedEnd = scenario.clock().instant().plus(java.time.Duration.ofMinutes(10));

    RegenerateSecretResponse rotated =
        scenario.regenerate(org, "alice", grantId, java.time.Duration.ofHours(1));
    scenario.clock().advance(java.time.Duration.ofMinutes(10));

    assertThat(rotated.getGrant().getPreviousSecretExpireTime())
        .isEqualTo(GrantMessages.timestamp(cappedEnd));
    assertThat(scenario.verify(org, first, "10.0.0.1").getActive()).isFalse();
  }

  @Test
  void gracePeriodWithoutAPolicyIsCappedAtADay() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    scenario.regenerate(org, "alice", grantId);
    Instant dayLater = scenario.clock().instant().plus(java.time.Duration.ofDays(1));

    RegenerateSecretResponse rotated =
        scenario.regenerate(org, "alice", grantId, java.time.Duration.ofDays(3));

    assertThat(rotated.getGrant().getPreviousSecretExpireTime())
        .isEqualTo(GrantMessages.timestamp(dayLater));
  }

  @Test
  void gracePeriodNeverOutlastsTheGrant() {
    Instant grantExpiry = scenario.clock().instant().plus(java.time.Duration.ofMinutes(5));
    UUID grantId = scenario.rows().grant(org, "alice").expireTime(grantExpiry).insert();
    scenario.regenerate(org, "alice", grantId);

    RegenerateSecretResponse rotated =
        scenario.regenerate(org, "alice", grantId, java.time.Duration.ofHours(1));

    assertThat(rotated.getGrant().getPreviousSecretExpireTime())
        .isEqualTo(GrantMessages.timestamp(grantExpiry));
  }

  @Test
  void disabledGrantCannotRegenerate() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    scenario.rows().setGrantDisabled(grantId, true);

    Status.Code code = codeOf(() -> scenario.regenerate(org, "alice", grantId));

    assertThat(code).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void disabledUserCannotRegenerate() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    scenario.rows().setUserDisabled(org, "alice", true);

    Status.Code code = codeOf(() -> scenario.regenerate(org, "alice", grantId));

    assertThat(code).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void expiredGrantCannotRegenerate() {
    Instant expiry = scenario.clock().instant().plus(java.time.Duration.ofMinutes(1));
    UUID grantId = scenario.rows().grant(org, "alice").expireTime(expiry).insert();
    scenario.clock().advance(java.time.Duration.ofMinutes(1));

    Status.Code code = codeOf(() -> scenario.regenerate(org, "alice", grantId));

    assertThat(code).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void badNameAndNegativeTtlAreNamedTogether() {
    scenario.rows().user(org, "alice");
    RegenerateSecretRequest request = RegenerateSecretRequest.newBuilder()
        .setName("grants/not-a-uuid")
        .setPreviousSecretTtl(Duration.newBuilder().setSeconds(-1))
        .build();

    var failure = failureOf(() -> scenario.server().user(org, "alice").regenerateSecret(request));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly("name", "previous_secret_ttl");
  }

  @Test
  void absurdTtlIsInvalid() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    RegenerateSecretRequest request = RegenerateSecretRequest.newBuilder()
        .setName(GrantNames.format(grantId))
        .setPreviousSecretTtl(Duration.newBuilder().setSeconds(Long.MAX_VALUE))
        .build();

    var failure = failureOf(() -> scenario.server().user(org, "alice").regenerateSecret(request));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly("previous_secret_ttl");
  }

  @Test
  void emptyNameIsInvalid() {
    scenario.rows().user(org, "alice");

    var failure = failureOf(() -> scenario.server().user(org, "alice")
        .regenerateSecret(RegenerateSecretRequest.getDefaultInstance()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly("name");
  }

  @Test
  void regenerateIsAuditedWithTheHintAndTtlButNotTheSecret() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    scenario.regenerate(org, "alice", grantId);

    RegenerateSecretResponse rotated =
        scenario.regenerate(org, "alice", grantId, java.time.Duration.ofMinutes(30));

    DSLContext dsl = scenario.server().server().database().dsl();
    var event = dsl.selectFrom(AUDIT_EVENT)
        .where(AUDIT_EVENT.ORG_ID.eq(org))
        .orderBy(AUDIT_EVENT.ID.desc())
        .limit(1)
        .fetchOne();
    Map<String, String> changes = dsl.selectFrom(AUDIT_CHANGE)
        .where(AUDIT_CHANGE.EVENT_ID.eq(event.getId()))
        .fetch()
        .stream()
        .collect(Collectors.toMap(c -> c.getField(), c -> String.valueOf(c.getNewValue())));
    assertThat(event.getAction()).isEqualTo("grant.secret.regenerate");
    assertThat(event.getActor()).isEqualTo("alice");
    assertThat(event.getTarget()).isEqualTo(GrantNames.format(grantId));
    assertThat(changes).containsEntry("secret_hint", rotated.getGrant().getSecretHint())
        .containsEntry("previous_secret_ttl", "PT30M");
    assertThat(changes.values())
        .noneMatch(value -> value.contains(rotated.getSecret().substring(10)));
  }
}
