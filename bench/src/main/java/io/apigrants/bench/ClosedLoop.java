package io.apigrants.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load generator: {@code concurrency} callers, each issuing its next call as soon
 * as its previous one answers, for a fixed time. Calls are asynchronous, so 64 callers cost 64
 * outstanding RPCs, not 64 threads, and the harness takes little of the CPU it measures.
 *
 * <p>Latency is recorded per call in an HdrHistogram (microsecond resolution). A call function
 * may return {@code null} to say it has no more calls; the caller then stops early.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** What one scenario measured; latencies in microseconds. */
  record Result(String scenario, int concurrency, long calls, long failures, double seconds,
      Histogram latencies) {

    double throughput() {
      return calls / seconds;
    }

    double p50Micros() {
      return latencies.getValueAtPercentile(50);
    }

    double p99Micros() {
      return latencies.getValueAtPercentile(99);
    }

    /** This and {@code other} (the same scenario, measured at another time) as one result. */
    Result plus(Result other) {
      Histogram both = latencies.copy();
      both.add(other.latencies);
      return new Result(scenario, concurrency, calls + other.calls, failures + other.failures,
          seconds + other.seconds, both);
    }
  }

  /** Runs {@code call} (given a running call number) in a closed loop for {@code period}. */
  static Result measure(String scenario, int concurrency, Duration period,
      LongFunction<ListenableFuture<?>> call) throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong sequence = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long deadline = System.nanoTime() + period.toNanos();
    CountDownLatch done = new CountDownLatch(concurrency);

    long start = System.nanoTime();
    for (int caller = 0; caller < concurrency; caller++) {
      new Caller(call, sequence, calls, failures, recorder, deadline, done).next();
    }
    if (!done.await(period.toSeconds() + 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("callers did not finish within a minute of the deadline");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(scenario, concurrency, calls.get(), failures.get(), seconds,
        recorder.getIntervalHistogram());
  }

  /** One logical caller: issues a call, records it, issues the next until the deadline. */
  private static final class Caller implements FutureCallback<Object> {
    private final LongFunction<ListenableFuture<?>> call;
    private final AtomicLong sequence;
    private final AtomicLong calls;
    private final AtomicLong failures;
    private final Recorder recorder;
    private final long deadline;
    private final CountDownLatch done;
    private long started;

    Caller(LongFunction<ListenableFuture<?>> call, AtomicLong sequence, AtomicLong calls,
        AtomicLong failures, Recorder recorder, long deadline, CountDownLatch done) {
      this.call = call;
      this.sequence = sequence;
      this.calls = calls;
      this.failures = failures;
      this.recorder = recorder;
      this.deadline = deadline;
      this.done = done;
    }

    void next() {
      started = System.nanoTime();
      if (started >= deadline) {
        done.countDown();
        return;
      }
      @SuppressWarnings("unchecked")
      ListenableFuture<Object> future =
          (ListenableFuture<Object>) call.apply(sequence.getAndIncrement());
      if (future == null) {
        done.countDown();
        return;
      }
      Futures.addCallback(future, this, MoreExecutors.directExecutor());
    }

    @Override
    public void onSuccess(Object result) {
      recorder.recordValue((System.nanoTime() - started) / 1000);
      calls.incrementAndGet();
      next();
    }

    @Override
    public void onFailure(Throwable t) {
      failures.incrementAndGet();
      next();
    }
  }
}
