package io.apigrants.server.rpc;

import io.apigrants.server.identity.CallerIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * Page tokens of ListMyGrants: the creation sequence of the last grant shown, bound to the caller
 * who received it.
 *
 * <p>The list query always filters by the caller's own organisation and username, so a token
 * cannot reach anyone else's grants whatever it says; the binding only makes a token handed to
 * another user fail loudly instead of paging oddly.
 */
final class MyGrantsPageToken {
  private static final String VERSION = "m1";
  private static final int MAX_LENGTH = 200;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private MyGrantsPageToken() {}

  static String format(long afterSeq, CallerIdentity caller) {
    String token = VERSION + ":" + afterSeq + ":" + fingerprint(caller);
    return ENCODER.encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The sequence to continue after: 0 for an empty token, empty for a token this server did not
   * issue to {@code caller}.
   */
  static Optional<Long> parse(String token, CallerIdentity caller) {
    if (token.isEmpty()) {
      return Optional.of(0L);
    }
    if (token.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (parts.length != 3 || !parts[0].equals(VERSION) || !parts[2].equals(fingerprint(caller))) {
      return Optional.empty();
    }
    try {
      long afterSeq = Long.parseLong(parts[1]);
      return afterSeq > 0 ? Optional.of(afterSeq) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String fingerprint(CallerIdentity caller) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (caller.org() + "\n" + caller.username()).getBytes(StandardCharsets.UTF_8));
      return ENCODER.encodeToString(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
