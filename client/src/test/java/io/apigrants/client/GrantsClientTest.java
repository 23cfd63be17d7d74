package io.apigrants.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.client.testing.Grants;
import io.apigrants.client.testing.ScriptedServer;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.TestTokens;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.ListMyGrantsRequest;
import io.apigrants.v1.ListMyGrantsResponse;
import io.apigrants.v1.ListScopesRequest;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RegenerateSecretResponse;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrantsClientTest {

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void typedStubsReachAllThreeServices(TestServer.Store store) throws Exception {
    try (TestServer server = TestServer.start(store, Clock.systemUTC());
        GrantsClient admin = client(server, () -> server.tokens().mint("alice", "acme",
            Roles.ORG_SECURITY_ADMIN));
        GrantsClient bob = client(server, () -> server.tokens().mint("bob", "acme"));
        GrantsClient gateway = client(server, () -> server.tokens().mint("svc-gateway", "acme",
            Roles.TOKEN_VERIFIER))) {
      Grant created = Grants.create(admin.grantAdmin(), "bob");

      Grant fetched = admin.grantAdminFuture()
          .getGrant(GetGrantRequest.newBuilder().setName(created.getName()).build())
          .get(30, TimeUnit.SECONDS);
      ListMyGrantsResponse mine = bob.userSecurity()
          .listMyGrants(ListMyGrantsRequest.getDefaultInstance());
      RegenerateSecretResponse regenerated = bob.userSecurityFuture()
          .regenerateSecret(RegenerateSecretRequest.newBuilder()
              .setName(created.getName())
              .build())
          .get(30, TimeUnit.SECONDS);
      VerifySecretResponse verified = gateway.tokenVerification()
          .verifySecret(VerifySecretRequest.newBuilder()
              .setSecret(regenerated.getSecret())
              .setClientIp("10.1.2.3")
              .addAllRequiredScopes(created.getScopesList())
              .build());

      assertThat(fetched.getName()).isEqualTo(created.getName());
      assertThat(fetched.getClientId()).isEqualTo(created.getClientId());
      assertThat(mine.getGrantsList()).extracting(Grant::getName)
          .containsExactly(created.getName());
      assertThat(verified.getActive()).isTrue();
      assertThat(verified.getGrant()).isEqualTo(created.getName());
      assertThat(verified.getUsername()).isEqualTo("bob");
      assertThat(verified.getOrg()).isEqualTo("acme");
    }
  }

  @Test
  void callerWithoutTheAdminRoleIsRefused() throws IOException {
    try (TestServer server = TestServer.h2();
        GrantsClient bob = client(server, () -> server.tokens().mint("bob", "acme"))) {

      assertThatThrownBy(() -> bob.grantAdmin().listScopes(ListScopesRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }
  }

  @Test
  void tokenOfAnUntrustedIssuerIsRefused() throws IOException {
    TestTokens stranger = new TestTokens();
    try (TestServer server = TestServer.h2();
        GrantsClient client = client(server, () -> stranger.mint("alice", "acme",
            Roles.ORG_SECURITY_ADMIN))) {

      assertThatThrownBy(() ->
          client.grantAdmin().listScopes(ListScopesRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
  }

  @Test
  void tokenSupplierIsAskedOnEveryCall() throws IOException {
    Iterator<String> tokens = List.of("first-token", "second-token").iterator();
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target())
            .tokens(tokens::next)
            .build()) {

      client.grantAdmin().getGrant(GetGrantRequest.newBuilder().setName("grants/a").build());
      client.grantAdmin().getGrant(GetGrantRequest.newBuilder().setName("grants/b").build());

      assertThat(server.authorizations())
          .containsExactly("Bearer first-token", "Bearer second-token");
    }
  }

  @Test
  void missingTokenFailsTheCallBeforeItIsSent() throws IOException {
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target()).tokens(() -> null).build()) {

      assertThatThrownBy(() -> client.grantAdmin()
          .getGrant(GetGrantRequest.newBuilder().setName("grants/a").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      assertThat(server.calls("GetGrant")).isZero();
    }
  }

  @Test
  void failingTokenSupplierFailsTheCallWithoutLeakingItsMessage() throws IOException {
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target())
            .tokens(() -> {
              throw new IllegalStateException("refresh failed for token abc.def.ghi");
            })
            .build()) {

      assertThatThrownBy(() -> client.grantAdmin()
          .getGrant(GetGrantRequest.newBuilder().setName("grants/a").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).doesNotContain("abc.def.ghi");
          });
      assertThat(server.calls("GetGrant")).isZero();
    }
  }

  @Test
  void toStringNamesTheTargetButNoToken() throws IOException {
    Supplier<String> tokens = () -> "very-secret-token";
    try (GrantsClient client = GrantsClient.builder("localhost:1").tokens(tokens).build()) {

      String text = client + " " + client.callCredentials().orElseThrow();

      assertThat(text).contains("localhost:1").doesNotContain("very-secret-token");
    }
  }

  private static GrantsClient client(TestServer server, Supplier<String> tokens)
      throws IOException {
    return GrantsClient.builder("localhost:" + server.port()).tokens(tokens).build();
  }
}
