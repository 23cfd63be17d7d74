package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;

import io.apigrants.server.event.GrantEventType;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.grant.LastUse;
import io.apigrants.server.grant.LiveSecret;
import io.apigrants.server.grant.NotFoundException;
import io.apigrants.server.grant.PreconditionException;
import io.apigrants.server.grant.SecretState;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.secret.GracePeriod;
import io.apigrants.server.secret.SecretHash;
import io.apigrants.server.store.schema.tables.records.ApiGrantRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;

/**
 * Writes and looks up grant secrets: regenerate, the verification lookup and the batched
 * last-used times. Leak reports are {@link LeakReportStore}'s.
 *
 * <p>Every write that touches a grant's secrets first locks the grant row ({@code FOR UPDATE}),
 * so concurrent regenerates and revocations of one grant run one after another; the
 * {@code (grant_id, slot)} key then makes "at most two live secrets" a database fact. Only keyed
 * hashes reach this class, never a secret.
 *
 * <p>Every write that can turn a secret off publishes {@link Invalidation#grant} in its own
 * transaction, so that every replica's verification cache forgets the grant once it commits.
 */
public final class SecretStore {
  static final short CURRENT_SLOT = 0;
  private static final short PREVIOUS_SLOT = 1;

  private final Database database;
  private final LiveSecretLookup liveSecrets;
  private final AuditLog auditLog;
  private final Clock clock;

  public SecretStore(Database database, Clock clock) {
    this.database = database;
    this.liveSecrets = new LiveSecretLookup(database);
    this.auditLog = new AuditLog(clock);
    this.clock = clock;
  }

  /**
   * The grant a live secret belongs to: one indexed lookup by hash joining the secret, its grant
   * and the grant's user. A secret is live while its grant's secret state is ACTIVE and, for a
   * previous secret, its grace period has not ended.
   *
   * @param candidates the secret's hash under every known pepper
   */
  public Optional<LiveSecret> findLive(List<SecretHash> candidates, Instant now) {
    return liveSecrets.find(candidates, now);
  }

  /**
   * Replaces the current secret of grant {@code grantId} with {@code hash}, in one transaction,
   * and returns the grant as it now stands.
   *
   * <p>Only {@code username}, the user named on the grant, may do this: for anyone else the grant
   * does not exist. The previous secret is dropped, or kept as the grace-period secret until
   * {@link GracePeriod#previousSecretEnd}.
   *
   * @throws NotFoundException when the grant is not in {@code org} or not {@code username}'s
   * @throws PreconditionException when the user or the grant is disabled or the grant expired
   */
  public StoredGrant regenerate(String org, String username, UUID grantId, Duration requestedGrace,
      SecretHash hash, String hint) {
    String name = GrantNames.format(grantId);
    return database.dsl().transactionResult(configuration -> {
      DSLContext tx = configuration.dsl();
      Instant now = clock.instant();
      ApiGrantRecord grant = tx.selectFrom(API_GRANT)
          .where(API_GRANT.ORG_ID.eq(org))
          .and(API_GRANT.ID.eq(grantId))
          .forUpdate()
          .fetchOptional()
          .filter(row -> row.getUsername().equals(username))
          .orElseThrow(() -> new NotFoundException(name));

      // Share-locked: a disable racing this regenerate either commits first and is seen here,
      // or waits for this commit and then stops the new secret. A plain read could see the user
      // still enabled while a disable commits, and issue a secret to a disabled user.
      if (!DirectoryStore.lockActiveUser(tx, org, username)) {
        throw new PreconditionException("your user is disabled in " + org);
      }
      if (grant.getDisabled()) {
        throw new PreconditionException(name + " is disabled");
      }
      if (!grant.getExpireTime().toInstant().isAfter(now)) {
        throw new PreconditionException(name + " has expired");
      }

      Optional<String> currentHint = tx.select(GRANT_SECRET.HINT)
          .from(GRANT_SECRET)
          .where(GRANT_SECRET.GRANT_ID.eq(grantId))
          .and(GRANT_SECRET.SLOT.eq(CURRENT_SLOT))
          .fetchOptional(GRANT_SECRET.HINT);
      boolean hasLiveCurrent = currentHint.isPresent()
          && SecretState.ACTIVE.name().equals(grant.getSecretState());
      Optional<Instant> graceEnd = hasLiveCurrent
          ? GracePeriod.previousSecretEnd(requestedGrace,
              PolicyStore.find(tx, org).maxPreviousSecretTtl(), now,
              grant.getExpireTime().toInstant())
          : Optional.empty();

      tx.deleteFrom(GRANT_SECRET)
          .where(GRANT_SECRET.GRANT_ID.eq(grantId))
          .and(GRANT_SECRET.SLOT.eq(PREVIOUS_SLOT))
          .execute();
      if (graceEnd.isPresent()) {
        tx.update(GRANT_SECRET)
            .set(GRANT_SECRET.SLOT, PREVIOUS_SLOT)
            .set(GRANT_SECRET.EXPIRE_TIME, utc(graceEnd.get()))
            .where(GRANT_SECRET.GRANT_ID.eq(grantId))
            .and(GRANT_SECRET.SLOT.eq(CURRENT_SLOT))
            .execute();
      } else {
        tx.deleteFrom(GRANT_SECRET)
            .where(GRANT_SECRET.GRANT_ID.eq(grantId))
            .and(GRANT_SECRET.SLOT.eq(CURRENT_SLOT))
            .execute();
      }
      tx.insertInto(GRANT_SECRET)
          .set(GRANT_SECRET.SECRET_HASH, hash.value())
          .set(GRANT_SECRET.GRANT_ID, grantId)
          .set(GRANT_SECRET.SLOT, CURRENT_SLOT)
          .set(GRANT_SECRET.KEY_ID, hash.keyId())
          .set(GRANT_SECRET.HINT, hint)
          .set(GRANT_SECRET.CREATE_TIME, utc(now))
          .execute();
      tx.update(API_GRANT)
          .set(API_GRANT.SECRET_STATE, SecretState.ACTIVE.name())
          .set(API_GRANT.GENERATION, API_GRANT.GENERATION.plus(1))
          .set(API_GRANT.VERSION, API_GRANT.VERSION.plus(1))
          .set(API_GRANT.UPDATE_TIME, utc(now))
          .where(API_GRANT.ID.eq(grantId))
          .execute();

      Duration grace = graceEnd.map(end -> Duration.between(now, end)).orElse(Duration.ZERO);
      auditLog.record(tx, AuditEntry.builder(org, username, "grant.secret.regenerate", name)
          .change("secret_hint", currentHint.orElse(null), hint)
          .change("secret_state", grant.getSecretState(), SecretState.ACTIVE.name())
          .change("previous_secret_ttl", null, grace.toString())
          .change("previous_secret_expire_time", null, graceEnd.map(Instant::toString).orElse(null))
          .build());
      database.invalidations().publish(tx, Invalidation.grant(org, grantId));
      StoredGrant regenerated = GrantStore.find(tx, org, grantId).orElseThrow();
      EventOutbox.append(tx, GrantEventType.SECRET_REGENERATED, regenerated, now);
      return regenerated;
    });
  }

  /**
   * Writes last-used times in one batch. A time older than the stored one is skipped, so
   * replicas flushing in any order keep the latest.
   */
  public void writeLastUses(List<LastUse> uses) {
    if (uses.isEmpty()) {
      return;
    }
    // One lock order for every writer: replicas flushing overlapping batches cannot deadlock.
    List<LastUse> sorted = uses.stream().sorted(Comparator.comparing(LastUse::grantId)).toList();
    database.dsl().transaction(configuration -> {
      DSLContext tx = configuration.dsl();
      // One statement rendered once and bound per grant: rendering a statement per grant cost
      // about 5 % of the CPU of a verification benchmark touching a thousand grants.
      BatchBindStep batch = tx.batch(tx.update(API_GRANT)
          .set(API_GRANT.LAST_USED_TIME, (OffsetDateTime) null)
          .set(API_GRANT.LAST_USED_IP, (String) null)
          .where(API_GRANT.ID.eq((UUID) null))
          .and(API_GRANT.LAST_USED_TIME.isNull()
              .or(API_GRANT.LAST_USED_TIME.lt((OffsetDateTime) null))));
      for (LastUse use : sorted) {
        batch = batch.bind(utc(use.time()), use.clientIp(), use.grantId(), utc(use.time()));
      }
      batch.execute();
    });
  }

  /**
   * Whether a row found by hash really carries one of the candidates. The database already
   * matched; this repeats it in constant time so that a case-insensitive collation or a lookup
   * quirk can never let a different hash through.
   */
  static boolean matchesOneOf(List<SecretHash> candidates, String keyId, String stored) {
    return candidates.stream()
        .filter(candidate -> candidate.keyId().equals(keyId))
        .anyMatch(candidate -> candidate.matches(stored));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
