package io.apigrants.server.rpc;

import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.secret.Pepper;
import io.apigrants.server.secret.PepperRing;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page tokens: a store's cursor sealed with AES-GCM under a key derived from the pepper,
 * with the list it belongs to (method, organisation, filters) as associated data.
 *
 * <p>So a client can neither read a cursor nor make one, and a token from one organisation or
 * one filter opens for no other: it is refused as a bad {@code page_token} rather than showing
 * other rows. Tokens sealed under an older pepper still open while that pepper is configured.
 */
public final class PageTokens {
  private static final String FIELD = "page_token";
  private static final byte FORMAT = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MAX_TOKEN = 2048;
  private static final byte[] KEY_LABEL =
      "apigrants page token key v1".getBytes(StandardCharsets.UTF_8);

  private final List<SecretKeySpec> keys;
  private final SecureRandom random = new SecureRandom();

  public PageTokens(PepperRing peppers) {
    this.keys = peppers.all().stream().map(PageTokens::deriveKey).toList();
  }

  /** The token for {@code cursor} in the list {@code binding} names; empty for no cursor. */
  public String encode(Optional<String> cursor, String... binding) {
    if (cursor.isEmpty()) {
      return "";
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(0), nonce, binding);
      byte[] sealed = cipher.doFinal(cursor.get().getBytes(StandardCharsets.UTF_8));
      byte[] token = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
          .put(FORMAT)
          .put(nonce)
          .put(sealed)
          .array();
      return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * The cursor in {@code token}, empty when the token is empty (first page). A token that was
   * not made by this service for the same {@code binding} adds a violation on
   * {@code page_token}.
   */
  public Optional<String> decode(String token, FieldViolations violations, String... binding) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = token.length() > MAX_TOKEN ? null : Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      bytes = null;
    }
    if (bytes != null && bytes.length > 1 + NONCE_BYTES && bytes[0] == FORMAT) {
      byte[] nonce = Arrays.copyOfRange(bytes, 1, 1 + NONCE_BYTES);
      for (SecretKeySpec key : keys) {
        try {
          byte[] cursor = cipher(Cipher.DECRYPT_MODE, key, nonce, binding)
              .doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
          return Optional.of(new String(cursor, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
          // Another key, another list, or altered: try the next key.
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("AES-GCM unavailable", e);
        }
      }
    }
    violations.add(FIELD, "not a page token of this list; list again from the first page");
    return Optional.empty();
  }

  private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, String... binding)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(associatedData(binding));
    return cipher;
  }

  /** Length-prefixed parts, so that no two different bindings encode alike. */
  private static byte[] associatedData(String... binding) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : binding) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private static SecretKeySpec deriveKey(Pepper pepper) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pepper.key(), "HmacSHA256"));
      return new SecretKeySpec(mac.doFinal(KEY_LABEL), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
