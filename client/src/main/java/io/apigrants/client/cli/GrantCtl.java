package io.apigrants.client.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grantctl}: the command line of API Grants, for admins, users, and scripts.
 *
 * <p>Each command group lives in its own class. Results go to stdout as aligned tables, or as
 * proto3 JSON with {@code --json}; notes and errors go to stderr. The exit code says what
 * happened: see {@link ExitCode}.
 */
@Command(
    name = "grantctl",
    mixinStandardHelpOptions = true,
    versionProvider = GrantCtl.Version.class,
    description = "Manages API grants and their secrets on an API Grants server.",
    subcommands = {
        GrantsCommand.class,
        WorkspacesCommand.class,
        UsersCommand.class,
        ScopesCommand.class,
        PolicyCommand.class,
        AuditCommand.class,
        MyCommand.class,
        VerifyCommand.class,
        RevokeLeakedCommand.class,
        TokensCommand.class,
        EventsCommand.class,
        DevTokenCommand.class,
        HelpCommand.class
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  export APIGRANTS_TOKEN=$(grantctl dev-token --user alice --org acme \\",
        "      --role org_security_admin)",
        "  grantctl grants list --username bob",
        "",
        "Every command reads --target and --token, or APIGRANTS_TARGET and",
        "APIGRANTS_TOKEN (default target localhost:8443; plaintext unless --tls-ca)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ok",
        "1:usage or local error",
        "2:rejected by the server (any gRPC error except the two below)",
        "3:unreachable (UNAVAILABLE or DEADLINE_EXCEEDED)"})
public final class GrantCtl implements Callable<Integer> {
  private final Map<String, String> environment;
  private final InputStream stdin;

  @Spec
  private CommandSpec spec;

  private GrantCtl(Map<String, String> environment, InputStream stdin) {
    this.environment = Map.copyOf(environment);
    this.stdin = stdin;
  }

  /** Runs grantctl with the process's environment and streams, and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine(System.getenv(), System.in).execute(args));
  }

  /**
   * Returns a grantctl command line reading {@code APIGRANTS_*} settings from
   * {@code environment} and piped secrets from {@code stdin}; set its out and err writers to
   * capture output.
   */
  public static CommandLine commandLine(Map<String, String> environment, InputStream stdin) {
    CommandLine commandLine = new CommandLine(new GrantCtl(environment, stdin));
    FailureReporter failures = new FailureReporter();
    commandLine.setParameterExceptionHandler(failures);
    commandLine.setExecutionExceptionHandler(failures);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  /** The environment grantctl was started with, seen from any of its commands. */
  static Map<String, String> environment(CommandSpec command) {
    return ((GrantCtl) command.root().userObject()).environment;
  }

  /** The stdin grantctl was started with, seen from any of its commands. */
  static InputStream stdin(CommandSpec command) {
    return ((GrantCtl) command.root().userObject()).stdin;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  /** Prints the version from the jar's manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = GrantCtl.class.getPackage().getImplementationVersion();
      return new String[] {"grantctl " + (version == null ? "(development build)" : version)};
    }
  }
}
