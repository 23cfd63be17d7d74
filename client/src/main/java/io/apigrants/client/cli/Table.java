package io.apigrants.client.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of text cells printed with aligned columns: a header row, then one row per item, the
 * columns separated by at least two spaces. The last column is not padded, so lines carry no
 * trailing blanks.
 */
final class Table implements TextView {
  private static final String GAP = "  ";

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  private Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  /** Starts a table with these column headers. */
  static Table withHeaders(String... headers) {
    return new Table(headers);
  }

  /** Adds a row; null cells print as {@code -}. */
  Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    rows.add(Arrays.stream(cells).map(Table::text).toArray(String[]::new));
    return this;
  }

  private static String text(Object cell) {
    if (cell == null) {
      return "-";
    }
    String text = cell.toString().replace('\n', ' ');
    return text.isEmpty() ? "-" : text;
  }

  /** Prints the table, headers first. */
  @Override
  public void print(PrintWriter out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int column = 0; column < columns; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < columns; column++) {
        line.append(row[column]);
        if (column < columns - 1) {
          line.append(" ".repeat(widths[column] - row[column].length())).append(GAP);
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
