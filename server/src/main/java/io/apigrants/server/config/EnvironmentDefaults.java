package io.apigrants.server.config;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Fills every server flag not given on the command line from its environment variable:
 * {@code --db-url} from {@code APIGRANTS_DB_URL}, {@code --shutdown-grace} from
 * {@code APIGRANTS_SHUTDOWN_GRACE}. A variable that is unset or blank leaves the flag's own
 * default.
 *
 * <p>The environment is a map so that tests can hand one in; {@link ServerOptions#parse} takes
 * the process's.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  static final String PREFIX = "APIGRANTS_";

  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The variable that backs {@code flag}, e.g. {@code APIGRANTS_DB_URL} for {@code --db-url}. */
  static String variableFor(String flag) {
    return PREFIX + flag.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String value = environment.get(variableFor(option.longestName()));
    if (value == null || value.isBlank()) {
      return null;
    }
    // picocli expands ${...} in default values; a password may hold that sequence literally.
    return value.replace("${", "$${");
  }
}
