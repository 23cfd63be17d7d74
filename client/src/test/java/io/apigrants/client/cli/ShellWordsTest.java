package io.apigrants.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
  private final Map<String, String> variables = Map.of("GRANT", "grants/1", "TOKEN", "a.b.c");

  @Test
  void quotesAndVariablesBehaveAsInAShell() {
    assertThat(ShellWords.split(
        "grants update \"$GRANT\" --client-name 'Budget $sync' --ip-allowlist \"10.0.0.0/8, "
            + "192.168.1.7\" --token ${TOKEN} x\\ y", variables))
        .containsExactly("grants", "update", "grants/1", "--client-name", "Budget $sync",
            "--ip-allowlist", "10.0.0.0/8, 192.168.1.7", "--token", "a.b.c", "x y");
  }

  @Test
  void unknownVariableOrUnsupportedSyntaxIsRefused() {
    assertThatThrownBy(() -> ShellWords.split("verify --secret \"$SECRET\"", variables))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShellWords.split("grants list | jq .", variables))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShellWords.split("verify --secret \"$(cat f)\"", variables))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
