package io.apigrants.server.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes secrets with HMAC-SHA-256 under the deployment's peppers.
 *
 * <p>A secret carries about 240 random bits, so a fast keyed hash is all the storage needs: a
 * slow password hash would cost every verification and protect nothing more. The pepper lives
 * outside the database, so a stolen table alone cannot be checked against guesses.
 */
public final class SecretHasher {
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final PepperRing peppers;
  // A Mac is not thread-safe and costs a provider lookup and a key set-up to make: one per
  // pepper per thread, reused (doFinal resets it), keeps hashing lock-free and cheap.
  private final ThreadLocal<Map<Pepper, Mac>> macs =
      ThreadLocal.withInitial(IdentityHashMap::new);

  public SecretHasher(PepperRing peppers) {
    this.peppers = peppers;
  }

  /** The hash to store for a new secret: under the current pepper. */
  public SecretHash hashForStorage(Secret secret) {
    return hash(secret, peppers.current());
  }

  /**
   * The secret's hash under every known pepper, current first: a secret stored before a pepper
   * rotation still carries the old key id and must still be found.
   */
  public List<SecretHash> hashesUnderEveryPepper(Secret secret) {
    return peppers.all().stream().map(pepper -> hash(secret, pepper)).toList();
  }

  private SecretHash hash(Secret secret, Pepper pepper) {
    Mac mac = macs.get().computeIfAbsent(pepper, SecretHasher::newMac);
    byte[] digest = mac.doFinal(secret.text().getBytes(StandardCharsets.UTF_8));
    return new SecretHash(pepper.keyId(), BASE64URL.encodeToString(digest));
  }

  private static Mac newMac(Pepper pepper) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(pepper.key(), ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
    }
  }
}
