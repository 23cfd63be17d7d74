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
   * The configured JWKS file alone when there is one, on PostgreSQL and on the embedded H2
   * alike; otherwise, in the embedded default only, the development key (created on first use).
   * A development key is never trusted beside a real identity provider's keys: anyone who can
   * read the data folder could mint tokens with it.
   */
  public static JWKSet load(ServerConfig config) {
    List<JWK> keys;
    if (usesDevelopmentKey(config)) {
      keys = List.of(DevSigningKey.loadOrCreate(config.dataDir()).toPublicJWK());
    } else if (config.jwksFile().isPresent()) {
      keys = readPublicKeys(config.jwksFile().get());
    } else {
      throw new ConfigException("APIGRANTS_JWKS_FILE is required when APIGRANTS_DB_URL is set.");
    }
    if (keys.isEmpty()) {
      throw new ConfigException("APIGRANTS_JWKS_FILE holds no keys; refusing to run open.");
    }
    return new JWKSet(keys);
  }

  /** Whether {@code config} runs on the development key, i.e. names no JWKS file. */
  public static boolean usesDevelopmentKey(ServerConfig config) {
    return config.isEmbedded() && config.jwksFile().isEmpty();
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
