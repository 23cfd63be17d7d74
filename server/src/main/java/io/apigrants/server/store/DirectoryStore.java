package io.apigrants.server.store;

import static io.apigrants.server.store.Transactions.time;
import static io.apigrants.server.store.schema.Tables.APP_USER;
import static io.apigrants.server.store.schema.Tables.WORKSPACE;

import io.apigrants.server.grant.AlreadyExistsException;
import io.apigrants.server.grant.Directory;
import io.apigrants.server.grant.StoredUser;
import io.apigrants.server.grant.StoredWorkspace;
import io.apigrants.server.store.schema.tables.records.AppUserRecord;
import io.apigrants.server.store.schema.tables.records.WorkspaceRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** Reads and writes the organisation directory: workspaces and users. */
public final class DirectoryStore {
  private final Database database;
  private final Clock clock;
  private final AuditLog auditLog;

  public DirectoryStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
    this.auditLog = new AuditLog(clock);
  }

  /** The directory of {@code org} as grant validation sees it, read outside a transaction. */
  public Directory of(String org) {
    return new Directory() {
      @Override
      public boolean hasWorkspace(String id) {
        return database.dsl().fetchExists(WORKSPACE,
            WORKSPACE.ORG_ID.eq(org).and(WORKSPACE.ID.eq(id)));
      }

      @Override
      public boolean hasActiveUser(String username) {
        return findUser(database.dsl(), org, username).filter(user -> !user.disabled())
            .isPresent();
      }
    };
  }

  /** Creates a workspace; an id the organisation already has is {@link AlreadyExistsException}. */
  public StoredWorkspace createWorkspace(String org, String actor, String id,
      String displayName) {
    StoredWorkspace workspace =
        new StoredWorkspace(org, id, displayName, Transactions.now(clock));
    try {
      database.dsl().transaction(cfg -> {
        DSLContext tx = cfg.dsl();
        tx.insertInto(WORKSPACE)
            .set(WORKSPACE.ORG_ID, org)
            .set(WORKSPACE.ID, id)
            .set(WORKSPACE.DISPLAY_NAME, displayName)
            .set(WORKSPACE.CREATE_TIME, time(workspace.createTime()))
            .execute();
        auditLog.record(tx, AuditEntry.builder(org, actor, "workspace.create", workspace.name())
            .change("display_name", null, displayName)
            .build());
      });
    } catch (DataAccessException e) {
      if (Transactions.isUniqueViolation(e)) {
        throw new AlreadyExistsException(workspace.name());
      }
      throw e;
    }
    return workspace;
  }

  /** One page of the organisation's workspaces in id order, after {@code cursor}. */
  public Page<StoredWorkspace> listWorkspaces(String org, Optional<String> cursor,
      int pageSize) {
    var query = database.dsl().selectFrom(WORKSPACE)
        .where(WORKSPACE.ORG_ID.eq(org));
    if (cursor.isPresent()) {
      query = query.and(WORKSPACE.ID.gt(cursor.get()));
    }
    var rows = query
        .orderBy(WORKSPACE.ID)
        .limit(pageSize + 1)
        .fetch();
    return Page.of(rows, pageSize, DirectoryStore::toWorkspace, WorkspaceRecord::getId);
  }

  /**
   * Creates the user or replaces its display name and state, and records the change. A
   * disabled user's secrets stop verifying at once: verification reads app_user.disabled. An
   * upsert that changes nothing writes nothing.
   */
  public StoredUser upsertUser(String org, String actor, String username, String displayName,
      boolean disabled) {
    // Two first upserts of one user both insert: the loser runs again as an update.
    return Transactions.retryOnUniqueViolation(() -> database.dsl().transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      Optional<StoredUser> current = tx.selectFrom(APP_USER)
          .where(APP_USER.ORG_ID.eq(org))
          .and(APP_USER.USERNAME.eq(username))
          .forUpdate()
          .fetchOptional(DirectoryStore::toUser);
      if (current.isPresent() && current.get().displayName().equals(displayName)
          && current.get().disabled() == disabled) {
        return current.get();
      }
      Instant now = Transactions.now(clock);

      if (current.isPresent()) {
        tx.update(APP_USER)
            .set(APP_USER.DISPLAY_NAME, displayName)
            .set(APP_USER.DISABLED, disabled)
            .set(APP_USER.UPDATE_TIME, time(now))
            .where(APP_USER.ORG_ID.eq(org))
            .and(APP_USER.USERNAME.eq(username))
            .execute();
      } else {
        tx.insertInto(APP_USER)
            .set(APP_USER.ORG_ID, org)
            .set(APP_USER.USERNAME, username)
            .set(APP_USER.DISPLAY_NAME, displayName)
            .set(APP_USER.DISABLED, disabled)
            .set(APP_USER.CREATE_TIME, time(now))
            .set(APP_USER.UPDATE_TIME, time(now))
            .execute();
      }
      if (current.isPresent() && current.get().disabled() != disabled) {
        database.invalidations().publish(tx, Invalidation.user(org, username));
      }
      auditLog.record(tx, AuditEntry.builder(org, actor, "user.upsert",
              StoredUser.nameOf(username))
          .change("display_name", current.map(StoredUser::displayName).orElse(null),
              displayName)
          .change("state", current.map(DirectoryStore::state).orElse(null),
              disabled ? "DISABLED" : "ACTIVE")
          .build());
      return findUser(tx, org, username).orElseThrow();
    }));
  }

  /** One page of the organisation's users in username order, after {@code cursor}. */
  public Page<StoredUser> listUsers(String org, Optional<String> cursor, int pageSize) {
    var query = database.dsl().selectFrom(APP_USER)
        .where(APP_USER.ORG_ID.eq(org));
    if (cursor.isPresent()) {
      query = query.and(APP_USER.USERNAME.gt(cursor.get()));
    }
    var rows = query
        .orderBy(APP_USER.USERNAME)
        .limit(pageSize + 1)
        .fetch();
    return Page.of(rows, pageSize, DirectoryStore::toUser, AppUserRecord::getUsername);
  }

  /**
   * Whether {@code username} is an active user of {@code org}, read in the write transaction
   * {@code tx} with a lock on the user's row held to its end: a concurrent disable then either
   * commits first and is seen here, or waits until the write has committed.
   */
  static boolean lockActiveUser(DSLContext tx, String org, String username) {
    return Transactions.forShare(tx, tx.select(APP_USER.DISABLED)
            .from(APP_USER)
            .where(APP_USER.ORG_ID.eq(org))
            .and(APP_USER.USERNAME.eq(username)))
        .fetchOptional(APP_USER.DISABLED)
        .map(disabled -> !disabled)
        .orElse(false);
  }

  /** The user {@code username} of {@code org}, read through {@code tx}. */
  public static Optional<StoredUser> findUser(DSLContext tx, String org, String username) {
    return tx.selectFrom(APP_USER)
        .where(APP_USER.ORG_ID.eq(org))
        .and(APP_USER.USERNAME.eq(username))
        .fetchOptional(DirectoryStore::toUser);
  }

  private static String state(StoredUser user) {
    return user.disabled() ? "DISABLED" : "ACTIVE";
  }

  private static StoredWorkspace toWorkspace(WorkspaceRecord row) {
    return new StoredWorkspace(row.getOrgId(), row.getId(), row.getDisplayName(),
        row.getCreateTime().toInstant());
  }

  private static StoredUser toUser(AppUserRecord row) {
    return new StoredUser(row.getOrgId(), row.getUsername(), row.getDisplayName(),
        row.getDisabled(), row.getCreateTime().toInstant(), row.getUpdateTime().toInstant());
  }
}
