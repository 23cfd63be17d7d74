package io.apigrants.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.testing.TestCertificates;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.TestTokens;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS from the APIGRANTS_TLS_* settings, with a throwaway CA. */
class TlsTest {
  @TempDir
  Path dir;

  @Test
  void tlsServerAnswersTrustingClientsAndRefusesPlaintext() throws Exception {
    TestCertificates ca = new TestCertificates("apigrants-test-ca");
    TestCertificates.Issued serverCert = ca.issue("server", dir);
    ServerConfig config = withTls(serverCert, Optional.empty());

    try (ApiGrantsServer server = ApiGrantsServer.start(config, Clock.systemUTC())) {
      ChannelCredentials trusting = TlsChannelCredentials.newBuilder()
          .trustManager(ca.writeCa(dir.resolve("ca.pem")).toFile())
          .build();

      assertThat(check(server.port(), trusting)).isEqualTo(ServingStatus.SERVING);
      assertThatThrownBy(() -> check(server.port(), InsecureChannelCredentials.create()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  @Test
  void mutualTlsRequiresAClientCertificateFromTheClientCa() throws Exception {
    TestCertificates serverCa = new TestCertificates("server-ca");
    TestCertificates clientCa = new TestCertificates("client-ca");
    TestCertificates strangerCa = new TestCertificates("stranger-ca");
    Path serverCaFile = serverCa.writeCa(dir.resolve("server-ca.pem"));
    ServerConfig config = withTls(serverCa.issue("server", dir),
        Optional.of(clientCa.writeCa(dir.resolve("client-ca.pem"))));
    TestCertificates.Issued goodClient = clientCa.issue("gateway", dir);
    TestCertificates.Issued strangerClient = strangerCa.issue("stranger", dir);

    try (ApiGrantsServer server = ApiGrantsServer.start(config, Clock.systemUTC())) {
      ChannelCredentials withClientCert = TlsChannelCredentials.newBuilder()
          .trustManager(serverCaFile.toFile())
          .keyManager(goodClient.certificate().toFile(), goodClient.privateKey().toFile())
          .build();
      ChannelCredentials withoutClientCert = TlsChannelCredentials.newBuilder()
          .trustManager(serverCaFile.toFile())
          .build();
      ChannelCredentials withStrangerCert = TlsChannelCredentials.newBuilder()
          .trustManager(serverCaFile.toFile())
          .keyManager(strangerClient.certificate().toFile(), strangerClient.privateKey().toFile())
          .build();

      assertThat(check(server.port(), withClientCert)).isEqualTo(ServingStatus.SERVING);
      assertThatThrownBy(() -> check(server.port(), withoutClientCert))
          .isInstanceOf(StatusRuntimeException.class);
      assertThatThrownBy(() -> check(server.port(), withStrangerCert))
          .isInstanceOf(StatusRuntimeException.class);
    }
  }

  private ServerConfig withTls(TestCertificates.Issued serverCert, Optional<Path> clientCa) {
    ServerConfig plain = TestServer.config(dir, null, new TestTokens());
    return new ServerConfig(plain.port(), plain.dbUrl(), plain.dbUser(), plain.dbPassword(),
        plain.dataDir(), plain.jwksFile(), plain.issuer(), plain.audience(), plain.pepperFile(),
        plain.secretPrefix(), Optional.of(serverCert.certificate()),
        Optional.of(serverCert.privateKey()), clientCa, plain.scopesFile(),
        plain.shutdownGrace(), plain.accessTokens(), plain.events(), plain.verifyCache());
  }

  private static ServingStatus check(int port, ChannelCredentials credentials)
      throws InterruptedException {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials)
        .build();
    try {
      return HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
