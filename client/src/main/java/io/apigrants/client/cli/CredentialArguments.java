package io.apigrants.client.cli;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command-line arguments of one run that may be credentials, and a redactor that blanks
 * them out of a usage error.
 *
 * <p>picocli quotes the arguments it cannot place, so a mistyped {@code --secrt wk_secret:...}
 * would print the secret to stderr. An argument counts as a credential when it holds the
 * default secret prefix, or is the value of an option that takes one: a known option whose
 * parameter is a {@code SECRET} or a {@code JWT}, or an unknown option whose name is, or is a
 * typo of, a credential word ({@code --secrt}, {@code --client-secret}, {@code --tokn}).
 */
final class CredentialArguments {
  static final String MASK = "****";

  private static final String SECRET_PREFIX = "wk_secret:";
  private static final Pattern PREFIXED_SECRET =
      Pattern.compile(Pattern.quote(SECRET_PREFIX) + "[^\\s',]*");
  private static final Set<String> CREDENTIAL_LABELS = Set.of("SECRET", "JWT");
  private static final List<String> CREDENTIAL_WORDS = List.of("secret", "token", "password");
  private static final int MAX_TYPO_DISTANCE = 2;
  /** Shorter values are masked only where quoted: a bare "x" would garble the whole message. */
  private static final int MIN_BARE_LENGTH = 8;

  private final List<String> values;

  private CredentialArguments(List<String> values) {
    this.values = values;
  }

  /** Finds the credentials among {@code args}, judging known options by {@code command}'s tree. */
  static CredentialArguments in(String[] args, CommandSpec command) {
    Set<String> knownOptions = new HashSet<>();
    Set<String> credentialOptions = new HashSet<>();
    collectOptions(command.root(), knownOptions, credentialOptions);

    Set<String> found = new HashSet<>();
    boolean valueFollows = false;
    for (String arg : args) {
      if (valueFollows) {
        found.add(arg);
      }
      valueFollows = false;
      if (arg.startsWith("-") && arg.length() > 1) {
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        boolean takesCredential = knownOptions.contains(name)
            ? credentialOptions.contains(name)
            : looksLikeCredentialOption(name);
        if (takesCredential && equals >= 0) {
          found.add(arg.substring(equals + 1));
        }
        valueFollows = takesCredential && equals < 0;
      }
    }
    found.removeIf(String::isEmpty);
    return new CredentialArguments(found.stream()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList());
  }

  // Not yet: a value after an option misspelt beyond two edits ("--sec"), or a secret with a
  // deployment's own prefix left as a stray argument, is still echoed.

  /** {@code text} with every credential argument, and anything with the secret prefix, masked. */
  String redact(String text) {
    String redacted = text;
    for (String value : values) {
      redacted = redacted.replace("'" + value + "'", "'" + MASK + "'");
      if (value.length() >= MIN_BARE_LENGTH) {
        redacted = redacted.replace(value, MASK);
      }
    }
    return PREFIXED_SECRET.matcher(redacted).replaceAll(MASK);
  }

  private static void collectOptions(CommandSpec root, Set<String> known, Set<String> credential) {
    Deque<CommandSpec> commands = new ArrayDeque<>(List.of(root));
    while (!commands.isEmpty()) {
      CommandSpec command = commands.pop();
      for (OptionSpec option : command.options()) {
        known.addAll(List.of(option.names()));
        if (CREDENTIAL_LABELS.contains(option.paramLabel())) {
          credential.addAll(List.of(option.names()));
        }
      }
      command.subcommands().values().forEach(sub -> commands.push(sub.getCommandSpec()));
    }
  }

  private static boolean looksLikeCredentialOption(String name) {
    for (String word : name.replaceFirst("^-+", "").toLowerCase(Locale.ROOT).split("[-_.]")) {
      if (word.length() < 3) {
        continue;
      }
      for (String credentialWord : CREDENTIAL_WORDS) {
        if (word.contains(credentialWord) || distance(word, credentialWord) <= MAX_TYPO_DISTANCE) {
          return true;
        }
      }
    }
    return false;
  }

  /** Edits (insert, delete, replace, swap two neighbours) that turn {@code a} into {@code b}. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
