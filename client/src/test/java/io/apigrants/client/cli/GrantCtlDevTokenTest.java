package io.apigrants.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.client.testing.EmbeddedServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grantctl dev-token} against servers started on the embedded default. */
class GrantCtlDevTokenTest {
  @TempDir
  Path dataDir;

  @TempDir
  Path otherDataDir;

  @Test
  void devTokenFromTheDataFolderIsAcceptedByItsServer() {
    try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
      GrantCtlRunner grantctl = GrantCtlRunner.against(server.target())
          .withEnvironment("APIGRANTS_DATA_DIR", dataDir.toString());

      GrantCtlRunner.Result minted = grantctl.run("dev-token", "--user", "alice", "--org", "acme",
          "--role", "org_security_admin", "--ttl", "10m");
      GrantCtlRunner.Result scopes = grantctl.run("scopes", "list",
          "--token", minted.out().strip());

      assertThat(minted.exitCode()).as("%s", minted).isZero();
      assertThat(minted.outLines()).singleElement().asString().matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
      assertThat(scopes.exitCode()).as("%s", scopes).isZero();
    }
  }

  @Test
  void devTokenOfAnotherServersFolderIsRejected() {
    try (EmbeddedServer server = EmbeddedServer.start(dataDir);
        EmbeddedServer other = EmbeddedServer.start(otherDataDir)) {
      GrantCtlRunner grantctl = GrantCtlRunner.against(server.target());

      GrantCtlRunner.Result minted = grantctl.run("dev-token", "--data-dir",
          otherDataDir.toString(), "--user", "alice", "--org", "acme",
          "--role", "org_security_admin");
      GrantCtlRunner.Result scopes = grantctl.run("scopes", "list",
          "--token", minted.out().strip());

      assertThat(minted.exitCode()).as("%s", minted).isZero();
      assertThat(scopes.exitCode()).as("%s", scopes).isEqualTo(2);
      assertThat(scopes.errLines()).first().asString().startsWith("error: UNAUTHENTICATED");
    }
  }

  @Test
  void devTokenWithoutAKeyIsALocalError() {
    GrantCtlRunner.Result result = GrantCtlRunner.against("localhost:1")
        .run("dev-token", "--data-dir", dataDir.toString(), "--user", "alice", "--org", "acme");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
    assertThat(result.errLines()).singleElement().asString().startsWith("error: ")
        .contains(dataDir.toString());
  }

  @Test
  void devTokenLifetimeOverThirtyDaysIsAUsageError() {
    try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
      GrantCtlRunner.Result result = GrantCtlRunner.against(server.target()).run("dev-token",
          "--data-dir", dataDir.toString(), "--user", "alice", "--org", "acme", "--ttl", "31d");

      assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
      assertThat(result.out()).isEmpty();
    }
  }
}
