package io.apigrants.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.identity.TokenAuthenticator;
import io.apigrants.server.testing.TestTokens;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.TokenVerificationGrpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which calls stay on the transport thread (a null executor: the server's direct default) and
 * which go to the worker pool.
 */
class CallExecutorsTest {
  private final TestTokens tokens = new TestTokens();
  private final TokenAuthenticator authenticator = new TokenAuthenticator(
      new JWKSet(tokens.key().toPublicJWK()), TestTokens.ISSUER, TestTokens.AUDIENCE);
  private final WorkerPool workers = new WorkerPool(1);
  private final CallExecutors executors = new CallExecutors(authenticator, workers);

  @AfterEach
  void stopWorkers() {
    workers.close();
  }

  @Test
  void healthCheckStaysOnTheTransportThread() {
    assertThat(executors.getExecutor(call(HealthGrpc.getCheckMethod()), new Metadata()))
        .isNull();
  }

  @Test
  void verificationWithARememberedTokenStaysOnTheTransportThread() throws Exception {
    String token = tokens.mint("svc-gateway", "acme", Roles.TOKEN_VERIFIER);
    authenticator.authenticate(token);

    assertThat(executors.getExecutor(call(TokenVerificationGrpc.getVerifySecretMethod()),
        bearer(token))).isNull();
  }

  @Test
  void verificationWithATokenNotYetCheckedGoesToAWorker() {
    String token = tokens.mint("svc-gateway", "acme", Roles.TOKEN_VERIFIER);

    assertThat(executors.getExecutor(call(TokenVerificationGrpc.getVerifySecretMethod()),
        bearer(token))).isSameAs(workers);
    assertThat(executors.getExecutor(call(TokenVerificationGrpc.getVerifySecretMethod()),
        new Metadata())).isSameAs(workers);
  }

  @Test
  void everythingElseGoesToAWorkerEvenWithARememberedToken() throws Exception {
    String token = tokens.mint("admin", "acme", Roles.ORG_SECURITY_ADMIN, Roles.TOKEN_VERIFIER);
    authenticator.authenticate(token);

    assertThat(executors.getExecutor(call(GrantAdminGrpc.getCreateGrantMethod()), bearer(token)))
        .isSameAs(workers);
    assertThat(executors.getExecutor(call(TokenVerificationGrpc.getRevokeLeakedSecretMethod()),
        bearer(token))).isSameAs(workers);
  }

  private static Metadata bearer(String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + token);
    return headers;
  }

  /** A call that only knows its method: all the supplier looks at besides the headers. */
  private static <ReqT, RespT> ServerCall<ReqT, RespT> call(
      MethodDescriptor<ReqT, RespT> method) {
    return new ServerCall<>() {
      @Override
      public void request(int numMessages) {}

      @Override
      public void sendHeaders(Metadata headers) {}

      @Override
      public void sendMessage(RespT message) {}

      @Override
      public void close(Status status, Metadata trailers) {}

      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
        return method;
      }
    };
  }
}
