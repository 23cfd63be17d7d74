package io.apigrants.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for what a server or database reaches by itself, checking every 10 ms: no test
 * sleeps blindly, and none waits forever.
 */
public final class Await {
  /** How long a condition may take, unless a test says otherwise, before the test fails. */
  public static final Duration BOUND = Duration.ofSeconds(10);

  private Await() {}

  /** Returns once {@code condition} holds; fails the test if it does not within {@code bound}. */
  public static void until(String what, Duration bound, BooleanSupplier condition) {
    try {
      until(what, bound, (Callable<Boolean>) condition::getAsBoolean);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("waiting until " + what, e);
    }
  }

  /** Returns once {@code condition} (a query, say) holds; fails the test after {@link #BOUND}. */
  public static void until(String what, Callable<Boolean> condition) throws Exception {
    until(what, BOUND, condition);
  }

  private static void until(String what, Duration bound, Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.call()) {
      assertThat(System.nanoTime()).as("%s within %s", what, bound).isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
