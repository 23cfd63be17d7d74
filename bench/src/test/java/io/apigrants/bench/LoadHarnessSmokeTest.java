package io.apigrants.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The harness runs end to end with tiny sizes, so it does not rot between benchmark runs. It
 * measures nothing worth reading.
 */
class LoadHarnessSmokeTest {

  @Test
  void tinyRunPrintsEveryFigure() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      LoadHarness.main(new String[] {"--grants=300", "--seconds=1", "--warmup=0",
          "--callers=2", "--warm-secrets=50", "--revocations=3", "--heap-grants=100"});
    } finally {
      System.setOut(original);
    }

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("loaded 300 grants", "executor set-up:", "ratios at 2 callers",
        "access tokens at 2 callers", "from the commit (3 revocations)", "grants cached");
    // A refused exchange or an inactive token counts as failed: these must all have worked.
    assertThat(output).containsPattern("(?m)^IssueAccessToken +2 .* 0$")
        .containsPattern("(?m)^VerifyAccessToken +2 .* 0$");
    assertThat(output).doesNotContain("wk_secret:");
  }
}
