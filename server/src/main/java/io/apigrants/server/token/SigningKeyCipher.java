package io.apigrants.server.token;

import io.apigrants.server.secret.Pepper;
import io.apigrants.server.secret.PepperRing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing keys' private halves for storage, with AES-256-GCM under a key derived from
 * a pepper by HKDF-SHA256.
 *
 * <p>Stored layout: version byte, pepper key id (length-prefixed), 12-byte nonce, ciphertext and
 * tag. The pepper key id travels with the ciphertext so that a key encrypted before a pepper
 * rotation still decrypts while its pepper stays in the ring. The kid is the associated data:
 * a ciphertext copied onto another row does not decrypt.
 */
final class SigningKeyCipher {
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  // A fixed label keeps this derived key apart from every other use of the pepper.
  private static final byte[] INFO =
      "apigrants access-token signing key encryption v1".getBytes(StandardCharsets.UTF_8);

  private final PepperRing peppers;
  private final SecureRandom random = new SecureRandom();

  SigningKeyCipher(PepperRing peppers) {
    this.peppers = peppers;
  }

  /** Encrypts {@code plaintext} under the current pepper, bound to {@code kid}. */
  byte[] encrypt(String kid, byte[] plaintext) {
    Pepper pepper = peppers.current();
    byte[] keyId = pepper.keyId().getBytes(StandardCharsets.UTF_8);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, pepper, nonce, kid, plaintext);
    return ByteBuffer.allocate(2 + keyId.length + NONCE_BYTES + ciphertext.length)
        .put(VERSION)
        .put((byte) keyId.length)
        .put(keyId)
        .put(nonce)
        .put(ciphertext)
        .array();
  }

  /**
   * Decrypts what {@link #encrypt} stored for {@code kid}.
   *
   * @throws KeyUnavailableException if the pepper is no longer configured or the data is not
   *     authentic
   */
  byte[] decrypt(String kid, byte[] stored) {
    ByteBuffer buffer = ByteBuffer.wrap(stored);
    if (stored.length < 2 + NONCE_BYTES || buffer.get() != VERSION) {
      throw new KeyUnavailableException("signing key " + kid + " has an unknown storage format");
    }
    byte[] keyId = new byte[buffer.get() & 0xff];
    if (buffer.remaining() < keyId.length + NONCE_BYTES) {
      throw new KeyUnavailableException("signing key " + kid + " is truncated");
    }
    buffer.get(keyId);
    byte[] nonce = new byte[NONCE_BYTES];
    buffer.get(nonce);
    byte[] ciphertext = Arrays.copyOfRange(stored, buffer.position(), stored.length);

    String pepperId = new String(keyId, StandardCharsets.UTF_8);
    Pepper pepper = peppers.byKeyId(pepperId).orElseThrow(() -> new KeyUnavailableException(
        "signing key " + kid + " is encrypted under pepper " + pepperId
            + ", no longer configured"));
    return crypt(Cipher.DECRYPT_MODE, pepper, nonce, kid, ciphertext);
  }

  private static byte[] crypt(int mode, Pepper pepper, byte[] nonce, String kid, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(deriveKey(pepper.key()), "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new KeyUnavailableException("signing key " + kid + " does not decrypt under pepper "
          + pepper.keyId());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /** HKDF-SHA256 (RFC 5869) with an all-zero salt, one output block: a 256-bit AES key. */
  static byte[] deriveKey(byte[] pepper) {
    try {
      Mac extract = Mac.getInstance("HmacSHA256");
      extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] pseudoRandomKey = extract.doFinal(pepper);
      Mac expand = Mac.getInstance("HmacSHA256");
      expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
      expand.update(INFO);
      expand.update((byte) 1);
      return expand.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }
}
