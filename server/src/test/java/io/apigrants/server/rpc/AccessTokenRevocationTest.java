package io.apigrants.server.rpc;

import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.VerifyAccessTokenRequest;
import io.apigrants.v1.VerifyAccessTokenResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Access tokens stop verifying when what they were issued on changes, each change made through
 * the API as admins and users make it: a regenerated secret, a new user, a disabled or deleted
 * grant.
 */
class AccessTokenRevocationTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void regeneratingTheSecretRevokesTokensIssuedBefore(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant grant = org.create();
    String before = issue(org, grant, regenerate(org, "alice", grant));
    // Verified once first: the server then remembers its signature, not its grant's state.
    boolean activeBefore = verify(org, before).getActive();

    String after = issue(org, grant, regenerate(org, "alice", grant));

    assertThat(activeBefore).isTrue();
    assertThat(verify(org, before).getReason()).isEqualTo(InactiveReason.REVOKED);
    assertThat(verify(org, after).getActive()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void newUsernameRevokesTokensAndTheOldSecretIssuesNoMore(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant grant = org.create();
    String secret = regenerate(org, "alice", grant);
    String token = issue(org, grant, secret);
    boolean activeBefore = verify(org, token).getActive();

    org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(Grant.newBuilder().setName(grant.getName()).setUsername("bob"))
        .setUpdateMask(mask("username"))
        .build());

    assertThat(activeBefore).isTrue();
    assertThat(verify(org, token).getReason()).isEqualTo(InactiveReason.REVOKED);
    IssueAccessTokenResponse refused = exchange(org, grant, secret);
    assertThat(refused.getError()).isEqualTo("invalid_client");
    assertThat(refused.getReason()).isEqualTo(InactiveReason.UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void disablingRevokesTokensForGood(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant grant = org.create();
    String secret = regenerate(org, "alice", grant);
    String token = issue(org, grant, secret);

    org.admin.disableGrant(DisableGrantRequest.newBuilder().setName(grant.getName()).build());
    VerifyAccessTokenResponse whileDisabled = verify(org, token);
    IssueAccessTokenResponse refused = exchange(org, grant, secret);
    org.admin.enableGrant(EnableGrantRequest.newBuilder().setName(grant.getName()).build());

    assertThat(whileDisabled.getReason()).isEqualTo(InactiveReason.GRANT_DISABLED);
    assertThat(refused.getReason()).isEqualTo(InactiveReason.GRANT_DISABLED);
    assertThat(verify(org, token).getReason()).isEqualTo(InactiveReason.REVOKED);
    assertThat(verify(org, issue(org, grant, secret)).getActive()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void deletingTheGrantMakesItsTokensUnknown(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant grant = org.create();
    String token = issue(org, grant, regenerate(org, "alice", grant));

    org.admin.deleteGrant(DeleteGrantRequest.newBuilder().setName(grant.getName()).build());

    assertThat(verify(org, token).getReason()).isEqualTo(InactiveReason.UNKNOWN);
  }

  private static String regenerate(AdminFixture org, String username, Grant grant) {
    return org.server.user(org.org, username).regenerateSecret(RegenerateSecretRequest
        .newBuilder().setName(grant.getName()).build()).getSecret();
  }

  private static IssueAccessTokenResponse exchange(AdminFixture org, Grant grant, String secret) {
    return verifier(org).issueAccessToken(IssueAccessTokenRequest.newBuilder()
        .setClientId(grant.getClientId())
        .setClientSecret(secret)
        .setClientIp("203.0.113.7")
        .build());
  }

  private static String issue(AdminFixture org, Grant grant, String secret) {
    IssueAccessTokenResponse issued = exchange(org, grant, secret);
    assertThat(issued.getError()).isEmpty();
    return issued.getAccessToken();
  }

  private static VerifyAccessTokenResponse verify(AdminFixture org, String token) {
    return verifier(org).verifyAccessToken(
        VerifyAccessTokenRequest.newBuilder().setAccessToken(token).build());
  }

  private static TokenVerificationGrpc.TokenVerificationBlockingStub verifier(AdminFixture org) {
    return org.server.verifier(org.org);
  }
}
