package io.apigrants.server.store;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SelectForUpdateOfStep;
import org.jooq.SelectForUpdateStep;
import org.jooq.exception.DataAccessException;

/**
 * Small pieces every store needs: times as the database keeps them, unique-key races, shared row
 * locks.
 */
final class Transactions {
  private static final String UNIQUE_VIOLATION = "23505";

  private Transactions() {}

  /** Now, to the microsecond: what the database stores, so a write reads back equal. */
  static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static boolean isUniqueViolation(DataAccessException e) {
    return UNIQUE_VIOLATION.equals(e.sqlState());
  }

  /**
   * Runs {@code work}, and once more if it lost a race to insert the same key: the second run
   * finds the row the winner committed and takes the update path.
   */
  static <T> T retryOnUniqueViolation(Supplier<T> work) {
    try {
      return work.get();
    } catch (DataAccessException e) {
      if (!isUniqueViolation(e)) {
        throw e;
      }
      return work.get();
    }
  }

  /**
   * {@code query} holding a shared lock on the rows it reads until {@code tx} ends: writers of
   * those rows wait, other readers do not. H2 has no shared row lock; it takes an exclusive one,
   * which serialises more than needed but never less.
   */
  static <R extends Record> SelectForUpdateOfStep<R> forShare(DSLContext tx,
      SelectForUpdateStep<R> query) {
    return tx.dialect().family() == SQLDialect.H2 ? query.forUpdate() : query.forShare();
  }
}
