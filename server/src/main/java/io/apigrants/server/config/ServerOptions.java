package io.apigrants.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command-line flags, each defaulting to its {@code APIGRANTS_*} environment variable (see
 * {@link EnvironmentDefaults}), then to the default shown in its help.
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

  private static final List<String> LOG_LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  @Option(names = "--port", defaultValue = "8443",
      description = "Listening port (APIGRANTS_PORT). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--db-url",
      description = "PostgreSQL JDBC URL (APIGRANTS_DB_URL). Unset: embedded H2 under the data dir.")
  String dbUrl;

  @Option(names = "--db-user",
      description = "Database user (APIGRANTS_DB_USER).")
  String dbUser;

  @Option(names = "--db-password",
      description = "Database password (APIGRANTS_DB_PASSWORD).")
  String dbPassword;

  @Option(names = "--db-password-file",
      description = "File holding the database password, e.g. a container secret"
          + " (APIGRANTS_DB_PASSWORD_FILE).")
  Path dbPasswordFile;

  @Option(names = "--data-dir", defaultValue = "data",
      description = "Folder for the embedded database and development keys (APIGRANTS_DATA_DIR)."
          + " Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--jwks-file",
      description = "JWKS of the identity provider whose tokens are trusted (APIGRANTS_JWKS_FILE).")
  Path jwksFile;

  @Option(names = "--issuer",
      description = "Required 'iss' of caller tokens (APIGRANTS_ISSUER).")
  String issuer;

  @Option(names = "--audience", defaultValue = "apigrants",
      description = "Required 'aud' of caller tokens (APIGRANTS_AUDIENCE). Default: ${DEFAULT-VALUE}.")
  String audience;

  @Option(names = "--pepper-file",
      description = "Keys for hashing secrets (APIGRANTS_PEPPER_FILE).")
  Path pepperFile;

  @Option(names = "--secret-prefix", defaultValue = "wk_secret:",
      description = "Prefix of issued secrets (APIGRANTS_SECRET_PREFIX). Default: ${DEFAULT-VALUE}.")
  String secretPrefix;

  @Option(names = "--tls-cert",
      description = "PEM certificate chain; enables TLS (APIGRANTS_TLS_CERT).")
  Path tlsCert;

  @Option(names = "--tls-key",
      description = "PEM PKCS#8 private key of the certificate (APIGRANTS_TLS_KEY).")
  Path tlsKey;

  @Option(names = "--tls-client-ca",
      description = "PEM CA bundle; requires client certificates, i.e. mutual TLS"
          + " (APIGRANTS_TLS_CLIENT_CA).")
  Path tlsClientCa;

  @Option(names = "--scopes-file",
      description = "Scope catalog, one 'id=Display name' a line (APIGRANTS_SCOPES_FILE)."
          + " Unset: the built-in catalog.")
  Path scopesFile;

  @Option(names = "--shutdown-grace", defaultValue = "PT20S",
      description = "How long in-flight calls may finish on shutdown, ISO-8601"
          + " (APIGRANTS_SHUTDOWN_GRACE). Default: ${DEFAULT-VALUE}.")
  Duration shutdownGrace;

  @Option(names = "--token-issuer", defaultValue = "apigrants",
      description = "'iss' of the access tokens this server issues (APIGRANTS_TOKEN_ISSUER)."
          + " Default: ${DEFAULT-VALUE}.")
  String tokenIssuer;

  @Option(names = "--token-audience",
      defaultValue = "apigrants-api",
      description = "'aud' of the access tokens this server issues (APIGRANTS_TOKEN_AUDIENCE)."
          + " Default: ${DEFAULT-VALUE}.")
  String tokenAudience;

  @Option(names = "--access-token-ttl", defaultValue = "PT10M",
      description = "Lifetime of access tokens, ISO-8601, at most PT24H"
          + " (APIGRANTS_ACCESS_TOKEN_TTL). Default: ${DEFAULT-VALUE}.")
  Duration accessTokenTtl;

  @Option(names = "--signing-key-rotation",
      defaultValue = "P1D",
      description = "How long one access-token signing key signs before the next takes over"
          + " (APIGRANTS_SIGNING_KEY_ROTATION). Default: ${DEFAULT-VALUE}.")
  Duration signingKeyRotation;

  @Option(names = "--event-retention", defaultValue = "P7D",
      description = "How long grant events stay resumable (APIGRANTS_EVENT_RETENTION)."
          + " Default: ${DEFAULT-VALUE}.")
  Duration eventRetention;

  @Option(names = "--expiring-notice-lead",
      defaultValue = "P7D",
      description = "How long before a grant expires its EXPIRING_SOON event fires"
          + " (APIGRANTS_EXPIRING_NOTICE_LEAD). Default: ${DEFAULT-VALUE}.")
  Duration expiringNoticeLead;

  @Option(names = "--event-stall-timeout",
      defaultValue = "PT1M",
      description = "How long a WatchGrantEvents consumer may leave waiting events unread before"
          + " the stream is closed (APIGRANTS_EVENT_STALL_TIMEOUT). Default: ${DEFAULT-VALUE}.")
  Duration eventStallTimeout;

  @Option(names = "--verify-cache-size",
      defaultValue = "100000",
      description = "Live secrets the verification cache holds at most; 0 turns it off"
          + " (APIGRANTS_VERIFY_CACHE_SIZE). Default: ${DEFAULT-VALUE}.")
  long verifyCacheSize;

  @Option(names = "--verify-cache-ttl", defaultValue = "PT30S",
      description = "How long a cached answer may serve without a read, also while the database"
          + " is unreachable, ISO-8601 (APIGRANTS_VERIFY_CACHE_TTL). Default: ${DEFAULT-VALUE}.")
  Duration verifyCacheTtl;

  @Option(names = "--verify-negative-ttl",
      defaultValue = "PT5S",
      description = "How long an unknown secret is remembered as unknown, ISO-8601"
          + " (APIGRANTS_VERIFY_NEGATIVE_TTL). Default: ${DEFAULT-VALUE}.")
  Duration verifyNegativeTtl;

  @Option(names = "--log-level", defaultValue = "INFO",
      description = "Root log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF (APIGRANTS_LOG_LEVEL)."
          + " Default: ${DEFAULT-VALUE}.")
  String logLevel;

  /**
   * Parses {@code args}, taking each flag that is not given from its {@code APIGRANTS_*}
   * variable in {@code environment} ({@code System.getenv()} in production).
   */
  public static ServerOptions parse(Map<String, String> environment, String... args) {
    ServerOptions options = new ServerOptions();
    withEnvironment(new CommandLine(options), environment).parseArgs(args);
    return options;
  }

  /** Makes {@code commandLine}'s server flags default to their variables in {@code environment}. */
  public static CommandLine withEnvironment(CommandLine commandLine,
      Map<String, String> environment) {
    return commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
  }

  /** The root log level asked for, upper case; throws if it is not a level. */
  public String logLevel() {
    String level = logLevel.strip().toUpperCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw new ConfigException("APIGRANTS_LOG_LEVEL must be one of " + LOG_LEVELS);
    }
    return level;
  }

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
