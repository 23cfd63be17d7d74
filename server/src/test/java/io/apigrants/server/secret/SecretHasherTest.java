package io.apigrants.server.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretHasherTest {
  private static final Pepper CURRENT =
      new Pepper("k2", "a-current-pepper-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));
  private static final Pepper RETIRED =
      new Pepper("k1", "a-retired-pepper-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));

  private final SecretFormat format = new SecretFormat("wk_secret:");
  private final SecretHasher hasher = new SecretHasher(new PepperRing(List.of(CURRENT, RETIRED)));

  @Test
  void storageHashUsesTheCurrentPepperAndIsStable() {
    Secret secret = format.generate();

    SecretHash first = hasher.hashForStorage(secret);
    SecretHash second = hasher.hashForStorage(format.parse(secret.text()).orElseThrow());

    assertThat(first.keyId()).isEqualTo("k2");
    assertThat(first.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void lookupHashesCoverEveryPepperCurrentFirst() {
    Secret secret = format.generate();

    List<SecretHash> hashes = hasher.hashesUnderEveryPepper(secret);

    assertThat(hashes).extracting(SecretHash::keyId).containsExactly("k2", "k1");
    assertThat(hashes.get(0)).isEqualTo(hasher.hashForStorage(secret));
    assertThat(hashes.get(1).value()).isNotEqualTo(hashes.get(0).value());
  }

  @Test
  void differentSecretsHashDifferently() {
    assertThat(hasher.hashForStorage(format.generate()))
        .isNotEqualTo(hasher.hashForStorage(format.generate()));
  }

  @Test
  void matchesComparesTheWholeValue() {
    SecretHash hash = hasher.hashForStorage(format.generate());
    String value = hash.value();
    String lastCharacterChanged = value.substring(0, 42) + (value.charAt(42) == 'A' ? 'B' : 'A');

    assertThat(hash.matches(value)).isTrue();
    assertThat(hash.matches(lastCharacterChanged)).isFalse();
    assertThat(hash.matches(value.substring(0, 42))).isFalse();
  }

  @Test
  void toStringHidesTheHash() {
    SecretHash hash = hasher.hashForStorage(format.generate());

    assertThat(hash.toString()).contains("k2").doesNotContain(hash.value());
  }
}
