package io.apigrants.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.apigrants.client.testing.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's "Quickstart with grantctl" exactly as written, against a server started on
 * the embedded default.
 *
 * <p>Every line of the section's {@code sh} blocks is either a {@code grantctl} command, a
 * {@code NAME=$(grantctl ...)} capture of one, or one of the known steps that build and start
 * the server (which the test replaces by its own embedded server and the environment pointing
 * grantctl at it). Anything else fails the test, so the README cannot grow a step this test
 * skips. A {@code text} block after a command block shows what its last command prints: each of
 * its lines without an ellipsis must appear in that output, spaces aside.
 */
class ReadmeQuickstartTest {
  private static final String SECTION = "## Quickstart with grantctl";
  private static final Pattern CAPTURE = Pattern.compile("([A-Z_][A-Z0-9_]*)=\\$\\((grantctl .*)\\)");
  private static final List<String> SERVER_STEPS = List.of(
      "./mvnw ", "java -jar server/target/", "export PATH=");

  @TempDir
  Path dataDir;

  @Test
  void quickstartRunsAsWritten() throws IOException {
    List<Block> blocks = blocks(section(Files.readString(readme())));
    Map<String, String> variables = new HashMap<>();
    Set<String> commandsRun = new LinkedHashSet<>();

    try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
      GrantCtlRunner grantctl = GrantCtlRunner.against(server.target())
          .withEnvironment("APIGRANTS_DATA_DIR", dataDir.toString());
      GrantCtlRunner.Result last = null;
      for (Block block : blocks) {
        if (block.language().equals("text")) {
          assertThat(last).as("a text block must follow a command block").isNotNull();
          assertShows(last, block.lines());
          continue;
        }
        for (String line : commands(block.lines())) {
          if (SERVER_STEPS.stream().anyMatch(line::startsWith)) {
            continue;
          }
          Matcher capture = CAPTURE.matcher(line);
          String command = capture.matches() ? capture.group(2) : line;
          if (!command.startsWith("grantctl ")) {
            fail("the quickstart has a step this test does not know: " + line);
          }
          List<String> args = ShellWords.split(command.substring("grantctl ".length()), variables);

          last = grantctl.run(args.toArray(String[]::new));

          assertThat(last.exitCode()).as("%s\n%s", line, last).isZero();
          commandsRun.add(String.join(" ", args.stream()
              .takeWhile(arg -> !arg.startsWith("-"))
              .limit(2)
              .toList()));
          if (capture.matches()) {
            variables.put(capture.group(1), last.out().strip());
          }
        }
      }
    }

    assertThat(commandsRun).contains("dev-token", "workspaces create", "users upsert",
        "grants create", "grants list", "my regenerate", "verify", "grants update");
  }

  private static void assertShows(GrantCtlRunner.Result result, List<String> expected) {
    List<String> shown = result.outLines().stream().map(ReadmeQuickstartTest::squeeze).toList();
    for (String line : expected) {
      if (!line.contains("…") && !line.isBlank()) {
        assertThat(shown).as("the README says the output shows '%s'\n%s", line, result)
            .contains(squeeze(line));
      }
    }
  }

  private static String squeeze(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  private static Path readme() {
    String path = System.getProperty("apigrants.readme");
    assertThat(path).as("system property apigrants.readme (set in client/pom.xml)").isNotNull();
    return Path.of(path);
  }

  private static String section(String readme) {
    int start = readme.indexOf(SECTION);
    assertThat(start).as("README section '%s'", SECTION).isNotNegative();
    int end = readme.indexOf("\n## ", start + SECTION.length());
    return end < 0 ? readme.substring(start) : readme.substring(start, end);
  }

  /** A fenced block: its language and lines. */
  private record Block(String language, List<String> lines) {}

  private static List<Block> blocks(String section) {
    List<Block> blocks = new ArrayList<>();
    String language = null;
    List<String> lines = new ArrayList<>();
    for (String line : section.lines().toList()) {
      if (line.startsWith("```") && language == null) {
        language = line.substring(3).strip();
        lines = new ArrayList<>();
      } else if (line.startsWith("```")) {
        if (language.equals("sh") || language.equals("text")) {
          blocks.add(new Block(language, lines));
        }
        language = null;
      } else if (language != null) {
        lines.add(line);
      }
    }
    return blocks;
  }

  /** Joins continued lines and drops comments and blank lines. */
  private static List<String> commands(List<String> lines) {
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      commands.add(current.toString().strip());
      current.setLength(0);
    }
    assertThat(current).as("a command ends with a line continuation").isEmpty();
    return commands;
  }
}
