package io.apigrants.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.client.testing.ScriptedServer;
import io.apigrants.server.testing.TestCertificates;
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

  private static Path caFile;
  private static TestCertificates.Issued serverCertificate;
  private static TestCertificates.Issued clientCertificate;

  @BeforeAll
  static void issueCertificates() {
    TestCertificates authority = new TestCertificates("apigrants-client-test-ca");
    caFile = authority.writeCa(dir.resolve("ca.crt"));
    serverCertificate = authority.issue("server", dir);
    clientCertificate = authority.issue("client", dir);
  }

  @Test
  void clientWithTrustedCaAndCertificateGetsThrough() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(mutualTls());
        GrantsClient client = GrantsClient.builder(server.target())
            .trustedCertificates(caFile)
            .clientCertificate(clientCertificate.certificate(), clientCertificate.privateKey())
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
            .trustedCertificates(caFile)
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
        .clientCertificate(clientCertificate.certificate(), clientCertificate.privateKey())
        .build())
        .isInstanceOf(IllegalStateException.class);
  }

  private static ServerCredentials mutualTls() throws Exception {
    return TlsServerCredentials.newBuilder()
        .keyManager(serverCertificate.certificate().toFile(),
            serverCertificate.privateKey().toFile())
        .trustManager(caFile.toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }
}
