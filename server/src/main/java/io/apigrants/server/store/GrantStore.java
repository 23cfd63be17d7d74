package io.apigrants.server.store;

import static io.apigrants.server.store.Transactions.time;
import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;

import io.apigrants.server.event.GrantEventType;
import io.apigrants.server.grant.Etags;
import io.apigrants.server.grant.GrantEdit;
import io.apigrants.server.grant.GrantField;
import io.apigrants.server.grant.GrantFields;
import io.apigrants.server.grant.GrantFilter;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.grant.GrantRules;
import io.apigrants.server.grant.NotFoundException;
import io.apigrants.server.grant.SecretState;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.store.schema.tables.GrantSecret;
import io.apigrants.server.store.schema.tables.records.GrantSecretRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SelectJoinStep;
import org.jooq.TableField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Reads and writes grants. Every query is scoped to one organisation: a grant of another
 * organisation is simply not found.
 *
 * <p>Every write runs in one transaction that locks the grant row ({@code SELECT ... FOR
 * UPDATE}), checks the caller's etag against the locked version, changes the row, bumps its
 * version and update time, and then passes through {@link #recordWrite}: the one place that
 * records what a write did, so that nothing a write must leave behind can be skipped.
 */
public final class GrantStore {
  private static final Field<String> SECRET_HINT =
      secretColumn(0, GRANT_SECRET.HINT, "secret_hint");
  private static final Field<OffsetDateTime> SECRET_CREATE_TIME =
      secretColumn(0, GRANT_SECRET.CREATE_TIME, "secret_create_time");
  private static final Field<OffsetDateTime> PREVIOUS_SECRET_EXPIRE_TIME =
      secretColumn(1, GRANT_SECRET.EXPIRE_TIME, "previous_secret_expire_time");

  private final Database database;
  private final Clock clock;
  private final AuditLog auditLog;

  /** For reads; writes stamp times from the system clock. */
  public GrantStore(Database database) {
    this(database, Clock.systemUTC());
  }

  /** Writes stamp times from {@code clock}. */
  public GrantStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
    this.auditLog = new AuditLog(clock);
  }

  /** What a write did, for its audit action (and its lifecycle event, later). */
  private enum Write {
    CREATE("grant.create", GrantEventType.CREATED),
    UPDATE("grant.update", GrantEventType.UPDATED),
    DELETE("grant.delete", GrantEventType.DELETED),
    DISABLE("grant.disable", GrantEventType.DISABLED),
    ENABLE("grant.enable", GrantEventType.ENABLED);

    private final String action;
    private final GrantEventType event;

    Write(String action, GrantEventType event) {
      this.action = action;
      this.event = event;
    }
  }

  /** The grant {@code id} of {@code org}, outside any transaction. */
  public Optional<StoredGrant> find(String org, UUID id) {
    return find(database.dsl(), org, id);
  }

  /** The grant {@code id} of {@code org}, read through {@code tx} (a transaction or not). */
  public static Optional<StoredGrant> find(DSLContext tx, String org, UUID id) {
    return selectGrants(tx)
        .where(API_GRANT.ORG_ID.eq(org))
        .and(API_GRANT.ID.eq(id))
        .fetchOptional(GrantStore::toGrant);
  }

  /** The grant that {@code creator} created with the idempotency key {@code requestId}. */
  public Optional<StoredGrant> findByRequestId(String org, String creator, String requestId) {
    return selectGrants(database.dsl())
        .where(API_GRANT.ORG_ID.eq(org))
        .and(API_GRANT.CREATOR.eq(creator))
        .and(API_GRANT.CREATE_REQUEST_ID.eq(requestId))
        .fetchOptional(GrantStore::toGrant);
  }

  /**
   * One page of the organisation's grants in creation order, after {@code cursor} (from the
   * previous page). Keyset pagination on the immutable {@code seq}: rows inserted meanwhile never
   * shift a page, so no grant that existed when listing began is skipped or repeated.
   */
  public Page<StoredGrant> list(String org, GrantFilter filter, Optional<String> cursor,
      int pageSize) {
    List<Record> rows = pageQuery(database.dsl(), org, filter, cursor.map(Long::parseLong),
        pageSize + 1).fetch();
    return Page.of(rows, pageSize, GrantStore::toGrant,
        row -> Long.toString(row.get(API_GRANT.SEQ)));
  }

  /**
   * The page query of {@link #list}: index-backed on (org_id, seq), (org_id, workspace_id, seq),
   * (org_id, username, seq) or (org_id, disabled, seq), so a page costs the same on page 1 and
   * page 1000.
   */
  static ResultQuery<Record> pageQuery(DSLContext dsl, String org, GrantFilter filter,
      Optional<Long> afterSeq, int limit) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(API_GRANT.ORG_ID.eq(org));
    filter.workspace().map(API_GRANT.WORKSPACE_ID::eq).ifPresent(conditions::add);
    filter.username().map(API_GRANT.USERNAME::eq).ifPresent(conditions::add);
    filter.disabled().map(API_GRANT.DISABLED::eq).ifPresent(conditions::add);
    afterSeq.map(API_GRANT.SEQ::gt).ifPresent(conditions::add);
    return selectGrants(dsl)
        .where(conditions)
        .orderBy(API_GRANT.SEQ)
        .limit(limit);
  }

  /**
   * Creates a grant after checking its user (again, now under lock) and the organisation
   * policy. When a create with the same {@code requestId} by the same creator commits first,
   * answers that grant instead.
   */
  public StoredGrant create(String org, String creator, GrantFields fields,
      Optional<String> requestId) {
    try {
      return database.dsl().transactionResult(configuration -> {
        DSLContext tx = configuration.dsl();
        requireActiveUser(tx, org, fields.username());
        Instant now = Transactions.now(clock);
        PolicyStore.find(tx, org).check(fields, EnumSet.allOf(GrantField.class), now);

        UUID id = UUID.randomUUID();
        tx.insertInto(API_GRANT)
            .set(API_GRANT.ID, id)
            .set(API_GRANT.ORG_ID, org)
            .set(API_GRANT.CLIENT_ID, UUID.randomUUID())
            .set(API_GRANT.CLIENT_NAME, fields.clientName())
            .set(API_GRANT.WORKSPACE_ID, fields.workspace())
            .set(API_GRANT.USERNAME, fields.username())
            .set(API_GRANT.SCOPES, TextSets.join(fields.scopes()))
            .set(API_GRANT.IP_ALLOWLIST, TextSets.join(fields.ipAllowlist()))
            .set(API_GRANT.EXPIRE_TIME, time(fields.expireTime()))
            .set(API_GRANT.DISABLED, false)
            .set(API_GRANT.SECRET_STATE, SecretState.NONE.name())
            .set(API_GRANT.GENERATION, 0L)
            .set(API_GRANT.VERSION, 1L)
            .set(API_GRANT.CREATOR, creator)
            .set(API_GRANT.CREATE_REQUEST_ID, requestId.orElse(null))
            .set(API_GRANT.CREATE_TIME, time(now))
            .set(API_GRANT.UPDATE_TIME, time(now))
            .execute();
        return recordWrite(tx, Write.CREATE, org, id, creator, requestId, Optional.empty());
      });
    } catch (DataAccessException e) {
      // A concurrent create with this request id committed first (the unique key refused ours,
      // on PostgreSQL after waiting for it to commit): the caller gets that grant.
      Optional<StoredGrant> first =
          requestId.flatMap(key -> findByRequestId(org, creator, key));
      if (first.isPresent()) {
        return first.get();
      }
      throw e;
    }
  }

  /**
   * Applies {@code edit} to the grant if {@code etag} (when not empty) is current. A new
   * username deletes both secret slots, marks an active secret INVALIDATED and bumps the
   * generation, and a new expiry clears the expiry notice flags, in the same transaction. An
   * edit that changes nothing writes nothing.
   */
  public StoredGrant update(String org, String actor, UUID id, String etag, GrantEdit edit) {
    return database.dsl().transactionResult(configuration -> {
      DSLContext tx = configuration.dsl();
      StoredGrant current = lockForWrite(tx, org, id, etag);
      GrantFields before = GrantFields.of(current);
      GrantFields after = edit.applyTo(before);
      Set<GrantField> changed = GrantEdit.changed(before, after);
      if (changed.isEmpty()) {
        return current;
      }
      boolean newUser = changed.contains(GrantField.USERNAME);
      if (newUser) {
        requireActiveUser(tx, org, after.username());
      }
      Instant now = Transactions.now(clock);
      PolicyStore.find(tx, org).check(after, changed, now);

      if (newUser) {
        // The secrets were the previous user's to hold: none of them may verify any more.
        tx.deleteFrom(GRANT_SECRET)
            .where(GRANT_SECRET.GRANT_ID.eq(id))
            .execute();
      }
      SecretState secretState = newUser && current.secretState() == SecretState.ACTIVE
          ? SecretState.INVALIDATED : current.secretState();
      tx.update(API_GRANT)
          .set(API_GRANT.CLIENT_NAME, after.clientName())
          .set(API_GRANT.USERNAME, after.username())
          .set(API_GRANT.SCOPES, TextSets.join(after.scopes()))
          .set(API_GRANT.EXPIRE_TIME, time(after.expireTime()))
          .set(API_GRANT.IP_ALLOWLIST, TextSets.join(after.ipAllowlist()))
          .set(API_GRANT.SECRET_STATE, secretState.name())
          .set(API_GRANT.GENERATION, current.generation() + (newUser ? 1 : 0))
          .set(API_GRANT.VERSION, current.version() + 1)
          .set(API_GRANT.UPDATE_TIME, time(now))
          .where(API_GRANT.ID.eq(id))
          .execute();
      if (changed.contains(GrantField.EXPIRE_TIME)) {
        // A new expiry gets its own notices: ExpiryNotices emits both again when they are due.
        tx.update(API_GRANT)
            .set(API_GRANT.EXPIRING_NOTICE_SENT, false)
            .set(API_GRANT.EXPIRED_NOTICE_SENT, false)
            .where(API_GRANT.ID.eq(id))
            .execute();
      }
      // Every field but the client name decides verification; the name is in its answer.
      database.invalidations().publish(tx, Invalidation.grant(org, id));
      return recordWrite(tx, Write.UPDATE, org, id, actor, Optional.empty(), Optional.of(current));
    });
  }

  /** Deletes the grant (its secrets go with it) if {@code etag}, when not empty, is current. */
  public void delete(String org, String actor, UUID id, String etag) {
    database.dsl().transactionResult(configuration -> {
      DSLContext tx = configuration.dsl();
      StoredGrant current = lockForWrite(tx, org, id, etag);

      tx.deleteFrom(API_GRANT)
          .where(API_GRANT.ID.eq(id))
          .execute();
      database.invalidations().publish(tx, Invalidation.grant(org, id));
      return recordWrite(tx, Write.DELETE, org, id, actor, Optional.empty(), Optional.of(current));
    });
  }

  /**
   * Disables or enables the grant if {@code etag}, when not empty, is current. Disabling bumps
   * the generation, so access tokens issued before stop working. Setting the state it already
   * has writes nothing.
   */
  public StoredGrant setDisabled(String org, String actor, UUID id, String etag,
      boolean disabled) {
    return database.dsl().transactionResult(configuration -> {
      DSLContext tx = configuration.dsl();
      StoredGrant current = lockForWrite(tx, org, id, etag);
      if (current.disabled() == disabled) {
        return current;
      }

      tx.update(API_GRANT)
          .set(API_GRANT.DISABLED, disabled)
          .set(API_GRANT.GENERATION, current.generation() + (disabled ? 1 : 0))
          .set(API_GRANT.VERSION, current.version() + 1)
          .set(API_GRANT.UPDATE_TIME, time(Transactions.now(clock)))
          .where(API_GRANT.ID.eq(id))
          .execute();
      database.invalidations().publish(tx, Invalidation.grant(org, id));
      return recordWrite(tx, disabled ? Write.DISABLE : Write.ENABLE, org, id, actor,
          Optional.empty(), Optional.of(current));
    });
  }

  /**
   * Validation saw the user active, but outside this transaction; a disable may have committed
   * since. Checked again under the user's row lock, it cannot slip in before the commit.
   */
  private static void requireActiveUser(DSLContext tx, String org, String username) {
    if (!DirectoryStore.lockActiveUser(tx, org, username)) {
      throw GrantRules.inactiveUser();
    }
  }

  /**
   * Locks the grant row for the rest of the transaction and checks the caller's etag against
   * it. Two admins racing with the same etag queue on the lock; the second then sees the
   * version the first wrote and is refused.
   */
  private static StoredGrant lockForWrite(DSLContext tx, String org, UUID id, String etag) {
    String name = GrantNames.format(id);
    // Locked apart from the read, so the lock covers the grant row alone.
    tx.select(API_GRANT.ID)
        .from(API_GRANT)
        .where(API_GRANT.ORG_ID.eq(org))
        .and(API_GRANT.ID.eq(id))
        .forUpdate()
        .fetchOptional()
        .orElseThrow(() -> new NotFoundException(name));
    StoredGrant current = find(tx, org, id).orElseThrow(() -> new NotFoundException(name));
    Etags.check(etag, current.version(), name);
    return current;
  }

  /**
   * The one path every grant write takes after changing the row, inside its transaction:
   * records the audit event (old and new values of what changed) and answers the grant as it
   * now is (empty after a delete, which callers ignore).
   */
  private StoredGrant recordWrite(DSLContext tx, Write write, String org, UUID id, String actor,
      Optional<String> requestId, Optional<StoredGrant> before) {
    Optional<StoredGrant> after = find(tx, org, id);
    AuditEntry.Builder entry = AuditEntry.builder(org, actor, write.action, GrantNames.format(id))
        .requestId(requestId.orElse(null));
    auditLog.record(tx, GrantAudit.describe(entry, before, after).build());
    // Last, as EventOutbox asks: its lock is then held for the commit alone.
    EventOutbox.append(tx, write.event, after.or(() -> before).orElseThrow(), clock.instant());
    return after.orElse(null);
  }

  /**
   * The grant columns with its current and previous secret's metadata; callers add the where
   * clause.
   */
  static SelectJoinStep<Record> selectGrants(DSLContext tx) {
    return tx.select(API_GRANT.fields())
        .select(SECRET_HINT, SECRET_CREATE_TIME, PREVIOUS_SECRET_EXPIRE_TIME)
        .from(API_GRANT);
  }

  /**
   * A column of the grant's secret in {@code slot}, as a correlated subquery rather than an
   * outer join: each row the page returns then costs one probe of grant_secret_slot_uk, whatever
   * PostgreSQL's statistics say. With outer joins it estimated slot-1 rows as rare and read the
   * whole grant_secret table for every page (see ListGrantsPlanTest).
   */
  private static <T> Field<T> secretColumn(int slot, TableField<GrantSecretRecord, T> column,
      String alias) {
    GrantSecret secret = GRANT_SECRET.as("slot" + slot + "_" + column.getName());
    return DSL.field(DSL.select(secret.field(column))
            .from(secret)
            .where(secret.GRANT_ID.eq(API_GRANT.ID))
            .and(secret.SLOT.eq((short) slot)))
        .as(alias);
  }

  /** Maps a row of {@link #selectGrants} to the domain record. */
  static StoredGrant toGrant(Record row) {
    return new StoredGrant(
        row.get(API_GRANT.ID),
        row.get(API_GRANT.CLIENT_ID),
        row.get(API_GRANT.ORG_ID),
        row.get(API_GRANT.CLIENT_NAME),
        row.get(API_GRANT.WORKSPACE_ID),
        row.get(API_GRANT.USERNAME),
        TextSets.split(row.get(API_GRANT.SCOPES)),
        instant(row.get(API_GRANT.EXPIRE_TIME)),
        TextSets.split(row.get(API_GRANT.IP_ALLOWLIST)),
        row.get(API_GRANT.DISABLED),
        SecretState.valueOf(row.get(API_GRANT.SECRET_STATE)),
        Optional.ofNullable(row.get(SECRET_HINT)),
        Optional.ofNullable(row.get(SECRET_CREATE_TIME)).map(GrantStore::instant),
        Optional.ofNullable(row.get(PREVIOUS_SECRET_EXPIRE_TIME)).map(GrantStore::instant),
        Optional.ofNullable(row.get(API_GRANT.LAST_USED_TIME)).map(GrantStore::instant),
        Optional.ofNullable(row.get(API_GRANT.LAST_USED_IP)),
        instant(row.get(API_GRANT.CREATE_TIME)),
        instant(row.get(API_GRANT.UPDATE_TIME)),
        row.get(API_GRANT.CREATOR),
        row.get(API_GRANT.VERSION),
        row.get(API_GRANT.GENERATION));
  }

  static Instant instant(OffsetDateTime time) {
    return time.toInstant();
  }
}
