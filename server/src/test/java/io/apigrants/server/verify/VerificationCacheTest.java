package io.apigrants.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.config.VerifyCacheSettings;
import io.apigrants.server.grant.GrantSnapshot;
import io.apigrants.server.grant.IpAllowlist;
import io.apigrants.server.grant.LiveSecret;
import io.apigrants.server.store.Invalidation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the verification cache forgets, when, and that an invalidation beats a racing read. */
class VerificationCacheTest {
  private final AtomicLong nanos = new AtomicLong();
  private final VerificationCache cache = new VerificationCache(
      new VerifyCacheSettings(1_000, Duration.ofSeconds(30), Duration.ofSeconds(5)), nanos::get);

  @Test
  void grantInvalidationEvictsThatGrantsSecretsOnly() {
    LiveSecret current = secret("acme", "alice");
    LiveSecret previous = new LiveSecret(current.grant(), Optional.of(Instant.now()));
    LiveSecret other = secret("acme", "alice");
    remember("h1", current);
    remember("h2", previous);
    remember("h3", other);

    cache.invalidate(Invalidation.grant("acme", current.grant().id()));

    assertThat(cache.findLive("h1")).isEmpty();
    assertThat(cache.findLive("h2")).isEmpty();
    assertThat(cache.findLive("h3")).contains(other);
  }

  @Test
  void userInvalidationEvictsThatUsersGrantsInThatOrgOnly() {
    remember("alice-1", secret("acme", "alice"));
    remember("alice-2", secret("acme", "alice"));
    remember("bob", secret("acme", "bob"));
    remember("other-alice", secret("globex", "alice"));

    cache.invalidate(Invalidation.user("acme", "alice"));

    assertThat(cache.findLive("alice-1")).isEmpty();
    assertThat(cache.findLive("alice-2")).isEmpty();
    assertThat(cache.findLive("bob")).isPresent();
    assertThat(cache.findLive("other-alice")).isPresent();
  }

  @Test
  void allInvalidationEvictsEverythingIncludingUnknownHashes() {
    remember("h1", secret("acme", "alice"));
    cache.rememberUnknown("wrong", cache.epoch());

    cache.invalidate(Invalidation.all());

    assertThat(cache.findLive("h1")).isEmpty();
    assertThat(cache.isKnownUnknown("wrong")).isFalse();
  }

  @Test
  void unknownHashesAreRememberedForTheNegativeTtlOnly() {
    cache.rememberUnknown("wrong", cache.epoch());
    assertThat(cache.isKnownUnknown("wrong")).isTrue();

    nanos.addAndGet(Duration.ofSeconds(6).toNanos());

    assertThat(cache.isKnownUnknown("wrong")).isFalse();
  }

  @Test
  void liveSecretsExpireAfterTheTtlBackstop() {
    remember("h1", secret("acme", "alice"));
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(cache.findLive("h1")).isPresent();

    nanos.addAndGet(Duration.ofSeconds(2).toNanos());

    assertThat(cache.findLive("h1")).isEmpty();
  }

  @Test
  void readThatStartedBeforeAnInvalidationLeavesNothingBehind() {
    LiveSecret stale = secret("acme", "alice");
    long epochBeforeRead = cache.epoch();

    // The database answered, then the grant changed and its notice arrived before the put.
    cache.invalidate(Invalidation.grant("acme", stale.grant().id()));
    cache.rememberLive("h1", stale, epochBeforeRead);
    cache.rememberUnknown("h2", epochBeforeRead);

    assertThat(cache.findLive("h1")).isEmpty();
    assertThat(cache.isKnownUnknown("h2")).isFalse();
  }

  @Test
  void invalidationRacingManyLoadsNeverLeavesAStaleEntry() throws Exception {
    LiveSecret stale = secret("acme", "alice");
    for (int round = 0; round < 2_000; round++) {
      String key = "h" + round;
      long epochBeforeRead = cache.epoch();
      Thread loader = new Thread(() -> cache.rememberLive(key, stale, epochBeforeRead));

      loader.start();
      cache.invalidate(Invalidation.grant("acme", stale.grant().id()));
      loader.join();

      assertThat(cache.findLive(key)).as("round %d", round).isEmpty();
    }
  }

  @Test
  void aCacheTurnedOffRemembersNothing() {
    VerificationCache off = new VerificationCache(VerifyCacheSettings.off(), nanos::get);

    off.rememberLive("h1", secret("acme", "alice"), off.epoch());
    off.rememberUnknown("h2", off.epoch());

    assertThat(off.findLive("h1")).isEmpty();
    assertThat(off.isKnownUnknown("h2")).isFalse();
  }

  private void remember(String key, LiveSecret secret) {
    cache.rememberLive(key, secret, cache.epoch());
  }

  private static LiveSecret secret(String org, String username) {
    return new LiveSecret(new GrantSnapshot(UUID.randomUUID(), UUID.randomUUID(), org, "main",
        username, List.of("spreadsheets.read"), IpAllowlist.of(List.of()), Instant.now().plusSeconds(3600),
        false, false, "abc123", 1), Optional.empty());
  }
}
