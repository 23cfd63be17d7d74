package io.apigrants.server.testing;

import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.store.GrantStore;
import io.apigrants.server.token.CredentialCheck;
import io.apigrants.server.token.CredentialOutcome;
import io.apigrants.server.token.GrantIdentity;
import io.apigrants.v1.InactiveReason;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * A stand-in for VerifySecret's credential check: secrets a test registers stand for grants,
 * whose stored state (deleted, disabled, expired, generation) decides the outcome. It checks no
 * secret format, hash, IP or scope: tests of IssueAccessToken's own rules need none of that.
 */
public final class FakeCredentials implements CredentialCheck {
  private final Map<String, Registered> secrets = new ConcurrentHashMap<>();
  private final Clock clock;
  private volatile Supplier<DSLContext> dsl;

  public FakeCredentials(Clock clock) {
    this.clock = clock;
  }

  private record Registered(String org, UUID grantId) {}

  /** Reads grant state through {@code server}'s database from now on. */
  public void attach(TestServer server) {
    dsl = () -> server.server().database().dsl();
  }

  /** Makes {@code secret} stand for {@code grant}. */
  public void register(String secret, StoredGrant grant) {
    secrets.put(secret, new Registered(grant.org(), grant.id()));
  }

  @Override
  public CredentialOutcome check(String secret, String clientIp, List<String> requiredScopes) {
    Registered registered = secrets.get(secret);
    if (registered == null) {
      return CredentialOutcome.inactive(InactiveReason.UNKNOWN);
    }
    Optional<StoredGrant> stored =
        GrantStore.find(dsl.get(), registered.org(), registered.grantId());
    if (stored.isEmpty()) {
      return CredentialOutcome.inactive(InactiveReason.UNKNOWN);
    }
    StoredGrant grant = stored.get();
    if (grant.disabled()) {
      return CredentialOutcome.inactive(InactiveReason.GRANT_DISABLED);
    }
    if (grant.isExpiredAt(clock.instant())) {
      return CredentialOutcome.inactive(InactiveReason.EXPIRED);
    }
    return CredentialOutcome.active(new GrantIdentity(grant.id(), grant.clientId(), grant.org(),
        grant.workspace(), grant.username(), grant.scopes(), grant.expireTime(),
        grant.generation()));
  }
}
