package io.apigrants.server.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret's keyed hash as stored in {@code grant_secret}: base64url HMAC-SHA-256 under the pepper
 * {@code keyId}.
 *
 * <p>Not a secret itself, but a stored hash is never logged either (it would let anyone who reads
 * logs test guesses offline once a pepper leaks), hence the redacting {@link #toString()}.
 */
public record SecretHash(String keyId, String value) {

  /**
   * Whether {@code storedValue} is this hash. Constant time, so that how long a comparison takes
   * says nothing about how many leading characters matched.
   */
  public boolean matches(String storedValue) {
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
        storedValue.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "SecretHash[keyId=" + keyId + ", ****]";
  }
}
