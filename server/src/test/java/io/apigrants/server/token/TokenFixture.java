package io.apigrants.server.token;

import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.testing.FakeCredentials;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.VerifyAccessTokenRequest;
import io.apigrants.v1.VerifyAccessTokenResponse;
import java.util.List;

/** A test server whose client secrets are {@link FakeCredentials}, with grants of one org. */
record TokenFixture(TestServer server, MutableClock clock, FakeCredentials credentials,
    GrantRows grants) implements AutoCloseable {
  static final String ORG = "acme";

  static TokenFixture start(TestServer.Store store, MutableClock clock) {
    FakeCredentials credentials = new FakeCredentials(clock);
    TestServer server = TestServer.start(store, clock, credentials);
    credentials.attach(server);
    return new TokenFixture(server, clock, credentials, new GrantRows(server, clock));
  }

  /** A grant of {@code username} with a registered secret, returned with it. */
  StoredGrant grantWithSecret(String username, String secret) {
    StoredGrant grant = grants.create(ORG, username);
    credentials.register(secret, grant);
    return grant;
  }

  IssueAccessTokenResponse issue(StoredGrant grant, String secret, String... scopes) {
    return issue(grant.clientId().toString(), secret, scopes);
  }

  IssueAccessTokenResponse issue(String clientId, String secret, String... scopes) {
    return server.verifier(ORG).issueAccessToken(IssueAccessTokenRequest.newBuilder()
        .setClientId(clientId)
        .setClientSecret(secret)
        .addAllScopes(List.of(scopes))
        .setClientIp("203.0.113.7")
        .build());
  }

  VerifyAccessTokenResponse verify(String token, String... requiredScopes) {
    return verifyAs(ORG, token, requiredScopes);
  }

  VerifyAccessTokenResponse verifyAs(String callerOrg, String token, String... requiredScopes) {
    return server.verifier(callerOrg).verifyAccessToken(VerifyAccessTokenRequest.newBuilder()
        .setAccessToken(token)
        .addAllRequiredScopes(List.of(requiredScopes))
        .build());
  }

  @Override
  public void close() {
    server.close();
  }
}
