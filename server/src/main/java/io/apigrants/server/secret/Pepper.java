package io.apigrants.server.secret;

import java.util.Arrays;

/**
 * One key for hashing secrets, kept outside the database. Its id is stored beside each hash so
 * that peppers can be rotated.
 */
public record Pepper(String keyId, byte[] key) {

  public Pepper {
    key = key.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Pepper pepper
        && keyId.equals(pepper.keyId) && Arrays.equals(key, pepper.key);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode();
  }

  @Override
  public String toString() {
    return "Pepper[keyId=" + keyId + ", key=****]";
  }
}
