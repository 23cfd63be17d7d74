package io.apigrants.bench;

import java.lang.management.ManagementFactory;

/** Heap in use after full collections, as MemoryMXBean reports it. */
final class HeapMeasurement {
  private HeapMeasurement() {}

  /** Bytes of heap in use after two explicit full collections. */
  static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static String megabytes(long bytes) {
    return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
