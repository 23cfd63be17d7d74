package io.apigrants.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command-line flags, each defaulting to its {@code APIGRANTS_*} environment variable.
 *
 * <p>Parsed by picocli; {@link #toConfig()} validates and produces the immutable config.
 */
@Command(
    name = "apigrants-server",
    mixinStandardHelpOptions = true,
    description = "Serves GrantAdmin, UserSecurity and TokenVerification over gRPC.")
public final class ServerOptions {
  /** The longest cache TTL accepted: a revoked secret may verify this long if a notice is lost. */
  static final Duration MAX_CACHE_TTL = Duration.ofMinutes(5);

  @Option(names = "--port", defaultValue = "${env:APIGRANTS_PORT:-8443}",
      description = "Listening port (APIGRANTS_PORT). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--db-url", defaultValue = "${env:APIGRANTS_DB_URL}",
      description = "PostgreSQL JDBC URL (APIGRANTS_DB_URL). Unset: embedded H2 under the data dir.")
  String dbUrl;

  @Option(names = "--db-user", defaultValue = "${env:APIGRANTS_DB_USER}",
      description = "Database user (APIGRANTS_DB_USER).")
  String dbUser;

  @Option(names = "--db-password", defaultValue = "${env:APIGRANTS_DB_PASSWORD}",
      description = "Database password (APIGRANTS_DB_PASSWORD).")
  String dbPassword;

  @Option(names = "--db-password-file", defaultValue = "${env:APIGRANTS_DB_PASSWORD_FILE}",
      description = "File holding the database password, e.g. a container secret"
          + " (APIGRANTS_DB_PASSWORD_FILE).")
  Path dbPasswordFile;

  @Option(names = "--data-dir", defaultValue = "${env:APIGRANTS_DATA_DIR:-data}",
      description = "Folder for the embedded database and development keys (APIGRANTS_DATA_DIR)."
          + " Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--jwks-file", defaultValue = "${env:APIGRANTS_JWKS_FILE}",
      description = "JWKS of the identity provider whose tokens are trusted (APIGRANTS_JWKS_FILE).")
  Path jwksFile;

  @Option(names = "--issuer", defaultValue = "${env:APIGRANTS_ISSUER}",
      description = "Required 'iss' of caller tokens (APIGRANTS_ISSUER).")
  String issuer;

  @Option(names = "--audience", defaultValue = "${env:APIGRANTS_AUDIENCE:-apigrants}",
      description = "Required 'aud' of caller tokens (APIGRANTS_AUDIENCE). Default: ${DEFAULT-VALUE}.")
  String audience;

  @Option(names = "--pepper-file", defaultValue = "${env:APIGRANTS_PEPPER_FILE}",
      description = "Keys for hashing secrets (APIGRANTS_PEPPER_FILE).")
  Path pepperFile;

  @Option(names = "--secret-prefix", defaultValue = "${env:APIGRANTS_SECRET_PREFIX:-wk_secret:}",
      description = "Prefix of issued secrets (APIGRANTS_SECRET_PREFIX). Default: ${DEFAULT-VALUE}.")
  String secretPrefix;

  @Option(names = "--tls-cert", defaultValue = "${env:APIGRANTS_TLS_CERT}",
      description = "PEM certificate chain; enables TLS (APIGRANTS_TLS_CERT).")
  Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:APIGRANTS_TLS_KEY}",
      description = "PEM PKCS#8 private key of the certificate (APIGRANTS_TLS_KEY).")
  Path tlsKey;

  @Option(names = "--tls-client-ca", defaultValue = "${env:APIGRANTS_TLS_CLIENT_CA}",
      description = "PEM CA bundle; requires client certificates, i.e. mutual TLS"
          + " (APIGRANTS_TLS_CLIENT_CA).")
  Path tlsClientCa;

  @Option(names = "--scopes-file", defaultValue = "${env:APIGRANTS_SCOPES_FILE}",
      description = "Scope catalog, one 'id=Display name' a line (APIGRANTS_SCOPES_FILE)."
          + " Unset: the built-in catalog.")
  Path scopesFile;

  @Option(names = "--shutdown-grace", defaultValue = "${env:APIGRANTS_SHUTDOWN_GRACE:-PT20S}",
      description = "How long in-flight calls may finish on shutdown, ISO-8601"
          + " (APIGRANTS_SHUTDOWN_GRACE). Default: ${DEFAULT-VALUE}.")
  Duration shutdownGrace;

  @Option(names = "--token-issuer", defaultValue = "${env:APIGRANTS_TOKEN_ISSUER:-apigrants}",
      description = "'iss' of the access tokens this server issues (APIGRANTS_TOKEN_ISSUER)."
          + " Default: ${DEFAULT-VALUE}.")
  String tokenIssuer;

  @Option(names = "--token-audience",
      defaultValue = "${env:APIGRANTS_TOKEN_AUDIENCE:-apigrants-api}",
      description = "'aud' of the access tokens this server issues (APIGRANTS_TOKEN_AUDIENCE)."
          + " Default: ${DEFAULT-VALUE}.")
  String tokenAudience;

  @Option(names = "--access-token-ttl", defaultValue = "${env:APIGRANTS_ACCESS_TOKEN_TTL:-PT10M}",
      description = "Lifetime of access tokens, ISO-8601, at most PT24H"
          + " (APIGRANTS_ACCESS_TOKEN_TTL). Default: ${DEFAULT-VALUE}.")
  Duration accessTokenTtl;

  @Option(names = "--signing-key-rotation",
      defaultValue = "${env:APIGRANTS_SIGNING_KEY_ROTATION:-P1D}",
      description = "How long one access-token signing key signs before the next takes over"
          + " (APIGRANTS_SIGNING_KEY_ROTATION). Default: ${DEFAULT-VALUE}.")
  Duration signingKeyRotation;

  @Option(names = "--event-retention", defaultValue = "${env:APIGRANTS_EVENT_RETENTION:-P7D}",
      description = "How long grant events stay resumable (APIGRANTS_EVENT_RETENTION)."
          + " Default: ${DEFAULT-VALUE}.")
  Duration eventRetention;

  @Option(names = "--expiring-notice-lead",
      defaultValue = "${env:APIGRANTS_EXPIRING_NOTICE_LEAD:-P7D}",
      description = "How long before a grant expires its EXPIRING_SOON event fires"
          + " (APIGRANTS_EXPIRING_NOTICE_LEAD). Default: ${DEFAULT-VALUE}.")
  Duration expiringNoticeLead;

  @Option(names = "--event-stall-timeout",
      defaultValue = "${env:APIGRANTS_EVENT_STALL_TIMEOUT:-PT1M}",
      description = "How long a WatchGrantEvents consumer may leave waiting events unread before"
          + " the stream is closed (APIGRANTS_EVENT_STALL_TIMEOUT). Default: ${DEFAULT-VALUE}.")
  Duration eventStallTimeout;

  @Option(names = "--verify-cache-size",
      defaultValue = "${env:APIGRANTS_VERIFY_CACHE_SIZE:-100000}",
      description = "Live secrets the verification cache holds at most; 0 turns it off"
          + " (APIGRANTS_VERIFY_CACHE_SIZE). Default: ${DEFAULT-VALUE}.")
  long verifyCacheSize;

  @Option(names = "--verify-cache-ttl", defaultValue = "${env:APIGRANTS_VERIFY_CACHE_TTL:-PT30S}",
      description = "How long a cached answer may serve without a read, also while the database"
          + " is unreachable, ISO-8601 (APIGRANTS_VERIFY_CACHE_TTL). Default: ${DEFAULT-VALUE}.")
  Duration verifyCacheTtl;

  @Option(names = "--verify-negative-ttl",
      defaultValue = "${env:APIGRANTS_VERIFY_NEGATIVE_TTL:-PT5S}",
      description = "How long an unknown secret is remembered as unknown, ISO-8601"
          + " (APIGRANTS_VERIFY_NEGATIVE_TTL). Default: ${DEFAULT-VALUE}.")
  Duration verifyNegativeTtl;

  /** Validates the flags and builds the config, failing with a message naming the setting. */
  public ServerConfig toConfig() {
    Optional<String> url = present(dbUrl);
    if (port < 0 || port > 65535) {
      throw new ConfigException("APIGRANTS_PORT must be between 0 and 65535, was " + port);
    }
    if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
      throw new ConfigException("APIGRANTS_DB_URL must be a jdbc:postgresql: URL");
    }
    if (url.isPresent() && jwksFile == null) {
      throw new ConfigException("APIGRANTS_JWKS_FILE is required when APIGRANTS_DB_URL is set:"
          + " without it no caller could be authenticated; refusing to run open.");
    }
    if (url.isPresent() && pepperFile == null) {
      throw new ConfigException("APIGRANTS_PEPPER_FILE is required when APIGRANTS_DB_URL is set:"
          + " secrets are hashed with it and it must live outside the database.");
    }
    if (url.isPresent() && present(issuer).isEmpty()) {
      throw new ConfigException("APIGRANTS_ISSUER is required when APIGRANTS_DB_URL is set.");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ConfigException("APIGRANTS_TLS_CERT and APIGRANTS_TLS_KEY go together.");
    }
    if (tlsClientCa != null && tlsCert == null) {
      throw new ConfigException("APIGRANTS_TLS_CLIENT_CA needs APIGRANTS_TLS_CERT and _KEY.");
    }
    if (present(secretPrefix).isEmpty() || secretPrefix.length() > 32) {
      throw new ConfigException("APIGRANTS_SECRET_PREFIX must be 1 to 32 characters.");
    }
    if (shutdownGrace.isNegative()) {
      throw new ConfigException("APIGRANTS_SHUTDOWN_GRACE must not be negative.");
    }
    if (verifyCacheSize < 0) {
      throw new ConfigException("APIGRANTS_VERIFY_CACHE_SIZE must not be negative.");
    }
    if (verifyCacheTtl.isNegative() || verifyCacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
      throw new ConfigException("APIGRANTS_VERIFY_CACHE_TTL must be between 0 and "
          + MAX_CACHE_TTL + ": it bounds how long a revoked secret may still verify.");
    }
    if (verifyNegativeTtl.isNegative() || verifyNegativeTtl.compareTo(MAX_CACHE_TTL) > 0) {
      throw new ConfigException("APIGRANTS_VERIFY_NEGATIVE_TTL must be between 0 and "
          + MAX_CACHE_TTL + ".");
    }
    if (dbPasswordFile != null && dbPassword != null) {
      throw new ConfigException("set APIGRANTS_DB_PASSWORD or APIGRANTS_DB_PASSWORD_FILE, not both");
    }
    return new ServerConfig(
        port,
        url,
        present(dbUser),
        dbPasswordFile == null ? present(dbPassword) : Optional.of(readPassword(dbPasswordFile)),
        dataDir,
        Optional.ofNullable(jwksFile),
        present(issuer).orElse(ServerConfig.DEV_ISSUER),
        audience,
        Optional.ofNullable(pepperFile),
        secretPrefix,
        Optional.ofNullable(tlsCert),
        Optional.ofNullable(tlsKey),
        Optional.ofNullable(tlsClientCa),
        Optional.ofNullable(scopesFile),
        shutdownGrace,
        new AccessTokenSettings(tokenIssuer, tokenAudience, accessTokenTtl, signingKeyRotation),
        new EventSettings(eventRetention, expiringNoticeLead, eventStallTimeout),
        new VerifyCacheSettings(verifyCacheSize, verifyCacheTtl, verifyNegativeTtl));
  }

  private static String readPassword(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException("cannot read APIGRANTS_DB_PASSWORD_FILE " + file, e);
    }
  }

  private static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
