package io.apigrants.server.verify;

import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.grant.GrantSnapshot;
import io.apigrants.server.grant.IpRange;
import io.apigrants.server.grant.LiveSecret;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.store.SecretStore;
import io.apigrants.v1.InactiveReason;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a presented secret verifies.
 *
 * <p>The order is fixed and cheap first: the request's own fields, then the secret's format and
 * checksum (no database), then the live secret by keyed hash (from the {@link VerificationCache},
 * else one indexed lookup), then the grant's rules in the order of {@link InactiveReason}: grant
 * disabled, user disabled, expired, IP not allowed, missing scope. Deleted grants, replaced and
 * invalidated secrets, and other organisations' secrets are all UNKNOWN. A success is noted for
 * the batched last-used times.
 *
 * <p>{@link #verifyFromMemory} answers without blocking when it can, so that the transport
 * thread may call it; {@link #verify} may wait for the database.
 */
public final class SecretVerifier {
  /** The most scopes one verification may require. */
  static final int MAX_REQUIRED_SCOPES = 100;
  static final int MAX_SCOPE_LENGTH = 100;

  private static final Logger log = LoggerFactory.getLogger(SecretVerifier.class);

  private final SecretFormat format;
  private final SecretHasher hasher;
  private final SecretStore store;
  private final VerificationCache cache;
  private final LastUseRecorder lastUse;
  private final Clock clock;

  public SecretVerifier(SecretFormat format, SecretHasher hasher, SecretStore store,
      VerificationCache cache, LastUseRecorder lastUse, Clock clock) {
    this.format = format;
    this.hasher = hasher;
    this.store = store;
    this.cache = cache;
    this.lastUse = lastUse;
    this.clock = clock;
  }

  /**
   * Verifies {@code secretText} presented from {@code clientIp} for {@code requiredScopes}, on
   * behalf of a verifier of {@code callerOrg}, reading the database when the cache cannot answer.
   *
   * @throws io.apigrants.server.grant.InvalidArgumentException when {@code clientIp} is not an
   *     IP address or a required scope is not a scope id; never for a bad secret
   */
  public Verification verify(String callerOrg, String secretText, String clientIp,
      List<String> requiredScopes) {
    InetAddress client = validate(clientIp, requiredScopes);

    Optional<Secret> secret = format.parse(secretText);
    if (secret.isEmpty()) {
      return Verification.inactive(InactiveReason.MALFORMED);
    }

    String key = cacheKey(secret.get());
    Instant now = clock.instant();
    Optional<Verification> cached = fromCache(callerOrg, key, client, requiredScopes, now);
    if (cached.isPresent()) {
      return cached.get();
    }

    long epoch = cache.epoch();
    Optional<LiveSecret> found = store.findLive(hasher.hashesUnderEveryPepper(secret.get()), now);
    if (found.isPresent()) {
      cache.rememberLive(key, found.get(), epoch);
    } else {
      cache.rememberUnknown(key, epoch);
    }
    return answer(callerOrg, found, client, requiredScopes, now);
  }

  /**
   * Like {@link #verify}, but never blocks: empty when answering needs a database read.
   *
   * @throws io.apigrants.server.grant.InvalidArgumentException as {@link #verify} does
   */
  public Optional<Verification> verifyFromMemory(String callerOrg, String secretText,
      String clientIp, List<String> requiredScopes) {
    InetAddress client = validate(clientIp, requiredScopes);

    Optional<Secret> secret = format.parse(secretText);
    if (secret.isEmpty()) {
      return Optional.of(Verification.inactive(InactiveReason.MALFORMED));
    }
    return fromCache(callerOrg, cacheKey(secret.get()), client, requiredScopes, clock.instant());
  }

  private Optional<Verification> fromCache(String callerOrg, String key, InetAddress client,
      List<String> requiredScopes, Instant now) {
    Optional<LiveSecret> hit = cache.findLive(key);
    if (hit.isPresent() || cache.isKnownUnknown(key)) {
      return Optional.of(answer(callerOrg, hit, client, requiredScopes, now));
    }
    return Optional.empty();
  }

  private Verification answer(String callerOrg, Optional<LiveSecret> found, InetAddress client,
      List<String> requiredScopes, Instant now) {
    Optional<GrantSnapshot> live = found
        // A grace period may have ended since the lookup; the lookup itself would say unknown.
        .filter(secret -> !secret.hasEnded(now))
        .map(LiveSecret::grant)
        // A verifier sees its own organisation's grants only; another's secret is unknown here.
        .filter(grant -> grant.org().equals(callerOrg));
    if (live.isEmpty()) {
      return Verification.inactive(InactiveReason.UNKNOWN);
    }

    GrantSnapshot grant = live.get();
    Optional<InactiveReason> failed = firstFailedCheck(grant, client, requiredScopes, now);
    if (failed.isPresent()) {
      log.debug("secret {} of {} did not verify: {}", grant.secretHint(), grant.name(),
          failed.get());
      return Verification.inactive(failed.get());
    }
    lastUse.record(grant.id(), now, IpRange.format(client));
    return Verification.active(grant);
  }

  /** The cache key: the secret's hash under the current pepper, never the secret itself. */
  private String cacheKey(Secret secret) {
    return hasher.hashForStorage(secret).value();
  }

  /** The grant's rules in their fixed order; empty when all pass. */
  static Optional<InactiveReason> firstFailedCheck(GrantSnapshot grant, InetAddress client,
      List<String> requiredScopes, Instant now) {
    if (grant.disabled()) {
      return Optional.of(InactiveReason.GRANT_DISABLED);
    }
    if (grant.userDisabled()) {
      return Optional.of(InactiveReason.USER_DISABLED);
    }
    if (!grant.expireTime().isAfter(now)) {
      return Optional.of(InactiveReason.EXPIRED);
    }
    if (!grant.ipAllowlist().allows(client)) {
      return Optional.of(InactiveReason.IP_NOT_ALLOWED);
    }
    if (!grant.scopes().containsAll(requiredScopes)) {
      return Optional.of(InactiveReason.MISSING_SCOPE);
    }
    return Optional.empty();
  }

  private static InetAddress validate(String clientIp, List<String> requiredScopes) {
    FieldViolations violations = new FieldViolations();
    Optional<InetAddress> client = IpRange.parseAddress(clientIp);
    if (clientIp.isEmpty()) {
      violations.add("client_ip", "required: the IP address the secret was presented from");
    } else if (client.isEmpty()) {
      violations.add("client_ip", "must be an IPv4 or IPv6 address");
    }
    if (requiredScopes.size() > MAX_REQUIRED_SCOPES) {
      violations.add("required_scopes", "at most " + MAX_REQUIRED_SCOPES + " scopes");
    } else {
      for (int i = 0; i < requiredScopes.size(); i++) {
        if (!isScopeId(requiredScopes.get(i))) {
          violations.add("required_scopes[" + i + "]", "must be a scope id");
        }
      }
    }
    violations.throwIfAny();
    return client.orElseThrow();
  }

  private static boolean isScopeId(String scope) {
    if (scope.isEmpty() || scope.length() > MAX_SCOPE_LENGTH) {
      return false;
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }
}
