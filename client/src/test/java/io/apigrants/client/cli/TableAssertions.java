package io.apigrants.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Checks grantctl's tables: every row's cells start exactly under their column header. */
final class TableAssertions {
  private TableAssertions() {}

  /** Asserts that {@code lines} form an aligned table under {@code headers}, and returns rows. */
  static List<List<String>> assertAlignedTable(List<String> lines, String... headers) {
    assertThat(lines).as("table lines").isNotEmpty();
    String header = lines.get(0);
    List<Integer> starts = new ArrayList<>();
    for (String name : headers) {
      int start = header.indexOf(name, starts.isEmpty() ? 0 : starts.get(starts.size() - 1));
      assertThat(start).as("header %s in %s", name, header).isNotNegative();
      starts.add(start);
    }
    assertThat(String.join("  ", headers).replaceAll(" +", " "))
        .isEqualTo(header.replaceAll(" +", " "));

    List<List<String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = new ArrayList<>();
      for (int column = 0; column < starts.size(); column++) {
        int start = starts.get(column);
        assertThat(line.length()).as("row too short: %s", line).isGreaterThan(start);
        assertThat(line.charAt(start)).as("cell %d starts under its header: %s", column, line)
            .isNotEqualTo(' ');
        if (column > 0) {
          assertThat(line.substring(start - 2, start)).as("gap before cell %d: %s", column, line)
              .isEqualTo("  ");
        }
        int end = column + 1 < starts.size() ? starts.get(column + 1) : line.length();
        cells.add(line.substring(start, end).strip());
      }
      rows.add(cells);
    }
    return rows;
  }
}
