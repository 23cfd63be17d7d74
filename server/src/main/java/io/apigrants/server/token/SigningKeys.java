package io.apigrants.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.apigrants.server.config.AccessTokenSettings;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.store.SigningKeyStore;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys that sign access tokens, kept in the database so every replica signs and
 * verifies with the same set.
 *
 * <p>Time is cut into rotation periods aligned on the epoch. The key of a period is named after
 * it ({@code at-<period start>-<period seconds>}), so replicas that start or rotate at the same
 * moment insert the same kid and the database keeps exactly one. A key is created and published
 * {@link #PUBLISH_AHEAD} before its period, signs from the period's start ({@code
 * activate_time}) until its end ({@code rotate_time}), and stays published and trusted until the
 * last token it signed has expired ({@code retire_time = rotate_time + token lifetime + clock
 * skew}). Resource servers that fetched the key set within the hour before a rotation thus
 * already hold the key that signs after it.
 *
 * <p>Each replica holds a snapshot of the unretired keys, reloaded when the current key has
 * rotated, when a token names an unknown kid (at most once a second) and on {@link #refresh}.
 */
public final class SigningKeys {
  /** Tolerated difference between replicas' clocks and resource servers' clocks. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  /**
   * How long before its period a key is published: the offline verifier's default key age, so a
   * verifier refreshing on that schedule holds every key before its first token.
   */
  public static final Duration PUBLISH_AHEAD = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
  private static final String ALGORITHM = JWSAlgorithm.ES256.getName();
  private static final long UNKNOWN_KID_RELOAD_NANOS = Duration.ofSeconds(1).toNanos();

  private final SigningKeyStore store;
  private final SigningKeyCipher cipher;
  private final Clock clock;
  private final Duration rotation;
  private final Duration tokenLifetime;
  private final Map<String, ECKey> privateKeys = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());
  private volatile long loadedAtNanos;

  public SigningKeys(SigningKeyStore store, PepperRing peppers, AccessTokenSettings settings,
      Clock clock) {
    this.store = store;
    this.cipher = new SigningKeyCipher(peppers);
    this.clock = clock;
    this.rotation = settings.keyRotation();
    this.tokenLifetime = settings.lifetime();
  }

  /** A key and its private half, ready to sign. */
  record ActiveKey(String kid, ECKey privateKey) {
    @Override
    public String toString() {
      return "ActiveKey[kid=" + kid + "]";
    }
  }

  /**
   * Reloads the keys from the database, creates the current period's key if it is missing and
   * the next one once it is due for publication, and deletes keys retired long ago. Run at start
   * and periodically.
   */
  public synchronized void refresh() {
    reload();
    signingKey();
    publishNextKey(clock.instant());
    int deleted = store.deleteRetiredBefore(clock.instant().minus(Duration.ofDays(1)));
    if (deleted > 0) {
      log.info("deleted {} retired signing keys", deleted);
    }
  }

  /** The key to sign with now, creating the current period's key if no replica has yet. */
  ActiveKey signingKey() {
    Instant now = clock.instant();
    Optional<ActiveKey> active = usable(snapshot, now);
    if (active.isPresent()) {
      return active.get();
    }
    synchronized (this) {
      reload();
      active = usable(snapshot, now);
      if (active.isPresent()) {
        return active.get();
      }
      Instant start = periodStart(now);
      create(periodKid(start), start);
      reload();
      active = usable(snapshot, now);
      if (active.isPresent()) {
        return active.get();
      }
      // The period's key exists but cannot be decrypted here (its pepper left the ring):
      // sign with a key of our own; both stay published.
      // Not yet: this replica's own key is published only from now, not ahead of its tokens.
      create(periodKid(start) + "-" + UUID.randomUUID().toString().substring(0, 8), start);
      reload();
      return usable(snapshot, now).orElseThrow(
          () -> new IllegalStateException("no usable signing key after creating one"));
    }
  }

  /** The public key {@code kid} names, if it is one of ours and not retired. */
  Optional<ECKey> verificationKey(String kid) {
    Instant now = clock.instant();
    StoredKey key = snapshot.byKid().get(kid);
    if (key == null && System.nanoTime() - loadedAtNanos > UNKNOWN_KID_RELOAD_NANOS) {
      synchronized (this) {
        if (System.nanoTime() - loadedAtNanos > UNKNOWN_KID_RELOAD_NANOS) {
          reload();
        }
      }
      key = snapshot.byKid().get(kid);
    }
    if (key == null || !key.stored().retireTime().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(key.publicKey());
  }

  /** The JWKS (RFC 7517) of every key still trusted or about to sign, public halves only. */
  public String jwksJson() {
    Instant now = clock.instant();
    signingKey();
    publishNextKey(now);
    List<com.nimbusds.jose.jwk.JWK> keys = new ArrayList<>();
    for (StoredKey key : snapshot.newestFirst()) {
      if (key.stored().retireTime().isAfter(now)) {
        keys.add(key.publicKey());
      }
    }
    return new JWKSet(keys).toString(true);
  }

  private Optional<ActiveKey> usable(Snapshot keys, Instant now) {
    for (StoredKey key : keys.newestFirst()) {
      if (key.stored().activateTime().isAfter(now) || !key.stored().rotateTime().isAfter(now)) {
        continue;
      }
      Optional<ECKey> privateKey = privateKey(key.stored());
      if (privateKey.isPresent()) {
        return Optional.of(new ActiveKey(key.stored().kid(), privateKey.get()));
      }
    }
    return Optional.empty();
  }

  private Optional<ECKey> privateKey(StoredSigningKey stored) {
    ECKey cached = privateKeys.get(stored.kid());
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      byte[] json = cipher.decrypt(stored.kid(), stored.privateKeyEncrypted());
      ECKey key = ECKey.parse(new String(json, StandardCharsets.UTF_8));
      privateKeys.put(stored.kid(), key);
      return Optional.of(key);
    } catch (KeyUnavailableException e) {
      log.warn("cannot sign with key {}: {}", stored.kid(), e.getMessage());
      return Optional.empty();
    } catch (ParseException e) {
      log.warn("cannot sign with key {}: stored private key is not a JWK", stored.kid());
      return Optional.empty();
    }
  }

  /**
   * Creates and publishes the next period's key once that period is {@link #PUBLISH_AHEAD} away,
   * unless a replica has already.
   */
  private void publishNextKey(Instant now) {
    Instant next = periodStart(now).plus(rotation);
    String kid = periodKid(next);
    if (now.isBefore(next.minus(PUBLISH_AHEAD)) || snapshot.byKid().containsKey(kid)) {
      return;
    }
    synchronized (this) {
      if (!snapshot.byKid().containsKey(kid)) {
        create(kid, next);
        reload();
      }
    }
  }

  private Instant periodStart(Instant instant) {
    long periodSeconds = rotation.toSeconds();
    return Instant.ofEpochSecond(
        Math.floorDiv(instant.getEpochSecond(), periodSeconds) * periodSeconds);
  }

  private String periodKid(Instant periodStart) {
    return "at-" + periodStart.getEpochSecond() + "-" + rotation.toSeconds();
  }

  /** Creates a key that signs from {@code activateTime} until the end of that period. */
  private void create(String kid, Instant activateTime) {
    Instant rotateTime = periodStart(activateTime).plus(rotation);
    ECKey key;
    try {
      key = new ECKeyGenerator(Curve.P_256)
          .keyID(kid)
          .algorithm(JWSAlgorithm.ES256)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
    StoredSigningKey stored = new StoredSigningKey(
        kid,
        ALGORITHM,
        key.toPublicJWK().toJSONString(),
        cipher.encrypt(kid, key.toJSONString().getBytes(StandardCharsets.UTF_8)),
        clock.instant(),
        activateTime,
        rotateTime,
        rotateTime.plus(tokenLifetime).plus(CLOCK_SKEW));
    if (store.insertIfAbsent(stored)) {
      log.info("created access-token signing key {} (signs from {} until {})", kid,
          activateTime, rotateTime);
    }
  }

  private void reload() {
    Map<String, StoredKey> byKid = new LinkedHashMap<>();
    List<StoredKey> newestFirst = new ArrayList<>();
    for (StoredSigningKey stored : store.unretired(clock.instant())) {
      if (!ALGORITHM.equals(stored.algorithm())) {
        continue;
      }
      try {
        ECKey publicKey = ECKey.parse(stored.publicJwk());
        if (!Curve.P_256.equals(publicKey.getCurve()) || publicKey.isPrivate()) {
          log.warn("ignoring signing key {}: not a public P-256 key", stored.kid());
          continue;
        }
        StoredKey key = new StoredKey(stored, publicKey);
        byKid.put(stored.kid(), key);
        newestFirst.add(key);
      } catch (ParseException e) {
        log.warn("ignoring signing key {}: public JWK does not parse", stored.kid());
      }
    }
    privateKeys.keySet().retainAll(byKid.keySet());
    snapshot = new Snapshot(List.copyOf(newestFirst), Map.copyOf(byKid));
    loadedAtNanos = System.nanoTime();
  }

  private record StoredKey(StoredSigningKey stored, ECKey publicKey) {}

  private record Snapshot(List<StoredKey> newestFirst, Map<String, StoredKey> byKid) {}
}
