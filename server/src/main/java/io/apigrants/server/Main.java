package io.apigrants.server;

import ch.qos.logback.classic.Level;
import io.apigrants.server.config.ConfigException;
import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.config.ServerOptions;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Starts the server from flags and {@code APIGRANTS_*} variables; stops it on SIGTERM. */
@Command(name = "apigrants-server", mixinStandardHelpOptions = true,
    description = "Serves GrantAdmin, UserSecurity and TokenVerification over gRPC.")
public final class Main implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  @Mixin
  private ServerOptions options;

  public static void main(String[] args) {
    System.exit(run(System.getenv(), args));
  }

  /**
   * Starts a server from {@code args} and the {@code APIGRANTS_*} variables of
   * {@code environment}, and returns the exit code once it has stopped, or at once if it could
   * not start.
   */
  static int run(Map<String, String> environment, String... args) {
    return ServerOptions.withEnvironment(new CommandLine(new Main()), environment).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    try {
      setRootLogLevel(options.logLevel());
      config = options.toConfig();
    } catch (ConfigException e) {
      log.error("refusing to start: {}", e.getMessage());
      return 2;
    }
    log.info("starting with {}", config);

    ApiGrantsServer server;
    try {
      server = ApiGrantsServer.start(config, Clock.systemUTC());
    } catch (ConfigException e) {
      log.error("refusing to start: {}", e.getMessage());
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "apigrants-shutdown"));
    server.awaitTermination();
    return 0;
  }

  /** Applies the flag; logback's own configuration has already applied the variable. */
  private static void setRootLogLevel(String level) {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.valueOf(level));
  }
}
