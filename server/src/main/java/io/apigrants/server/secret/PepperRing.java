package io.apigrants.server.secret;

import io.apigrants.server.config.ConfigException;
import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.identity.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peppers a deployment knows: the first one hashes new secrets, the others still verify
 * secrets hashed before a rotation.
 *
 * <p>File format: one {@code <key-id>:<base64 key>} a line, current key first; lines starting
 * with {@code #} are comments. Keys must be at least 32 bytes.
 */
public final class PepperRing {
  /** File name inside the data folder in the embedded default. */
  public static final String DEV_FILE_NAME = "pepper";

  private static final Logger log = LoggerFactory.getLogger(PepperRing.class);
  private static final int MIN_KEY_BYTES = 32;

  private final Pepper current;
  private final Map<String, Pepper> byKeyId;

  public PepperRing(List<Pepper> peppers) {
    if (peppers.isEmpty()) {
      throw new ConfigException("APIGRANTS_PEPPER_FILE holds no key");
    }
    this.current = peppers.get(0);
    Map<String, Pepper> keys = new LinkedHashMap<>();
    for (Pepper pepper : peppers) {
      if (keys.put(pepper.keyId(), pepper) != null) {
        throw new ConfigException("APIGRANTS_PEPPER_FILE names key id " + pepper.keyId() + " twice");
      }
    }
    this.byKeyId = Map.copyOf(keys);
  }

  /**
   * Reads the configured pepper file, on H2 and PostgreSQL alike, or, in the embedded default
   * without one, the development pepper in the data dir, created on first use.
   */
  public static PepperRing load(ServerConfig config) {
    if (config.pepperFile().isEmpty() && !config.isEmbedded()) {
      throw new ConfigException("APIGRANTS_PEPPER_FILE is required when APIGRANTS_DB_URL is set.");
    }
    Path file = config.pepperFile().orElseGet(() -> config.dataDir().resolve(DEV_FILE_NAME));
    if (usesDevelopmentPepper(config) && !Files.exists(file)) {
      createDevelopmentPepper(file);
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot read APIGRANTS_PEPPER_FILE " + file, e);
    }
  }

  /** Whether {@code config} hashes with the development pepper, i.e. names no pepper file. */
  public static boolean usesDevelopmentPepper(ServerConfig config) {
    return config.isEmbedded() && config.pepperFile().isEmpty();
  }

  static PepperRing parse(String content) {
    List<Pepper> peppers = new ArrayList<>();
    for (String line : content.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      if (colon <= 0 || colon > 32) {
        throw new ConfigException("APIGRANTS_PEPPER_FILE lines must read <key-id>:<base64 key>");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(trimmed.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("APIGRANTS_PEPPER_FILE has a key that is not base64");
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new ConfigException("APIGRANTS_PEPPER_FILE keys must be at least 32 bytes");
      }
      peppers.add(new Pepper(trimmed.substring(0, colon), key));
    }
    return new PepperRing(peppers);
  }

  private static void createDevelopmentPepper(Path file) {
    byte[] key = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(key);
    try {
      PrivateFiles.write(file, "# Development pepper, created by the embedded default.\n"
          + "dev1:" + Base64.getEncoder().encodeToString(key) + "\n");
      log.info("created development pepper in {}", file.getParent());
    } catch (IOException e) {
      throw new ConfigException("cannot create the development pepper " + file, e);
    }
  }

  /** The pepper that hashes newly generated secrets. */
  public Pepper current() {
    return current;
  }

  /** Every known pepper, current first. */
  public List<Pepper> all() {
    List<Pepper> all = new ArrayList<>();
    all.add(current);
    byKeyId.values().stream().filter(p -> p != current).forEach(all::add);
    return all;
  }

  public Optional<Pepper> byKeyId(String keyId) {
    return Optional.ofNullable(byKeyId.get(keyId));
  }
}
