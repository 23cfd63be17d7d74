package io.apigrants.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Bounded waits for what a server or database reaches by itself: no test sleeps blindly. */
public final class Waits {
  /** How long a condition may take before the test fails. */
  public static final Duration BOUND = Duration.ofSeconds(10);

  private Waits() {}

  /** Checks {@code condition} every 10 ms until it holds; fails the test after {@link #BOUND}. */
  public static void until(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.call()) {
      assertThat(System.nanoTime()).as("%s within %s", what, BOUND).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
