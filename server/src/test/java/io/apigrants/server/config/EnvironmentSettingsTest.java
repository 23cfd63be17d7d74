package io.apigrants.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every setting of README's configuration table, fed through the environment as a deployment
 * feeds it, reaches the config: a misspelt variable would otherwise fall back to its default
 * (for APIGRANTS_DB_URL, to development mode) without a word.
 */
class EnvironmentSettingsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern VARIABLE = Pattern.compile("`(APIGRANTS_[A-Z_]+)`");

  @TempDir
  Path dir;

  @Test
  void thisTestSetsEveryVariableOfTheReadmeTable() throws IOException {
    Set<String> tested = new TreeSet<>(everySetting().keySet());
    tested.add("APIGRANTS_DB_PASSWORD");

    assertThat(tested).isEqualTo(readmeVariables());
  }

  @Test
  void everySettingIsReadFromTheEnvironment() throws IOException {
    Map<String, String> environment = everySetting();

    ServerOptions options = ServerOptions.parse(environment);
    ServerConfig config = options.toConfig();

    assertThat(config).isEqualTo(new ServerConfig(
        9443,
        Optional.of("jdbc:postgresql://db.test:5432/grants"),
        Optional.of("grants_owner"),
        Optional.of("password-from-file"),
        Path.of("/srv/grants"),
        Optional.of(Path.of("/etc/grants/jwks.json")),
        "https://idp.test",
        "grants-api",
        Optional.of(Path.of("/etc/grants/pepper")),
        "ag_",
        Optional.of(Path.of("/etc/grants/cert.pem")),
        Optional.of(Path.of("/etc/grants/key.pem")),
        Optional.of(Path.of("/etc/grants/clients.pem")),
        Optional.of(Path.of("/etc/grants/scopes.txt")),
        Duration.ofSeconds(3),
        new AccessTokenSettings("https://grants.test", "gateway", Duration.ofMinutes(5),
            Duration.ofHours(12)),
        new EventSettings(Duration.ofDays(30), Duration.ofDays(2), Duration.ofSeconds(45)),
        new VerifyCacheSettings(500, Duration.ofMinutes(2), Duration.ofSeconds(2))));
    assertThat(options.logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void passwordIsReadFromTheEnvironmentLiterally() throws IOException {
    Map<String, String> environment = everySetting();
    environment.remove("APIGRANTS_DB_PASSWORD_FILE");
    environment.put("APIGRANTS_DB_PASSWORD", "pa${ss}word");

    ServerConfig config = ServerOptions.parse(environment).toConfig();

    assertThat(config.dbPassword()).contains("pa${ss}word");
  }

  @Test
  void flagsOverrideTheEnvironment() throws IOException {
    ServerConfig config = ServerOptions.parse(everySetting(), "--port", "7000").toConfig();

    assertThat(config.port()).isEqualTo(7000);
  }

  @Test
  void blankVariablesLeaveTheDefaults() {
    ServerConfig config = ServerOptions.parse(
        Map.of("APIGRANTS_DB_URL", " ", "APIGRANTS_PORT", "")).toConfig();

    assertThat(config.isEmbedded()).isTrue();
    assertThat(config.port()).isEqualTo(8443);
  }

  /** Each variable set to a value that differs from its default; the password as a file. */
  private Map<String, String> everySetting() throws IOException {
    Path password = Files.writeString(dir.resolve("db_password"), "password-from-file\n");
    Map<String, String> environment = new HashMap<>();
    environment.put("APIGRANTS_PORT", "9443");
    environment.put("APIGRANTS_DB_URL", "jdbc:postgresql://db.test:5432/grants");
    environment.put("APIGRANTS_DB_USER", "grants_owner");
    environment.put("APIGRANTS_DB_PASSWORD_FILE", password.toString());
    environment.put("APIGRANTS_DATA_DIR", "/srv/grants");
    environment.put("APIGRANTS_JWKS_FILE", "/etc/grants/jwks.json");
    environment.put("APIGRANTS_ISSUER", "https://idp.test");
    environment.put("APIGRANTS_AUDIENCE", "grants-api");
    environment.put("APIGRANTS_PEPPER_FILE", "/etc/grants/pepper");
    environment.put("APIGRANTS_SECRET_PREFIX", "ag_");
    environment.put("APIGRANTS_TLS_CERT", "/etc/grants/cert.pem");
    environment.put("APIGRANTS_TLS_KEY", "/etc/grants/key.pem");
    environment.put("APIGRANTS_TLS_CLIENT_CA", "/etc/grants/clients.pem");
    environment.put("APIGRANTS_SCOPES_FILE", "/etc/grants/scopes.txt");
    environment.put("APIGRANTS_TOKEN_ISSUER", "https://grants.test");
    environment.put("APIGRANTS_TOKEN_AUDIENCE", "gateway");
    environment.put("APIGRANTS_ACCESS_TOKEN_TTL", "PT5M");
    environment.put("APIGRANTS_SIGNING_KEY_ROTATION", "PT12H");
    environment.put("APIGRANTS_EVENT_RETENTION", "P30D");
    environment.put("APIGRANTS_EXPIRING_NOTICE_LEAD", "P2D");
    environment.put("APIGRANTS_EVENT_STALL_TIMEOUT", "PT45S");
    environment.put("APIGRANTS_SHUTDOWN_GRACE", "PT3S");
    environment.put("APIGRANTS_VERIFY_CACHE_SIZE", "500");
    environment.put("APIGRANTS_VERIFY_CACHE_TTL", "PT2M");
    environment.put("APIGRANTS_VERIFY_NEGATIVE_TTL", "PT2S");
    environment.put("APIGRANTS_LOG_LEVEL", "debug");
    return environment;
  }

  /** The variables named in the rows of README's configuration table. */
  private static Set<String> readmeVariables() throws IOException {
    String readme = Files.readString(README);
    int table = readme.indexOf("## Configuration");
    int next = readme.indexOf("\n## ", table + 1);
    Set<String> variables = new TreeSet<>();
    for (String line : readme.substring(table, next).split("\n")) {
      if (line.startsWith("| `APIGRANTS_")) {
        Matcher names = VARIABLE.matcher(line.substring(0, line.indexOf('|', 1)));
        while (names.find()) {
          variables.add(names.group(1));
        }
      }
    }
    assertThat(variables).as("README's configuration table").isNotEmpty();
    return variables;
  }
}
