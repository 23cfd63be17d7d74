package io.apigrants.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * The cache key of one verification question: SHA-256 over a per-process salt, the secret, the
 * client IP and the sorted, de-duplicated required scopes, each length-prefixed so that no two
 * different questions share an encoding.
 *
 * <p>The secret itself is never a key, so a heap dump of the cache reveals no secret. The salt
 * keeps the digests of one process useless for looking up another's.
 */
record VerificationCacheKey(String digest) {

  static VerificationCacheKey of(
      byte[] salt, String secret, String clientIp, Collection<String> requiredScopes) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    sha256.update(salt);
    update(sha256, secret);
    update(sha256, clientIp);
    // The scopes are a set to the server, so order and repeats must not split the cache.
    TreeSet<String> scopes = new TreeSet<>(requiredScopes);
    sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(scopes.size()).array());
    scopes.forEach(scope -> update(sha256, scope));
    return new VerificationCacheKey(HexFormat.of().formatHex(sha256.digest()));
  }

  private static void update(MessageDigest sha256, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    sha256.update(bytes);
  }
}
