package io.apigrants.client.cli;

import static io.apigrants.client.cli.TableAssertions.assertAlignedTable;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAlignUnderTheWidestCell() {
    StringWriter out = new StringWriter();

    Table.withHeaders("NAME", "CLIENT NAME", "STATE")
        .row("grants/1", "Budget sync for the finance team", "ENABLED")
        .row("grants/22", "", null)
        .print(new PrintWriter(out, true));

    List<String> lines = out.toString().lines().toList();
    List<List<String>> rows = assertAlignedTable(lines, "NAME", "CLIENT NAME", "STATE");
    assertThat(rows).containsExactly(
        List.of("grants/1", "Budget sync for the finance team", "ENABLED"),
        List.of("grants/22", "-", "-"));
    assertThat(lines).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
  }

  @Test
  void fieldsAlignTheirValues() {
    StringWriter out = new StringWriter();

    new Fields().add("name", "grants/1").add("previous secret ends", "").print(
        new PrintWriter(out, true));

    assertThat(out.toString().lines()).containsExactly(
        "name:                  grants/1",
        "previous secret ends:  -");
  }
}
