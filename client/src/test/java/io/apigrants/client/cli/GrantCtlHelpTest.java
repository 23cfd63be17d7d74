package io.apigrants.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class GrantCtlHelpTest {
  private final GrantCtlRunner grantctl = GrantCtlRunner.against("localhost:1");

  static Stream<String> commands() {
    List<String> paths = new ArrayList<>();
    collect(GrantCtl.commandLine(Map.of(), new ByteArrayInputStream(new byte[0])), "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, String path, List<String> paths) {
    paths.add(path);
    command.getSubcommands().forEach((name, subcommand) -> {
      if (!name.equals("help")) {
        collect(subcommand, (path + " " + name).strip(), paths);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandHasHelpWithAnExample(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");

    GrantCtlRunner.Result result = grantctl.run(args.toArray(String[]::new));

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.out()).startsWith("Usage: grantctl" + (command.isEmpty() ? "" : " " + command))
        .contains("Example:");
    assertThat(result.out().substring(result.out().indexOf("Example:")))
        .contains("grantctl " + command);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "grants",
      "grants list --no-such-flag",
      "grants get",
      "grants create --client-name x --workspace w --username u",
      "grants create --client-name x --workspace w --username u --expires-in soon",
      "grants update grants/x",
      "grants list --state unrecognized",
      "users upsert bob --state state_unspecified",
      "policy set",
      "my regenerate grants/x --previous-secret-ttl forever",
      "dev-token --org acme"})
  void usageErrorsExitOneWithoutCallingTheServer(String command) {
    String[] args = command.isEmpty() ? new String[0] : command.split(" ");

    GrantCtlRunner.Result result = grantctl.withEnvironment("APIGRANTS_TOKEN", "t").run(args);

    assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).first().asString().startsWith("error: ");
    assertThat(result.err()).doesNotContain("\tat ");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "verify --secrt wk_secret:%s --client-ip 10.0.0.1",
      "verify --client-ip 10.0.0.1 --secrt=wk_secret:%s",
      "verify --client-ip 10.0.0.1 wk_secret:%s",
      "tokens issue --client-id 7 --client-secret %s",
      "grants list --tokn %s"})
  void usageErrorsDoNotEchoCredentials(String command) {
    String credential = "Xq7fPz2Lk9Rt4Vw1Ys8Nb3Md6";
    String[] args = String.format(command, credential).split(" ");

    GrantCtlRunner.Result result = grantctl.withEnvironment("APIGRANTS_TOKEN", "t").run(args);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines()).first().asString().startsWith("error: ");
    assertThat(result.err()).doesNotContain(credential);
    assertThat(result.out()).doesNotContain(credential);
  }

  @Test
  void usageErrorsStillNameOrdinaryArguments() {
    GrantCtlRunner.Result result = grantctl.withEnvironment("APIGRANTS_TOKEN", "t")
        .run("grants", "list", "--usernme", "bob");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
    assertThat(result.err()).contains("'--usernme'", "'bob'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grants list", "my grants", "verify --client-ip 10.0.0.1 --secret x"})
  void missingTokenIsAUsageError(String command) {
    GrantCtlRunner.Result result = grantctl.run(command.split(" "));

    assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
    assertThat(result.err()).contains("APIGRANTS_TOKEN");
  }
}
