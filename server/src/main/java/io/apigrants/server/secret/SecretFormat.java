package io.apigrants.server.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The shape of a grant secret: the deployment's prefix, 41 random base62 characters (about 244
 * bits from {@link SecureRandom}) and a 6-character base62 CRC32 of the random part.
 *
 * <p>The checksum lets scanners and this server reject a mistyped or truncated secret offline,
 * without a database read. It is no protection against forgery and is not meant to be: only the
 * stored keyed hash says whether a secret is live. Parsing checks the length before anything
 * else and uses no regular expression, so a megabyte of input costs one comparison.
 */
public final class SecretFormat {
  static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static final int RANDOM_LENGTH = 41;
  static final int CHECKSUM_LENGTH = 6;
  static final int HINT_LENGTH = 6;

  private final String prefix;
  private final SecureRandom random;

  /** A format with the configured prefix, for example {@code wk_secret:}. */
  public SecretFormat(String prefix) {
    this(prefix, new SecureRandom());
  }

  SecretFormat(String prefix, SecureRandom random) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("the secret prefix must not be empty");
    }
    this.prefix = prefix;
    this.random = random;
  }

  /** A fresh secret. */
  public Secret generate() {
    char[] randomPart = new char[RANDOM_LENGTH];
    for (int i = 0; i < randomPart.length; i++) {
      randomPart[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return compose(new String(randomPart));
  }

  /** The secret made of {@code randomPart}, which must be {@link #RANDOM_LENGTH} base62 chars. */
  Secret compose(String randomPart) {
    return new Secret(prefix + randomPart + checksum(randomPart),
        randomPart.substring(0, HINT_LENGTH));
  }

  /**
   * The secret {@code candidate} spells, or empty when it is not well formed: wrong length, wrong
   * prefix, a character outside base62, or a checksum that does not match.
   */
  public Optional<Secret> parse(String candidate) {
    int length = prefix.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    if (candidate == null || candidate.length() != length || !candidate.startsWith(prefix)) {
      return Optional.empty();
    }
    for (int i = prefix.length(); i < length; i++) {
      if (!isBase62(candidate.charAt(i))) {
        return Optional.empty();
      }
    }

    int checksumStart = prefix.length() + RANDOM_LENGTH;
    String randomPart = candidate.substring(prefix.length(), checksumStart);
    // The checksum derives from the secret, so it is compared like secret material.
    boolean checksumMatches = MessageDigest.isEqual(
        checksum(randomPart).getBytes(StandardCharsets.US_ASCII),
        candidate.substring(checksumStart).getBytes(StandardCharsets.US_ASCII));
    if (!checksumMatches) {
      return Optional.empty();
    }
    return Optional.of(
        new Secret(candidate, randomPart.substring(0, HINT_LENGTH)));
  }

  /**
   * {@code text} with every copy of {@code candidate} replaced by {@code marker}, whether or not
   * the candidate is well formed: a mistyped or truncated secret is still secret material.
   * Matches the part after the prefix, so a copy with an URL-encoded or missing prefix goes too.
   * A part no longer than a hint is left alone: it holds nothing a hint would not show.
   */
  public String redact(String candidate, String text, String marker) {
    String body = candidate.startsWith(prefix) ? candidate.substring(prefix.length()) : candidate;
    return body.length() <= HINT_LENGTH ? text : text.replace(body, marker);
  }

  /** Whether {@code c} is one of {@link #ALPHABET}'s characters; a range test, not a search. */
  private static boolean isBase62(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  /** CRC32 of the random part as 6 base62 digits, most significant first (62^6 > 2^32). */
  static String checksum(String randomPart) {
    CRC32 crc = new CRC32();
    crc.update(randomPart.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] digits = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      digits[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
      value /= ALPHABET.length();
    }
    return new String(digits);
  }
}
