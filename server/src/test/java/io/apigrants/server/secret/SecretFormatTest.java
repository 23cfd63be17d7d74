package io.apigrants.server.secret;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SecretFormatTest {
  private static final String PREFIX = "wk_secret:";
  // Spelled out because annotation values must be compile-time constants.
  private static final int PREFIX_LENGTH = 10;
  private static final int LENGTH =
      PREFIX_LENGTH + SecretFormat.RANDOM_LENGTH + SecretFormat.CHECKSUM_LENGTH;

  private final SecretFormat format = new SecretFormat(PREFIX);

  @Provide
  Arbitrary<String> randomParts() {
    return Arbitraries.strings()
        .withChars(SecretFormat.ALPHABET.toCharArray())
        .ofLength(SecretFormat.RANDOM_LENGTH);
  }

  @Example
  void generatedSecretHasPrefixRandomPartAndChecksum() {
    Secret secret = format.generate();

    assertThat(secret.text()).startsWith(PREFIX).hasSize(LENGTH);
    assertThat(secret.text().substring(PREFIX_LENGTH))
        .matches("[0-9A-Za-z]{" + (LENGTH - PREFIX_LENGTH) + "}");
    assertThat(secret.hint()).isEqualTo(secret.text().substring(PREFIX_LENGTH, 16));
    assertThat(format.parse(secret.text())).get().extracting(Secret::text)
        .isEqualTo(secret.text());
  }

  @Example
  void generatedSecretsDiffer() {
    assertThat(format.generate().text()).isNotEqualTo(format.generate().text());
  }

  @Property
  void everyComposedSecretParsesBackWithItsHint(@ForAll("randomParts") String randomPart) {
    Secret secret = format.compose(randomPart);

    assertThat(format.parse(secret.text())).get()
        .extracting(Secret::hint)
        .isEqualTo(randomPart.substring(0, SecretFormat.HINT_LENGTH));
  }

  @Property
  void anySingleCharacterChangeIsMalformed(@ForAll("randomParts") String randomPart,
      @ForAll @IntRange(min = 0, max = LENGTH - 1) int position, @ForAll char replacement) {
    String text = format.compose(randomPart).text();
    Assume.that(text.charAt(position) != replacement);

    String changed = text.substring(0, position) + replacement + text.substring(position + 1);

    assertThat(format.parse(changed)).isEmpty();
  }

  @Property
  void anySingleBase62ChangeIsMalformed(@ForAll("randomParts") String randomPart,
      @ForAll @IntRange(min = PREFIX_LENGTH, max = LENGTH - 1) int position,
      @ForAll @IntRange(min = 1, max = 61) int shift) {
    String text = format.compose(randomPart).text();
    int original = SecretFormat.ALPHABET.indexOf(text.charAt(position));
    char replacement = SecretFormat.ALPHABET.charAt((original + shift) % 62);

    String changed = text.substring(0, position) + replacement + text.substring(position + 1);

    assertThat(format.parse(changed)).isEmpty();
  }

  @Property
  void anyTruncationIsMalformed(@ForAll("randomParts") String randomPart,
      @ForAll @IntRange(min = 0, max = LENGTH - 1) int kept) {
    String text = format.compose(randomPart).text();

    assertThat(format.parse(text.substring(0, kept))).isEmpty();
    assertThat(format.parse(text.substring(LENGTH - kept))).isEmpty();
  }

  @Property
  void anyAddedCharacterIsMalformed(@ForAll("randomParts") String randomPart,
      @ForAll @IntRange(min = 0, max = LENGTH) int position, @ForAll char added) {
    String text = format.compose(randomPart).text();

    String longer = text.substring(0, position) + added + text.substring(position);

    assertThat(format.parse(longer)).isEmpty();
  }

  @Property
  void swappingTwoNeighboursOfTheRandomPartIsMalformed(@ForAll("randomParts") String randomPart,
      @ForAll @IntRange(min = 0, max = SecretFormat.RANDOM_LENGTH - 2) int position) {
    Assume.that(randomPart.charAt(position) != randomPart.charAt(position + 1));
    String text = format.compose(randomPart).text();
    int at = PREFIX_LENGTH + position;

    String swapped = text.substring(0, at) + text.charAt(at + 1) + text.charAt(at)
        + text.substring(at + 2);

    assertThat(format.parse(swapped)).isEmpty();
  }

  @Property
  void arbitraryTextIsMalformed(@ForAll String text) {
    assertThat(format.parse(text)).isEmpty();
    assertThat(format.parse(PREFIX + text)).isEmpty();
  }

  @Example
  void hostileTextIsMalformed() {
    String megabyte = PREFIX + "A".repeat(1 << 20);

    assertThat(format.parse("")).isEmpty();
    assertThat(format.parse(null)).isEmpty();
    assertThat(format.parse(PREFIX)).isEmpty();
    assertThat(format.parse(megabyte)).isEmpty();
    assertThat(format.parse(PREFIX + "' OR '1'='1' --" + "x".repeat(32))).isEmpty();
  }

  @Example
  void anotherPrefixIsMalformed() {
    Secret secret = new SecretFormat("other_pfx:").generate();

    assertThat(format.parse(secret.text())).isEmpty();
  }

  @Example
  void toStringShowsOnlyTheHint() {
    Secret secret = format.generate();

    assertThat(secret.toString())
        .contains(secret.hint())
        .doesNotContain(secret.text().substring(PREFIX_LENGTH));
  }

  @Example
  void redactionRemovesEveryCopyWithOrWithoutPrefix() {
    Secret secret = format.generate();
    String body = secret.text().substring(PREFIX_LENGTH);
    String found = "https://paste.example/?k=wk_secret%3A" + body + " and " + secret.text();

    String redacted = format.redact(secret.text(), found, "[x]");

    assertThat(redacted).doesNotContain(body)
        .isEqualTo("https://paste.example/?k=wk_secret%3A[x] and " + PREFIX + "[x]");
  }

  @Example
  void redactionRemovesAMalformedCandidateToo() {
    String truncated = format.generate().text().substring(0, PREFIX_LENGTH + 30);
    String body = truncated.substring(PREFIX_LENGTH);

    String redacted = format.redact(truncated, "found " + truncated + " in a log", "[x]");

    assertThat(redacted).doesNotContain(body).isEqualTo("found " + PREFIX + "[x] in a log");
  }

  @Example
  void redactionLeavesTextAloneForACandidateNoLongerThanAHint() {
    String redacted = format.redact(PREFIX + "alice", "reported by alice", "[x]");

    assertThat(redacted).isEqualTo("reported by alice");
  }
}
