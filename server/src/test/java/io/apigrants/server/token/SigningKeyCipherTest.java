package io.apigrants.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.server.secret.Pepper;
import io.apigrants.server.secret.PepperRing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Private signing keys at rest: AES-256-GCM under a pepper-derived key, bound to the kid. */
class SigningKeyCipherTest {
  private static final Pepper OLD = new Pepper("p1", filled(1));
  private static final Pepper NEW = new Pepper("p2", filled(2));
  private static final byte[] PRIVATE_JWK =
      "{\"kty\":\"EC\",\"d\":\"private-part\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void storedFormHidesThePrivateKeyAndDecryptsBack() {
    SigningKeyCipher cipher = new SigningKeyCipher(new PepperRing(List.of(OLD)));

    byte[] stored = cipher.encrypt("kid-1", PRIVATE_JWK);

    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("private-part");
    assertThat(cipher.decrypt("kid-1", stored)).isEqualTo(PRIVATE_JWK);
  }

  @Test
  void keyEncryptedBeforeAPepperRotationStillDecrypts() {
    byte[] stored =
        new SigningKeyCipher(new PepperRing(List.of(OLD))).encrypt("kid-1", PRIVATE_JWK);

    byte[] decrypted = new SigningKeyCipher(new PepperRing(List.of(NEW, OLD)))
        .decrypt("kid-1", stored);

    assertThat(decrypted).isEqualTo(PRIVATE_JWK);
  }

  @Test
  void keyWhosePepperLeftTheRingIsUnavailable() {
    byte[] stored =
        new SigningKeyCipher(new PepperRing(List.of(OLD))).encrypt("kid-1", PRIVATE_JWK);

    assertThatThrownBy(() -> new SigningKeyCipher(new PepperRing(List.of(NEW)))
        .decrypt("kid-1", stored))
        .isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void ciphertextMovedToAnotherKidDoesNotDecrypt() {
    SigningKeyCipher cipher = new SigningKeyCipher(new PepperRing(List.of(OLD)));
    byte[] stored = cipher.encrypt("kid-1", PRIVATE_JWK);

    assertThatThrownBy(() -> cipher.decrypt("kid-2", stored))
        .isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void tamperedCiphertextDoesNotDecrypt() {
    SigningKeyCipher cipher = new SigningKeyCipher(new PepperRing(List.of(OLD)));
    byte[] stored = cipher.encrypt("kid-1", PRIVATE_JWK);
    stored[stored.length - 1] ^= 1;

    assertThatThrownBy(() -> cipher.decrypt("kid-1", stored))
        .isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void derivedKeyDiffersFromThePepper() {
    byte[] pepper = filled(7);

    byte[] derived = SigningKeyCipher.deriveKey(pepper);

    assertThat(derived).hasSize(32).isNotEqualTo(pepper);
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }
}
