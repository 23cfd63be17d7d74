package io.apigrants.server.token;

import java.time.Instant;

/**
 * A row of {@code signing_key}: a public JWK and the encrypted private JWK.
 *
 * @param activateTime from then on the key signs; it is published from its creation
 * @param rotateTime from then on no token is signed with the key
 * @param retireTime from then on the key is neither published nor trusted
 */
public record StoredSigningKey(
    String kid,
    String algorithm,
    String publicJwk,
    byte[] privateKeyEncrypted,
    Instant createTime,
    Instant activateTime,
    Instant rotateTime,
    Instant retireTime) {

  public StoredSigningKey {
    privateKeyEncrypted = privateKeyEncrypted.clone();
  }

  @Override
  public byte[] privateKeyEncrypted() {
    return privateKeyEncrypted.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredSigningKey key && kid.equals(key.kid);
  }

  @Override
  public int hashCode() {
    return kid.hashCode();
  }

  @Override
  public String toString() {
    return "StoredSigningKey[kid=" + kid + ", activateTime=" + activateTime
        + ", rotateTime=" + rotateTime
        + ", retireTime=" + retireTime + "]";
  }
}
