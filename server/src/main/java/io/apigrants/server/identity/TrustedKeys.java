package io.apigrants.server.identity;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.apigrants.server.config.ConfigException;
import io.apigrants.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/** The public keys whose signatures on caller tokens the server accepts. */
public final class TrustedKeys {
  private TrustedKeys() {}

  /**
   * Production: the configured JWKS file alone. Embedded default: the development key, plus the
   * JWKS file when one is configured too.
   */
  public static JWKSet load(ServerConfig config) {
    List<JWK> keys = new ArrayList<>();
    config.jwksFile().ifPresent(file -> keys.addAll(readPublicKeys(file)));
    if (config.isEmbedded()) {
      keys.add(DevSigningKey.loadOrCreate(config.dataDir()).toPublicJWK());
    }
    if (keys.isEmpty()) {
      throw new ConfigException("APIGRANTS_JWKS_FILE holds no keys; refusing to run open.");
    }
    return new JWKSet(keys);
  }

  private static List<JWK> readPublicKeys(Path file) {
    try {
      List<JWK> keys = new ArrayList<>();
      for (JWK key : JWKSet.load(file.toFile()).getKeys()) {
        // Only the public half is ever needed to verify; drop anything private by mistake.
        keys.add(key.toPublicJWK());
      }
      return keys;
    } catch (IOException | ParseException e) {
      throw new ConfigException("APIGRANTS_JWKS_FILE " + file + " is not a readable JWKS", e);
    }
  }
}
