package io.apigrants.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apigrants.client.testing.ScriptedServer;
import io.apigrants.client.testing.TestCertificates;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS from the client's side, against a Netty server that requires both. */
@Timeout(60)
class TlsTest {
  private static final GetGrantRequest GET = GetGrantRequest.newBuilder()
      .setName("grants/00000000-0000-4000-8000-000000000001")
      .build();

  @TempDir
  static Path dir;

  private static TestCertificates certificates;

  @BeforeAll
  static void issueCertificates() throws Exception {
    assumeTrue(TestCertificates.opensslAvailable(), "openssl is needed to issue certificates");
    certificates = TestCertificates.issue(dir);
  }

  @Test
  void clientWithTrustedCaAndCertificateGetsThrough() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(mutualTls());
        GrantsClient client = GrantsClient.builder(server.target())
            .trustedCertificates(certificates.caCertificate())
            .clientCertificate(certificates.clientCertificate(), certificates.clientKey())
            .tokens(() -> "token")
            .build()) {

      Grant grant = client.grantAdmin().getGrant(GET);

      assertThat(grant.getName()).isEqualTo(GET.getName());
      assertThat(server.authorizations()).containsExactly("Bearer token");
    }
  }

  @Test
  void clientWithoutCertificateIsTurnedAway() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(mutualTls());
        GrantsClient client = GrantsClient.builder(server.target())
            .trustedCertificates(certificates.caCertificate())
            .tokens(() -> "token")
            .maxAttempts(1)
            .build()) {

      assertThatThrownBy(() -> client.grantAdmin().getGrant(GET))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(server.calls("GetGrant")).isZero();
    }
  }

  @Test
  void plaintextClientCannotTalkToATlsServer() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(mutualTls());
        GrantsClient client = GrantsClient.builder(server.target())
            .tokens(() -> "token")
            .maxAttempts(1)
            .build()) {

      assertThatThrownBy(() -> client.grantAdmin().getGrant(GET))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(server.calls("GetGrant")).isZero();
    }
  }

  @Test
  void clientCertificateWithoutTlsIsRefusedAtBuild() {
    assertThatThrownBy(() -> GrantsClient.builder("localhost:1")
        .clientCertificate(certificates.clientCertificate(), certificates.clientKey())
        .build())
        .isInstanceOf(IllegalStateException.class);
  }

  private static ServerCredentials mutualTls() throws Exception {
    return TlsServerCredentials.newBuilder()
        .keyManager(certificates.serverCertificate().toFile(), certificates.serverKey().toFile())
        .trustManager(certificates.caCertificate().toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }
}
