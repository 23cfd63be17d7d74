package io.apigrants.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.apigrants.server.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's own token signing key: an ES256 key pair kept as a private JWK in the
 * data folder, created on first start. {@code grantctl dev-token} signs with it.
 *
 * <p>It exists only in embedded mode without a JWKS file; a server given a JWKS file, on H2 or
 * PostgreSQL, trusts that file alone and never creates this key.
 */
public final class DevSigningKey {
  /** File name inside the data folder; the CLI looks for the same name. */
  public static final String FILE_NAME = "dev-signing-key.jwk";

  private static final Logger log = LoggerFactory.getLogger(DevSigningKey.class);

  private DevSigningKey() {}

  /** Loads the key from {@code dataDir}, creating it (owner-only readable) if absent. */
  public static ECKey loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
      }
      ECKey key = new ECKeyGenerator(Curve.P_256)
          .keyID("dev-" + UUID.randomUUID())
          .algorithm(JWSAlgorithm.ES256)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
      PrivateFiles.write(file, key.toJSONString());
      log.info("created development signing key {} in {}", key.getKeyID(), dataDir);
      return key;
    } catch (IOException | ParseException | JOSEException e) {
      throw new ConfigException("cannot load or create the development signing key " + file, e);
    }
  }
}
