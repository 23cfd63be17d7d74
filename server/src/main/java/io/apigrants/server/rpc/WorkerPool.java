package io.apigrants.server.rpc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool where work that must wait runs: database reads and writes, first-time
 * signature checks. Transport threads must never block, so they hand such work here.
 *
 * <p>Fixed threads and a bounded queue: under overload a task is refused
 * ({@link java.util.concurrent.RejectedExecutionException}, answered {@code UNAVAILABLE}) rather
 * than queued without limit.
 */
public final class WorkerPool implements Executor, AutoCloseable {
  private static final int QUEUE = 10_000;
  private static final ThreadLocal<Boolean> IS_WORKER = ThreadLocal.withInitial(() -> false);

  private final ThreadPoolExecutor threads;

  /** A pool of {@code size} threads. */
  public WorkerPool(int size) {
    AtomicInteger count = new AtomicInteger();
    this.threads = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), task -> {
          Thread thread = new Thread(() -> {
            IS_WORKER.set(true);
            task.run();
          }, "apigrants-worker-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Four threads per core, at least four: most of their time is spent waiting on I/O. */
  public static WorkerPool sizedForThisMachine() {
    return new WorkerPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
  }

  /** Threads in the pool. */
  public int size() {
    return threads.getMaximumPoolSize();
  }

  @Override
  public void execute(Runnable task) {
    threads.execute(task);
  }

  /** Runs {@code task} on a worker: right here when already on one, else queued. */
  void runOffTransport(Runnable task) {
    if (IS_WORKER.get()) {
      task.run();
    } else {
      threads.execute(task);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
