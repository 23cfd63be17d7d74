package io.apigrants.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags become a validated config; production without its keys refuses to start. */
class ServerOptionsTest {

  @Test
  void noDatabaseUrlMeansTheEmbeddedDefault() {
    ServerConfig config = parse("--port", "9000", "--data-dir", "/tmp/apigrants-x");

    assertThat(config.isEmbedded()).isTrue();
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/apigrants-x"));
    assertThat(config.secretPrefix()).isEqualTo("wk_secret:");
    assertThat(config.issuer()).isEqualTo(ServerConfig.DEV_ISSUER);
  }

  @Test
  void productionWithoutJwksRefusesAndNamesTheSetting() {
    assertThatThrownBy(() -> parse("--db-url", "jdbc:postgresql://db/apigrants",
        "--pepper-file", "/etc/pepper", "--issuer", "https://idp"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_JWKS_FILE");
  }

  @Test
  void productionWithoutPepperRefusesAndNamesTheSetting() {
    assertThatThrownBy(() -> parse("--db-url", "jdbc:postgresql://db/apigrants",
        "--jwks-file", "/etc/jwks.json", "--issuer", "https://idp"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_PEPPER_FILE");
  }

  @Test
  void productionWithEverythingIsAccepted() {
    ServerConfig config = parse("--db-url", "jdbc:postgresql://db/apigrants",
        "--db-password", "s3cret-db-password", "--jwks-file", "/etc/jwks.json",
        "--pepper-file", "/etc/pepper", "--issuer", "https://idp");

    assertThat(config.isEmbedded()).isFalse();
    assertThat(config.toString()).doesNotContain("s3cret-db-password");
  }

  @Test
  void tlsKeyWithoutCertificateIsRefused() {
    assertThatThrownBy(() -> parse("--tls-key", "/etc/key.pem"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_TLS_CERT");
  }

  @Test
  void nonPostgresUrlIsRefused() {
    assertThatThrownBy(() -> parse("--db-url", "jdbc:mysql://db/apigrants"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_DB_URL");
  }

  @Test
  void verificationCacheHasDefaultsAndCanBeTurnedOff() {
    ServerConfig defaults = parse();
    ServerConfig off = parse("--verify-cache-size", "0");

    assertThat(defaults.verifyCache()).isEqualTo(VerifyCacheSettings.defaults());
    assertThat(defaults.verifyCache().enabled()).isTrue();
    assertThat(off.verifyCache().enabled()).isFalse();
  }

  @Test
  void verificationCacheTtlLongerThanFiveMinutesIsRefused() {
    assertThatThrownBy(() -> parse("--verify-cache-ttl", "PT10M"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_VERIFY_CACHE_TTL");
    assertThatThrownBy(() -> parse("--verify-cache-size", "-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_VERIFY_CACHE_SIZE");
  }

  @Test
  void logLevelIsOneOfLogbacksLevels() {
    assertThat(ServerOptions.parse(Map.of()).logLevel()).isEqualTo("INFO");
    assertThat(ServerOptions.parse(Map.of(), "--log-level", "warn").logLevel()).isEqualTo("WARN");
    assertThatThrownBy(() -> ServerOptions.parse(Map.of(), "--log-level", "verbose").logLevel())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_LOG_LEVEL");
  }

  private static ServerConfig parse(String... args) {
    return ServerOptions.parse(Map.of(), args).toConfig();
  }
}
