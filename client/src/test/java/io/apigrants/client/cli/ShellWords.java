package io.apigrants.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a command line into words the way a POSIX shell would for the simple lines of a README:
 * single quotes, double quotes, backslash escapes, and {@code $NAME} / {@code ${NAME}} expanded
 * from earlier captures. Anything fancier (command substitution inside a word, globs) is refused.
 */
final class ShellWords {
  private ShellWords() {}

  static List<String> split(String line, Map<String, String> variables) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        require(end > 0, "unterminated single quote", line);
        word.append(line, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(line, i + 1, word, variables);
        inWord = true;
      } else if (c == '\\') {
        require(i + 1 < line.length(), "dangling backslash", line);
        word.append(line.charAt(i + 1));
        inWord = true;
        i += 2;
      } else if (c == '$') {
        i = expand(line, i, word, variables);
        inWord = true;
      } else {
        require("|&;<>()`*?".indexOf(c) < 0, "unsupported shell syntax '" + c + "'", line);
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static int doubleQuoted(
      String line, int start, StringBuilder word, Map<String, String> variables) {
    int i = start;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
        word.append(line.charAt(i + 1));
        i += 2;
      } else if (c == '$') {
        i = expand(line, i, word, variables);
      } else {
        require(c != '`', "unsupported command substitution", line);
        word.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated double quote in: " + line);
  }

  private static int expand(
      String line, int dollar, StringBuilder word, Map<String, String> variables) {
    int i = dollar + 1;
    require(i < line.length() && line.charAt(i) != '(', "unsupported $( ) inside a word", line);
    boolean braced = line.charAt(i) == '{';
    int start = braced ? i + 1 : i;
    int end = start;
    while (end < line.length()
        && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
      end++;
    }
    String name = line.substring(start, end);
    require(!name.isEmpty(), "a lone $", line);
    require(variables.containsKey(name), "$" + name + " is not set by an earlier step", line);
    word.append(variables.get(name));
    if (braced) {
      require(end < line.length() && line.charAt(end) == '}', "unterminated ${", line);
      return end + 1;
    }
    return end;
  }

  private static void require(boolean condition, String problem, String line) {
    if (!condition) {
      throw new IllegalArgumentException(problem + " in: " + line);
    }
  }
}
