package io.apigrants.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.config.ServerOptions;
import io.apigrants.server.identity.DevSigningKey;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.testing.LogCapture;
import io.apigrants.server.testing.Statuses;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.TestTokens;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListScopesRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default: what it creates, trusts and says at start, and how a JWKS or pepper file
 * replaces its development key or pepper even on H2.
 */
class DevelopmentModeTest {
  @TempDir
  Path dir;

  @Test
  void jwksFileOnH2IsTrustedAloneEvenWithADevelopmentKeyInTheDataDir() throws Exception {
    TestTokens provider = new TestTokens();
    ServerConfig config = TestServer.config(dir, null, provider);
    // Left by an earlier run on the bare embedded default.
    ECKey leftover = DevSigningKey.loadOrCreate(config.dataDir());
    String devToken = sign(leftover, provider);

    Status.Code devCaller;
    try (ApiGrantsServer server = ApiGrantsServer.start(config, Clock.systemUTC())) {
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
          InsecureChannelCredentials.create()).build();
      try {
        listScopes(channel, provider.mint("alice", "acme", Roles.ORG_SECURITY_ADMIN));
        devCaller = Statuses.codeOf(() -> listScopes(channel, devToken));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }

    assertThat(devCaller).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void jwksAndPepperFilesOnH2CreateNoDevelopmentKeyOrPepper() {
    List<String> warnings;
    Path dataDir;
    try (LogCapture logs = LogCapture.of(ApiGrantsServer.class);
        TestServer server = TestServer.h2()) {
      warnings = logs.messagesAt(Level.WARN);
      dataDir = server.dataDir();
      assertThat(dataDir.resolve(DevSigningKey.FILE_NAME)).doesNotExist();
      assertThat(dataDir.resolve(PepperRing.DEV_FILE_NAME)).doesNotExist();
    }

    assertThat(warnings).singleElement().asString()
        .contains(dataDir.toAbsolutePath().toString())
        .doesNotContain("signing key")
        .doesNotContain("pepper");
  }

  @Test
  void bareEmbeddedDefaultCreatesItsKeyAndPepperAndWarnsOnce() throws Exception {
    Path dataDir = dir.resolve("data");
    ServerConfig config = ServerOptions.parse(Map.of(), "--port", "0", "--data-dir",
        dataDir.toString()).toConfig();

    List<String> warnings;
    try (LogCapture logs = LogCapture.of(ApiGrantsServer.class);
        ApiGrantsServer server = ApiGrantsServer.start(config, Clock.systemUTC())) {
      warnings = logs.messagesAt(Level.WARN);
    }

    assertThat(dataDir.resolve(DevSigningKey.FILE_NAME)).exists();
    assertThat(dataDir.resolve(PepperRing.DEV_FILE_NAME)).exists();
    assertThat(warnings).singleElement().asString()
        .contains(dataDir.toAbsolutePath().toString())
        .contains("signing key");
  }

  @Test
  void postgresqlStartsWithoutTheDevelopmentWarning() {
    List<String> warnings;
    try (LogCapture logs = LogCapture.of(ApiGrantsServer.class);
        TestServer server = TestServer.postgres()) {
      warnings = logs.messagesAt(Level.WARN);
    }

    assertThat(warnings).isEmpty();
  }

  @Test
  void secondServerOnTheSameDataDirRefusesInOneLine() throws Exception {
    Path output = dir.resolve("second-server.log");
    int exitCode;
    try (TestServer first = TestServer.h2()) {
      ProcessBuilder second = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "--port", "0", "--data-dir", first.dataDir().toString())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      second.environment().keySet().removeIf(name -> name.startsWith("APIGRANTS_"));

      Process process = second.start();
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      assertThat(exited).as("the second server exits by itself").isTrue();
      exitCode = process.exitValue();
    }

    List<String> lines = Files.readAllLines(output);
    assertThat(exitCode).isNotZero();
    assertThat(lines).filteredOn(line -> line.contains(" ERROR ")).singleElement().asString()
        .contains("in use by another server");
    assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
  }

  private static String sign(ECKey key, TestTokens provider) throws JOSEException {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
        provider.claims("mallory", "acme", Roles.ORG_SECURITY_ADMIN).build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private static void listScopes(ManagedChannel channel, String token) {
    GrantAdminGrpc.newBlockingStub(channel)
        .withCallCredentials(TestServer.bearer(token))
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .listScopes(ListScopesRequest.getDefaultInstance());
  }
}
