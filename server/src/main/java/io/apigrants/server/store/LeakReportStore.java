package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;

import io.apigrants.server.event.GrantEventType;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.grant.SecretState;
import io.apigrants.server.secret.SecretHash;
import io.apigrants.server.store.schema.tables.records.ApiGrantRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Reports of secrets found in the wild: invalidates the reported secret if it is live, and
 * records every report, live or not, as one {@value #ACTION} event in the audit trail of the
 * reporter's organisation.
 *
 * <p>That event never tells one organisation about another's grants. Its {@code outcome} is
 * {@value #REVOKED} (with the grant as target and the secret's hint) only for a live secret of
 * the reporter's own organisation; any other well-formed secret is {@value #NOT_LIVE} with no
 * target, whether it was never issued, already gone, or another organisation's. Such a secret
 * of another organisation is invalidated all the same, and that organisation's trail gets an
 * event of its own naming the reporter's organisation. No event holds the secret or its hash.
 */
public final class LeakReportStore {
  static final String ACTION = "grant.secret.leak_report";
  /** A live secret of the reporter's organisation, now invalidated. */
  static final String REVOKED = "revoked";
  /** No live secret of the reporter's organisation matched. */
  static final String NOT_LIVE = "not_live";
  /** Not a well-formed secret; nothing was looked up. */
  static final String MALFORMED = "malformed";
  /** The target of a report that concerns no grant of the organisation. */
  static final String NO_TARGET = "";

  private final Database database;
  private final AuditLog auditLog;
  private final Clock clock;

  public LeakReportStore(Database database, Clock clock) {
    this.database = database;
    this.auditLog = new AuditLog(clock);
    this.clock = clock;
  }

  /**
   * Who reported a secret and where it was found, already cleaned of the secret itself.
   *
   * @param reporterOrg the organisation of the calling verifier
   * @param actor the calling verifier's username
   * @param reporter who or what found the secret
   * @param location where it was found; empty when not given
   */
  public record Report(String reporterOrg, String actor, String reporter, String location) {}

  /**
   * Deletes the live secret among {@code candidates}, if there is one, and records the report.
   *
   * <p>A leak of the current secret leaves the grant INVALIDATED: nothing verifies until its user
   * regenerates, and a running grace period ends with it.
   *
   * @param candidates the reported secret's hash under every known pepper
   */
  public void revokeLeaked(List<SecretHash> candidates, Report report) {
    database.dsl().transaction(configuration -> {
      DSLContext tx = configuration.dsl();
      Optional<String> revokedIn = revokeIfLive(tx, candidates, report);
      if (!revokedIn.equals(Optional.of(report.reporterOrg()))) {
        recordWithoutGrant(tx, report, NOT_LIVE);
      }
    });
  }

  /** Records the report of a secret that is not well formed: nothing to look up or revoke. */
  public void recordMalformed(Report report) {
    database.dsl().transaction(configuration ->
        recordWithoutGrant(configuration.dsl(), report, MALFORMED));
  }

  /**
   * Invalidates the live secret among {@code candidates} and records it in its grant's
   * organisation; returns that organisation, or empty when no secret was live.
   */
  private Optional<String> revokeIfLive(DSLContext tx, List<SecretHash> candidates,
      Report report) {
    Instant now = clock.instant();
    Optional<Record> leaked = tx
        .select(GRANT_SECRET.SECRET_HASH, GRANT_SECRET.KEY_ID, GRANT_SECRET.GRANT_ID)
        .from(GRANT_SECRET)
        .where(anyOf(candidates))
        .and(isLive(now))
        .fetch()
        .stream()
        .<Record>map(row -> row)
        .filter(row -> SecretStore.matchesOneOf(candidates, row.get(GRANT_SECRET.KEY_ID),
            row.get(GRANT_SECRET.SECRET_HASH)))
        .findFirst();
    if (leaked.isEmpty()) {
      return Optional.empty();
    }
    UUID grantId = leaked.get().get(GRANT_SECRET.GRANT_ID);
    String hashValue = leaked.get().get(GRANT_SECRET.SECRET_HASH);

    Optional<ApiGrantRecord> grant = tx.selectFrom(API_GRANT)
        .where(API_GRANT.ID.eq(grantId))
        .forUpdate()
        .fetchOptional();
    // Read again under the grant's lock: a regenerate may have replaced the secret meanwhile.
    var secret = tx.select(GRANT_SECRET.SLOT, GRANT_SECRET.HINT)
        .from(GRANT_SECRET)
        .where(GRANT_SECRET.SECRET_HASH.eq(hashValue))
        .and(GRANT_SECRET.GRANT_ID.eq(grantId))
        .and(isLive(now))
        .fetchOptional();
    if (grant.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }

    tx.deleteFrom(GRANT_SECRET)
        .where(GRANT_SECRET.SECRET_HASH.eq(hashValue))
        .execute();
    String oldState = grant.get().getSecretState();
    String newState = secret.get().value1() == SecretStore.CURRENT_SLOT
        ? SecretState.INVALIDATED.name() : oldState;
    tx.update(API_GRANT)
        .set(API_GRANT.SECRET_STATE, newState)
        .set(API_GRANT.GENERATION, API_GRANT.GENERATION.plus(1))
        .set(API_GRANT.VERSION, API_GRANT.VERSION.plus(1))
        .set(API_GRANT.UPDATE_TIME, Transactions.time(now))
        .where(API_GRANT.ID.eq(grantId))
        .execute();

    String org = grant.get().getOrgId();
    String otherReporterOrg = org.equals(report.reporterOrg()) ? null : report.reporterOrg();
    auditLog.record(tx, AuditEntry.builder(org, report.actor(), ACTION,
            GrantNames.format(grantId))
        .change("reporter", null, report.reporter())
        .change("location", null, emptyToNull(report.location()))
        .change("reporter_org", null, otherReporterOrg)
        .change("outcome", null, REVOKED)
        .change("revoked_secret_hint", null, secret.get().value2())
        .change("secret_state", oldState, newState)
        .build());
    database.invalidations().publish(tx, Invalidation.grant(org, grantId));
    ApiGrantRecord row = grant.get();
    EventOutbox.append(tx, GrantEventType.SECRET_INVALIDATED, org, grantId, row.getClientId(),
        row.getWorkspaceId(), row.getUsername(), now);
    return Optional.of(org);
  }

  private void recordWithoutGrant(DSLContext tx, Report report, String outcome) {
    auditLog.record(tx, AuditEntry.builder(report.reporterOrg(), report.actor(), ACTION,
            NO_TARGET)
        .change("reporter", null, report.reporter())
        .change("location", null, emptyToNull(report.location()))
        .change("outcome", null, outcome)
        .build());
  }

  private static Condition anyOf(List<SecretHash> candidates) {
    return DSL.or(candidates.stream()
        .map(candidate -> GRANT_SECRET.SECRET_HASH.eq(candidate.value())
            .and(GRANT_SECRET.KEY_ID.eq(candidate.keyId())))
        .toList());
  }

  private static Condition isLive(Instant now) {
    return GRANT_SECRET.EXPIRE_TIME.isNull()
        .or(GRANT_SECRET.EXPIRE_TIME.gt(Transactions.time(now)));
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
