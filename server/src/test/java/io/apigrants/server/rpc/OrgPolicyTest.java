package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.codeOf;
import static io.apigrants.server.testing.Statuses.failureOf;
import static io.apigrants.server.testing.Statuses.preconditionSubjects;
import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.GetOrgPolicyRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.OrgPolicy;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpdateOrgPolicyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GetOrgPolicy, UpdateOrgPolicy and the policy's hold on grant writes, on both stores. */
class OrgPolicyTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void organisationThatNeverSetAPolicyHasTheDefaults(Store store) {
    AdminFixture org = servers.seeded(store);

    OrgPolicy policy = org.admin.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance());

    assertThat(policy.getMaxGrantLifetime()).isEqualTo(Durations.fromDays(365));
    assertThat(policy.getRequireIpAllowlist()).isFalse();
    assertThat(policy.getAllowedScopesList()).isEmpty();
    assertThat(policy.getMaxPreviousSecretTtl()).isEqualTo(Durations.fromHours(24));
    assertThat(policy.hasUpdateTime()).isFalse();
    assertThat(policy.getEtag()).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void updateChangesOnlyTheMaskedFields(Store store) {
    AdminFixture org = servers.seeded(store);
    OrgPolicy before = org.admin.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance());

    OrgPolicy updated = org.admin.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
        .setPolicy(OrgPolicy.newBuilder()
            .setMaxGrantLifetime(Durations.fromDays(90))
            .setRequireIpAllowlist(true)
            .addAllowedScopes("files.read")
            .addAllowedScopes("spreadsheets.read")
            .addAllowedScopes("files.read")
            .setMaxPreviousSecretTtl(Durations.fromHours(1))
            .setEtag(before.getEtag()))
        .setUpdateMask(mask("max_grant_lifetime", "allowed_scopes"))
        .build());
    OrgPolicy read = org.admin.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance());

    assertThat(updated).isEqualTo(read);
    assertThat(updated.getMaxGrantLifetime()).isEqualTo(Durations.fromDays(90));
    assertThat(updated.getAllowedScopesList()).containsExactly("files.read", "spreadsheets.read");
    assertThat(updated.getRequireIpAllowlist()).isFalse();
    assertThat(updated.getMaxPreviousSecretTtl()).isEqualTo(Durations.fromHours(24));
    assertThat(updated.hasUpdateTime()).isTrue();
    assertThat(updated.getEtag()).isNotEqualTo(before.getEtag());
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void updateWithAStaleEtagIsAborted(Store store) {
    AdminFixture org = servers.seeded(store);
    OrgPolicy before = org.admin.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance());
    OrgPolicy first = requireAllowlist(org, before, true);

    Status.Code stale = codeOf(() -> requireAllowlist(org, before, false));

    assertThat(stale).isEqualTo(Status.Code.ABORTED);
    assertThat(org.admin.getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance())).isEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void badValuesAreNamedTogether(Store store) {
    AdminFixture org = servers.seeded(store);

    StatusRuntimeException failure = failureOf(() -> org.admin.updateOrgPolicy(
        UpdateOrgPolicyRequest.newBuilder()
            .setPolicy(OrgPolicy.newBuilder()
                .setMaxGrantLifetime(Durations.fromDays(3651))
                .addAllowedScopes("files.read")
                .addAllowedScopes("no.such")
                .setMaxPreviousSecretTtl(Durations.fromSeconds(-1)))
            .setUpdateMask(mask("max_grant_lifetime", "allowed_scopes", "max_previous_secret_ttl"))
            .build()));
    List<String> zeroLifetime = badRequestFields(failureOf(() -> org.admin.updateOrgPolicy(
        UpdateOrgPolicyRequest.newBuilder()
            .setPolicy(OrgPolicy.newBuilder().setMaxGrantLifetime(Durations.fromSeconds(0)))
            .setUpdateMask(mask("max_grant_lifetime"))
            .build())));
    List<String> fractional = badRequestFields(failureOf(() -> org.admin.updateOrgPolicy(
        UpdateOrgPolicyRequest.newBuilder()
            .setPolicy(OrgPolicy.newBuilder().setMaxPreviousSecretTtl(Durations.fromMillis(1500)))
            .setUpdateMask(mask("max_previous_secret_ttl"))
            .build())));

    assertThat(badRequestFields(failure)).containsExactlyInAnyOrder("policy.max_grant_lifetime",
        "policy.allowed_scopes[1]", "policy.max_previous_secret_ttl");
    assertThat(zeroLifetime).containsExactly("policy.max_grant_lifetime");
    assertThat(fractional).containsExactly("policy.max_previous_secret_ttl");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void updateMaskMustNameEditableFields(Store store) {
    AdminFixture org = servers.seeded(store);

    for (var mask : List.of(mask(), mask("update_time"), mask("etag"), mask("bogus"))) {
      List<String> fields = badRequestFields(failureOf(() -> org.admin.updateOrgPolicy(
          UpdateOrgPolicyRequest.newBuilder()
              .setPolicy(OrgPolicy.getDefaultInstance())
              .setUpdateMask(mask)
              .build())));

      assertThat(fields).as("mask %s", mask.getPathsList()).containsExactly("update_mask");
    }
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void grantsThatBreakThePolicyAreRefusedNamingEachField(Store store) {
    AdminFixture org = servers.seeded(store);
    setPolicy(org, OrgPolicy.newBuilder()
        .setMaxGrantLifetime(Durations.fromDays(7))
        .setRequireIpAllowlist(true)
        .addAllowedScopes("spreadsheets.read"));

    StatusRuntimeException failure = failureOf(() -> org.create(org.grant()
        .addScopes("spreadsheets.write")
        .setExpireTime(org.inFuture(Duration.ofDays(8)))));
    Grant compliant = org.create(org.grant()
        .setExpireTime(org.inFuture(Duration.ofDays(7)))
        .addIpAllowlist("192.0.2.0/24"));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(preconditionSubjects(failure)).containsExactlyInAnyOrder("grant.scopes",
        "grant.expire_time", "grant.ip_allowlist");
    assertThat(badRequestFields(failure)).containsExactlyInAnyOrder("grant.scopes",
        "grant.expire_time", "grant.ip_allowlist");
    assertThat(compliant.getScopesList()).containsExactly("spreadsheets.read");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void malformedCreateNamesPolicyBreachesOfItsOtherFieldsToo(Store store) {
    AdminFixture org = servers.seeded(store);
    setPolicy(org, OrgPolicy.newBuilder().addAllowedScopes("spreadsheets.read"));

    StatusRuntimeException failure = failureOf(() -> org.create(org.grant()
        .setClientName("line\nbreak")
        .addScopes("admin.write")));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactlyInAnyOrder("grant.client_name",
        "grant.scopes");
    assertThat(preconditionSubjects(failure)).containsExactly("grant.scopes");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void malformedUpdateNamesPolicyBreachesOfWhatItChanges(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant older = org.create(org.grant()
        .addScopes("files.write")
        .setExpireTime(org.inFuture(Duration.ofDays(300))));
    setPolicy(org, OrgPolicy.newBuilder()
        .setMaxGrantLifetime(Durations.fromDays(30))
        .addAllowedScopes("spreadsheets.read"));

    // The scopes are masked but unchanged: the tighter policy does not hold them.
    StatusRuntimeException failure = failureOf(() -> org.admin.updateGrant(
        UpdateGrantRequest.newBuilder()
            .setGrant(older.toBuilder()
                .setClientName("")
                .setExpireTime(org.inFuture(Duration.ofDays(301))))
            .setUpdateMask(mask("client_name", "scopes", "expire_time"))
            .build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactlyInAnyOrder("grant.client_name",
        "grant.expire_time");
    assertThat(preconditionSubjects(failure)).containsExactly("grant.expire_time");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void tighterPolicyHoldsOnlyTheFieldsAnEditChanges(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant older = org.create(org.grant()
        .addScopes("files.write")
        .setExpireTime(org.inFuture(Duration.ofDays(300))));
    setPolicy(org, OrgPolicy.newBuilder()
        .setMaxGrantLifetime(Durations.fromDays(30))
        .addAllowedScopes("spreadsheets.read"));

    Grant renamed = org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(older.toBuilder().setClientName("renamed"))
        .setUpdateMask(mask("client_name"))
        .build());
    StatusRuntimeException extended = failureOf(() -> org.admin.updateGrant(
        UpdateGrantRequest.newBuilder()
            .setGrant(renamed.toBuilder().setExpireTime(org.inFuture(Duration.ofDays(301))))
            .setUpdateMask(mask("expire_time"))
            .build()));

    assertThat(renamed.getScopesList()).contains("files.write");
    assertThat(extended.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(preconditionSubjects(extended)).containsExactly("grant.expire_time");
    assertThat(badRequestFields(extended)).containsExactly("grant.expire_time");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void clearingAllowedScopesAllowsTheWholeCatalogAgain(Store store) {
    AdminFixture org = servers.seeded(store);
    setPolicy(org, OrgPolicy.newBuilder().addAllowedScopes("spreadsheets.read"));
    StatusRuntimeException refused =
        failureOf(() -> org.create(org.grant().addScopes("admin.write")));

    OrgPolicy cleared = setPolicy(org, OrgPolicy.newBuilder());
    Grant granted = org.create(org.grant().addScopes("admin.write"));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(preconditionSubjects(refused)).containsExactly("grant.scopes");
    assertThat(badRequestFields(refused)).containsExactly("grant.scopes");
    assertThat(cleared.getAllowedScopesList()).isEmpty();
    assertThat(granted.getScopesList()).contains("admin.write");
  }

  private static OrgPolicy requireAllowlist(AdminFixture org, OrgPolicy base, boolean value) {
    return org.admin.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
        .setPolicy(base.toBuilder().setRequireIpAllowlist(value))
        .setUpdateMask(mask("require_ip_allowlist"))
        .build());
  }

  /** Sets the scopes, lifetime and allowlist rule of {@code policy}; other fields keep theirs. */
  private static OrgPolicy setPolicy(AdminFixture org, OrgPolicy.Builder policy) {
    if (!policy.hasMaxGrantLifetime()) {
      policy.setMaxGrantLifetime(Durations.fromDays(365));
    }
    return org.admin.updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
        .setPolicy(policy)
        .setUpdateMask(mask("max_grant_lifetime", "require_ip_allowlist", "allowed_scopes"))
        .build());
  }
}
