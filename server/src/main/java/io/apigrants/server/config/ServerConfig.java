package io.apigrants.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Validated server settings, read once at start and passed through constructors.
 *
 * <p>An empty {@code dbUrl} selects the embedded default: a file H2 database, a development
 * signing key and a pepper, all under {@code dataDir}.
 */
public record ServerConfig(
    int port,
    Optional<String> dbUrl,
    Optional<String> dbUser,
    Optional<String> dbPassword,
    Path dataDir,
    Optional<Path> jwksFile,
    String issuer,
    String audience,
    Optional<Path> pepperFile,
    String secretPrefix,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Optional<Path> tlsClientCa,
    Optional<Path> scopesFile,
    Duration shutdownGrace,
    AccessTokenSettings accessTokens,
    EventSettings events,
    VerifyCacheSettings verifyCache) {

  /** Issuer of the development tokens that the embedded default trusts. */
  public static final String DEV_ISSUER = "apigrants-dev";

  public static final String DEFAULT_AUDIENCE = "apigrants";
  public static final String DEFAULT_SECRET_PREFIX = "wk_secret:";

  /** Whether this is the zero-setup development mode (no database URL configured). */
  public boolean isEmbedded() {
    return dbUrl.isEmpty();
  }

  /** Whether the server listens with TLS. */
  public boolean usesTls() {
    return tlsCert.isPresent();
  }

  /** A copy listening on another port; tests use port 0. */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(newPort, dbUrl, dbUser, dbPassword, dataDir, jwksFile, issuer,
        audience, pepperFile, secretPrefix, tlsCert, tlsKey, tlsClientCa, scopesFile,
        shutdownGrace, accessTokens, events, verifyCache);
  }

  /** A copy with another shutdown grace; tests of shutdown use zero. */
  public ServerConfig withShutdownGrace(Duration grace) {
    return new ServerConfig(port, dbUrl, dbUser, dbPassword, dataDir, jwksFile, issuer,
        audience, pepperFile, secretPrefix, tlsCert, tlsKey, tlsClientCa, scopesFile,
        grace, accessTokens, events, verifyCache);
  }

  /** A copy with other verification cache settings; benchmarks turn the cache off with it. */
  public ServerConfig withVerifyCache(VerifyCacheSettings settings) {
    return new ServerConfig(port, dbUrl, dbUser, dbPassword, dataDir, jwksFile, issuer,
        audience, pepperFile, secretPrefix, tlsCert, tlsKey, tlsClientCa, scopesFile,
        shutdownGrace, accessTokens, events, settings);
  }

  /** Masks the database password; nothing else here is secret (files are named, not read). */
  @Override
  public String toString() {
    return "ServerConfig[port=" + port
        + ", db=" + dbUrl.orElse("embedded H2 in " + dataDir)
        + ", dbUser=" + dbUser.orElse("")
        + ", dbPassword=" + (dbPassword.isPresent() ? "****" : "")
        + ", dataDir=" + dataDir
        + ", jwksFile=" + jwksFile.map(Path::toString).orElse("")
        + ", issuer=" + issuer
        + ", audience=" + audience
        + ", pepperFile=" + pepperFile.map(Path::toString).orElse("")
        + ", secretPrefix=" + secretPrefix
        + ", tls=" + usesTls()
        + ", mutualTls=" + tlsClientCa.isPresent()
        + ", scopesFile=" + scopesFile.map(Path::toString).orElse("")
        + ", accessTokens=" + accessTokens
        + ", events=" + events
        + ", verifyCache=" + verifyCache
        + "]";
  }
}
