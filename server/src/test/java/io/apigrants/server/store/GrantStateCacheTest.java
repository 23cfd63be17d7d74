package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.token.GrantState;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grant-state cache answers from memory until a notice says the grant changed: a row edited
 * behind its back (no notice, as no server writer does) is not seen, a notice makes it so.
 */
class GrantStateCacheTest {
  private static TestServer server;
  private static GrantRows rows;

  @BeforeAll
  static void start() {
    MutableClock clock = MutableClock.startingNow();
    server = TestServer.h2(clock);
    rows = new GrantRows(server, clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static GrantStateCache newCache() {
    Database database = server.server().database();
    return new GrantStateCache(new GrantStateStore(database), database.invalidations(), 100,
        Duration.ofMinutes(5));
  }

  @Test
  void aGrantNoticeEvictsThatGrantOnly() {
    GrantStateCache cache = newCache();
    UUID changed = rows.create(GrantRows.newOrg(), "alice").id();
    UUID untouched = rows.create(GrantRows.newOrg(), "bob").id();
    long before = cache.find(changed).orElseThrow().generation();
    long untouchedBefore = cache.find(untouched).orElseThrow().generation();

    editBehindTheCachesBack(changed);
    editBehindTheCachesBack(changed);
    editBehindTheCachesBack(untouched);
    long whileUnnoticed = cache.find(changed).orElseThrow().generation();
    notice(Invalidation.grant("any", changed));

    assertThat(whileUnnoticed).isEqualTo(before);
    assertThat(cache.find(changed).orElseThrow().generation()).isEqualTo(before + 2);
    assertThat(cache.find(untouched).orElseThrow().generation()).isEqualTo(untouchedBefore);
  }

  @Test
  void userAndFlushNoticesEvictEverything() {
    GrantStateCache cache = newCache();
    String org = GrantRows.newOrg();
    UUID id = rows.create(org, "carol").id();
    long before = cache.find(id).orElseThrow().generation();

    editBehindTheCachesBack(id);
    notice(Invalidation.user(org, "someone-else"));
    GrantState afterUserNotice = cache.find(id).orElseThrow();
    editBehindTheCachesBack(id);
    notice(Invalidation.all());

    assertThat(afterUserNotice.generation()).isEqualTo(before + 1);
    assertThat(cache.find(id).orElseThrow().generation()).isEqualTo(before + 2);
  }

  private static void editBehindTheCachesBack(UUID id) {
    server.server().database().dsl().update(API_GRANT)
        .set(API_GRANT.GENERATION, API_GRANT.GENERATION.plus(1))
        .where(API_GRANT.ID.eq(id))
        .execute();
  }

  private static void notice(Invalidation invalidation) {
    Database database = server.server().database();
    database.dsl().transaction(tx -> database.invalidations().publish(tx.dsl(), invalidation));
  }
}
