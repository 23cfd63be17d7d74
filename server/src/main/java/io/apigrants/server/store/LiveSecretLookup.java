package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.APP_USER;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;

import io.apigrants.server.grant.GrantSnapshot;
import io.apigrants.server.grant.IpAllowlist;
import io.apigrants.server.grant.LiveSecret;
import io.apigrants.server.grant.SecretState;
import io.apigrants.server.secret.SecretHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.jooq.Condition;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The verification lookup: one indexed read by keyed hash joining the secret, its grant and the
 * grant's user.
 *
 * <p>Built with jOOQ's generated types, but rendered to SQL once per number of candidate hashes
 * and then run as a plain prepared statement: it is the one query on the hot path, and rendering
 * the same statement on every call was about a third of a cache miss's CPU in a profile. The
 * columns are read by position, in the order {@link #render} selects them.
 */
final class LiveSecretLookup {
  private final Database database;
  private final ConcurrentHashMap<Integer, String> sqlByCandidateCount = new ConcurrentHashMap<>();

  LiveSecretLookup(Database database) {
    this.database = database;
  }

  Optional<LiveSecret> find(List<SecretHash> candidates, Instant now) {
    String sql = sqlByCandidateCount.computeIfAbsent(candidates.size(), this::render);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      int parameter = 1;
      for (SecretHash candidate : candidates) {
        statement.setString(parameter++, candidate.value());
        statement.setString(parameter++, candidate.keyId());
      }
      statement.setObject(parameter, now.atOffset(ZoneOffset.UTC));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          if (SecretStore.matchesOneOf(candidates, rows.getString(2), rows.getString(1))) {
            return Optional.of(liveSecret(rows));
          }
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      // The SQLSTATE stays in the cause: StatusMapper turns a lost connection into UNAVAILABLE.
      throw new DataAccessException("verification lookup failed", e);
    }
  }

  private String render(int candidateCount) {
    Condition anyCandidate = DSL.or(IntStream.range(0, candidateCount)
        .mapToObj(i -> GRANT_SECRET.SECRET_HASH.eq("")
            .and(GRANT_SECRET.KEY_ID.eq("")))
        .toList());
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return database.dsl().render(database.dsl()
        .select(GRANT_SECRET.SECRET_HASH, GRANT_SECRET.KEY_ID, GRANT_SECRET.HINT,
            GRANT_SECRET.EXPIRE_TIME)
        .select(API_GRANT.ID, API_GRANT.CLIENT_ID, API_GRANT.ORG_ID, API_GRANT.WORKSPACE_ID,
            API_GRANT.USERNAME, API_GRANT.SCOPES, API_GRANT.IP_ALLOWLIST, API_GRANT.EXPIRE_TIME,
            API_GRANT.DISABLED, APP_USER.DISABLED, API_GRANT.GENERATION)
        .from(GRANT_SECRET)
        .join(API_GRANT)
        .on(API_GRANT.ID.eq(GRANT_SECRET.GRANT_ID))
        .join(APP_USER)
        .on(APP_USER.ORG_ID.eq(API_GRANT.ORG_ID).and(APP_USER.USERNAME.eq(API_GRANT.USERNAME)))
        .where(anyCandidate)
        .and(GRANT_SECRET.EXPIRE_TIME.isNull().or(GRANT_SECRET.EXPIRE_TIME.gt(now)))
        .and(API_GRANT.SECRET_STATE.eq(DSL.inline(SecretState.ACTIVE.name()))));
  }

  private static LiveSecret liveSecret(ResultSet row) throws SQLException {
    GrantSnapshot grant = new GrantSnapshot(
        row.getObject(5, UUID.class),
        row.getObject(6, UUID.class),
        row.getString(7),
        row.getString(8),
        row.getString(9),
        TextSets.split(row.getString(10)),
        IpAllowlist.of(TextSets.split(row.getString(11))),
        row.getObject(12, OffsetDateTime.class).toInstant(),
        row.getBoolean(13),
        row.getBoolean(14),
        row.getString(3),
        row.getLong(15));
    return new LiveSecret(grant,
        Optional.ofNullable(row.getObject(4, OffsetDateTime.class)).map(OffsetDateTime::toInstant));
  }
}
