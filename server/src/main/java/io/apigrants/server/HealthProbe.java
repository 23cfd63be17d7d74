package io.apigrants.server;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/**
 * A container health check: exits 0 when the local server's gRPC health service answers
 * SERVING, 1 otherwise. Usage: {@code java -cp server.jar io.apigrants.server.HealthProbe [port]}.
 *
 * <p>It speaks plaintext; a TLS-only deployment probes with its orchestrator's gRPC check.
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0])
        : Integer.parseInt(System.getenv().getOrDefault("APIGRANTS_PORT", "8443"));
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
        InsecureChannelCredentials.create()).build();
    int exitCode = 1;
    try {
      ServingStatus status = HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
      exitCode = status == ServingStatus.SERVING ? 0 : 1;
    } catch (StatusRuntimeException e) {
      exitCode = 1;
    } finally {
      channel.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
    }
    System.exit(exitCode);
  }
}
