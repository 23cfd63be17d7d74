package io.apigrants.client.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource printed as aligned {@code label:  value} lines, the human form of a single grant,
 * policy or verification answer.
 */
final class Fields implements TextView {
  private final List<String[]> lines = new ArrayList<>();

  /** Adds a line; a null or empty value prints as {@code -}. */
  Fields add(String label, Object value) {
    String text = value == null ? "" : value.toString();
    lines.add(new String[] {label + ":", text.isEmpty() ? "-" : text});
    return this;
  }

  /** Prints the lines with the values aligned. */
  @Override
  public void print(PrintWriter out) {
    int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
    for (String[] line : lines) {
      out.println(line[0] + " ".repeat(width - line[0].length()) + "  " + line[1]);
    }
  }
}
