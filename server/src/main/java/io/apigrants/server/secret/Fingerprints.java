package io.apigrants.server.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 fingerprints of bearer tokens, for keying caches of tokens already checked: a cache
 * keyed by the token itself would compare credentials in variable time and hold them in memory.
 */
public final class Fingerprints {
  private Fingerprints() {}

  /** The SHA-256 of {@code token}'s UTF-8 bytes, in unpadded base64url. */
  public static String of(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
