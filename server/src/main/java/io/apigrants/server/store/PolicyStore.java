package io.apigrants.server.store;

import static io.apigrants.server.store.Transactions.time;
import static io.apigrants.server.store.schema.Tables.ORG_POLICY;
import static io.apigrants.server.store.schema.Tables.ORG_POLICY_SCOPE;

import io.apigrants.server.grant.Etags;
import io.apigrants.server.grant.GrantPolicy;
import io.apigrants.server.grant.PolicyEdit;
import io.apigrants.server.store.schema.tables.records.OrgPolicyRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import org.jooq.DSLContext;

/**
 * Reads and writes organisation policies. An organisation without a row has the defaults; its
 * first update inserts the row.
 */
public final class PolicyStore {
  /** Audit target of policy changes: one policy per organisation, audit events are per org. */
  public static final String TARGET = "orgPolicy";

  private final Database database;
  private final Clock clock;
  private final AuditLog auditLog;

  public PolicyStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
    this.auditLog = new AuditLog(clock);
  }

  /** The policy of {@code org}, defaults when never set. */
  public GrantPolicy find(String org) {
    return find(database.dsl(), org);
  }

  /** The policy of {@code org} read through {@code tx}; defaults when never set. */
  public static GrantPolicy find(DSLContext tx, String org) {
    Optional<OrgPolicyRecord> row = tx.selectFrom(ORG_POLICY)
        .where(ORG_POLICY.ORG_ID.eq(org))
        .fetchOptional();
    if (row.isEmpty()) {
      return GrantPolicy.defaults();
    }
    var scopes = tx.select(ORG_POLICY_SCOPE.SCOPE_ID)
        .from(ORG_POLICY_SCOPE)
        .where(ORG_POLICY_SCOPE.ORG_ID.eq(org))
        .fetch(ORG_POLICY_SCOPE.SCOPE_ID);
    OrgPolicyRecord policy = row.get();
    return new GrantPolicy(
        Duration.ofSeconds(policy.getMaxGrantLifetimeSeconds()),
        policy.getRequireIpAllowlist(),
        new TreeSet<>(scopes),
        Duration.ofSeconds(policy.getMaxPreviousSecretTtlSeconds()),
        policy.getVersion(),
        Optional.of(policy.getUpdateTime().toInstant()));
  }

  /**
   * Applies {@code edit} if {@code etag} (when not empty) is current, and records it. Grants
   * already made are not touched. An edit that changes nothing writes nothing.
   */
  public GrantPolicy update(String org, String actor, PolicyEdit edit, String etag) {
    // Two first-ever updates of one organisation both insert: the loser runs again as an update.
    return Transactions.retryOnUniqueViolation(() -> database.dsl().transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      boolean stored = tx.select(ORG_POLICY.ORG_ID)
          .from(ORG_POLICY)
          .where(ORG_POLICY.ORG_ID.eq(org))
          .forUpdate()
          .fetchOptional()
          .isPresent();
      GrantPolicy current = stored ? find(tx, org) : GrantPolicy.defaults();
      Etags.check(etag, current.version(), TARGET);
      Instant now = Transactions.now(clock);
      GrantPolicy after = edit.applyTo(current, now);
      if (after.sameRulesAs(current)) {
        return current;
      }

      if (stored) {
        tx.update(ORG_POLICY)
            .set(ORG_POLICY.MAX_GRANT_LIFETIME_SECONDS, after.maxGrantLifetime().toSeconds())
            .set(ORG_POLICY.REQUIRE_IP_ALLOWLIST, after.requireIpAllowlist())
            .set(ORG_POLICY.MAX_PREVIOUS_SECRET_TTL_SECONDS,
                after.maxPreviousSecretTtl().toSeconds())
            .set(ORG_POLICY.VERSION, after.version())
            .set(ORG_POLICY.UPDATE_TIME, time(now))
            .where(ORG_POLICY.ORG_ID.eq(org))
            .execute();
      } else {
        tx.insertInto(ORG_POLICY)
            .set(ORG_POLICY.ORG_ID, org)
            .set(ORG_POLICY.MAX_GRANT_LIFETIME_SECONDS, after.maxGrantLifetime().toSeconds())
            .set(ORG_POLICY.REQUIRE_IP_ALLOWLIST, after.requireIpAllowlist())
            .set(ORG_POLICY.MAX_PREVIOUS_SECRET_TTL_SECONDS,
                after.maxPreviousSecretTtl().toSeconds())
            .set(ORG_POLICY.VERSION, after.version())
            .set(ORG_POLICY.UPDATE_TIME, time(now))
            .execute();
      }
      if (!after.allowedScopes().equals(current.allowedScopes())) {
        tx.deleteFrom(ORG_POLICY_SCOPE)
            .where(ORG_POLICY_SCOPE.ORG_ID.eq(org))
            .execute();
        for (String scope : after.allowedScopes()) {
          tx.insertInto(ORG_POLICY_SCOPE)
              .set(ORG_POLICY_SCOPE.ORG_ID, org)
              .set(ORG_POLICY_SCOPE.SCOPE_ID, scope)
              .execute();
        }
      }

      auditLog.record(tx, AuditEntry.builder(org, actor, "policy.update", TARGET)
          .change("max_grant_lifetime", current.maxGrantLifetime(), after.maxGrantLifetime())
          .change("require_ip_allowlist", current.requireIpAllowlist(),
              after.requireIpAllowlist())
          .change("allowed_scopes", String.join(",", current.allowedScopes()),
              String.join(",", after.allowedScopes()))
          .change("max_previous_secret_ttl", current.maxPreviousSecretTtl(),
              after.maxPreviousSecretTtl())
          .build());
      return find(tx, org);
    }));
  }
}
