package io.apigrants.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.client.testing.ScriptedServer;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deadlines and the retry policy, against a Netty server told to stall or to answer UNAVAILABLE,
 * which the real server cannot be made to do on cue.
 */
@Timeout(30)
class DeadlineAndRetryTest {
  private static final GetGrantRequest GET = GetGrantRequest.newBuilder()
      .setName("grants/00000000-0000-4000-8000-000000000001")
      .build();

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void unaryCallWithoutDeadlineGetsTheDefault() throws IOException {
    server.hangNext("GetGrant", 1);
    try (GrantsClient client = client(builder -> builder.defaultDeadline(Duration.ofMillis(300)))) {

      assertThatThrownBy(() -> client.grantAdmin().getGrant(GET))
          .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void perCallDeadlineReplacesTheDefault() throws IOException {
    server.hangNext("GetGrant", 1);
    try (GrantsClient client = client(builder -> builder.defaultDeadline(Duration.ofHours(1)))) {

      assertThatThrownBy(() -> client.grantAdmin()
          .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
          .getGrant(GET))
          .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void readIsRetriedAfterOneUnavailable() throws IOException {
    server.failNext("GetGrant", Status.UNAVAILABLE, 1);
    try (GrantsClient client = client(builder -> builder)) {

      Grant grant = client.grantAdmin().getGrant(GET);

      assertThat(grant.getName()).isEqualTo(GET.getName());
      assertThat(server.calls("GetGrant")).isEqualTo(2);
    }
  }

  @Test
  void verifySecretIsRetriedAfterOneUnavailable() throws IOException {
    server.failNext("VerifySecret", Status.UNAVAILABLE, 1);
    try (GrantsClient client = client(builder -> builder)) {

      VerifySecretResponse answer = client.tokenVerification().verifySecret(
          VerifySecretRequest.newBuilder().setSecret("wk_secret:x").setClientIp("10.0.0.1").build());

      assertThat(answer.getActive()).isTrue();
      assertThat(server.calls("VerifySecret")).isEqualTo(2);
    }
  }

  @Test
  void createIsNotRetried() throws IOException {
    server.failNext("CreateGrant", Status.UNAVAILABLE, 1);
    try (GrantsClient client = client(builder -> builder)) {

      assertThatThrownBy(() -> client.grantAdmin().createGrant(CreateGrantRequest.newBuilder()
          .setGrant(Grant.newBuilder().setClientName("x"))
          .setRequestId("req-1")
          .build()))
          .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(server.calls("CreateGrant")).isEqualTo(1);
    }
  }

  @Test
  void regenerateIsNeverRetried() throws IOException {
    server.failNext("RegenerateSecret", Status.UNAVAILABLE, 1);
    try (GrantsClient client = client(builder -> builder)) {

      assertThatThrownBy(() -> client.userSecurity().regenerateSecret(
          RegenerateSecretRequest.newBuilder().setName(GET.getName()).build()))
          .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(server.calls("RegenerateSecret")).isEqualTo(1);
    }
  }

  @Test
  void retriesStopAtMaxAttempts() throws IOException {
    server.failNext("GetGrant", Status.UNAVAILABLE, 10);
    try (GrantsClient client = client(builder -> builder.maxAttempts(3))) {

      assertThatThrownBy(() -> client.grantAdmin().getGrant(GET))
          .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(server.calls("GetGrant")).isEqualTo(3);
    }
  }

  @Test
  void otherFailuresAreNotRetried() throws IOException {
    server.failNext("GetGrant", Status.INTERNAL, 1);
    try (GrantsClient client = client(builder -> builder)) {

      assertThatThrownBy(() -> client.grantAdmin().getGrant(GET))
          .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.INTERNAL));
      assertThat(server.calls("GetGrant")).isEqualTo(1);
    }
  }

  private GrantsClient client(java.util.function.UnaryOperator<GrantsClient.Builder> configure)
      throws IOException {
    return configure.apply(GrantsClient.builder(server.target()).tokens(() -> "token")).build();
  }

  private static Status.Code code(Throwable failure) {
    assertThat(failure).isInstanceOf(StatusRuntimeException.class);
    return ((StatusRuntimeException) failure).getStatus().getCode();
  }
}
