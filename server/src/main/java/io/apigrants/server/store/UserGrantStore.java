package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.API_GRANT;

import io.apigrants.server.grant.StoredGrant;
import java.util.List;
import java.util.Optional;
import org.jooq.Record;

/** Reads the grants named after one user, for that user. */
public final class UserGrantStore {
  private final Database database;

  public UserGrantStore(Database database) {
    this.database = database;
  }

  /**
   * One page of {@code username}'s grants in {@code org}, oldest first, after creation sequence
   * {@code afterSeq} (0 for the first page). The organisation and user always come from the
   * caller, so no cursor can reach anyone else's grants.
   */
  public Page list(String org, String username, long afterSeq, int pageSize) {
    List<Record> rows = GrantStore.selectGrants(database.dsl())
        .where(API_GRANT.ORG_ID.eq(org))
        .and(API_GRANT.USERNAME.eq(username))
        .and(API_GRANT.SEQ.gt(afterSeq))
        .orderBy(API_GRANT.SEQ)
        .limit(pageSize + 1)
        .fetch();
    boolean more = rows.size() > pageSize;
    List<Record> page = more ? rows.subList(0, pageSize) : rows;
    Optional<Long> next = more
        ? Optional.of(page.get(page.size() - 1).get(API_GRANT.SEQ))
        : Optional.empty();
    return new Page(page.stream().map(GrantStore::toGrant).toList(), next);
  }

  /**
   * A page of grants.
   *
   * @param nextAfterSeq where the next page starts; empty on the last page
   */
  public record Page(List<StoredGrant> grants, Optional<Long> nextAfterSeq) {}
}
