package io.apigrants.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits for conditions a server or database reaches by itself. */
public final class Await {
  private static final long LIMIT_SECONDS = 10;

  private Await() {}

  /** Checks {@code condition} every 10 ms, failing the test if it is not met within 10 s. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %d s", what, LIMIT_SECONDS)
          .isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
