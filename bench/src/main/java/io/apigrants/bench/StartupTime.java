package io.apigrants.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times the server's fat jar from launch to a health {@code Check} answering SERVING on the
 * embedded default, with a fresh data folder (first start: H2 file, migrations, development key
 * and pepper created) and with the folder of the previous run, then how long SIGTERM takes.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.apigrants.bench.StartupTime
 * [--jar=server/target/apigrants-server-0.1.0-SNAPSHOT-all.jar] [--runs=5]}. The port is polled
 * with plain TCP connects every 5 ms (a gRPC channel would back off for a second after a refused
 * connection), then a fresh channel asks for SERVING; the figure is taken when it answers.
 */
public final class StartupTime {
  private static final long POLL_MILLIS = 5;

  private StartupTime() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of("server/target/apigrants-server-0.1.0-SNAPSHOT-all.jar");
    int runs = 5;
    for (String arg : args) {
      if (arg.startsWith("--jar=")) {
        jar = Path.of(arg.substring("--jar=".length()));
      } else if (arg.startsWith("--runs=")) {
        runs = Integer.parseInt(arg.substring("--runs=".length()));
      } else {
        throw new IllegalArgumentException("options are --jar=PATH and --runs=N, got " + arg);
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(jar + " is missing: build it with"
          + " ./mvnw -B -q -DskipTests package");
    }

    List<Double> fresh = new ArrayList<>();
    List<Double> existing = new ArrayList<>();
    List<Double> stops = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      Path dataDir = Files.createTempDirectory("apigrants-startup");
      try {
        fresh.add(timeOneStart(jar, dataDir, stops));
        existing.add(timeOneStart(jar, dataDir, stops));
      } finally {
        deleteTree(dataDir);
      }
    }
    LoadHarness.print("start to SERVING, embedded default, %d runs each (seconds):", runs);
    LoadHarness.print("  fresh data folder:    %s", summary(fresh));
    LoadHarness.print("  existing data folder: %s", summary(existing));
    LoadHarness.print("SIGTERM to exit:        %s", summary(stops));
  }

  /** Starts the jar on {@code dataDir}, returns seconds to SERVING, adds the stop time. */
  private static double timeOneStart(Path jar, Path dataDir, List<Double> stops)
      throws Exception {
    int port = freePort();
    ProcessBuilder launch = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString())
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("server.log").toFile());
    launch.environment().put("APIGRANTS_PORT", Integer.toString(port));
    launch.environment().put("APIGRANTS_DATA_DIR", dataDir.resolve("data").toString());
    launch.environment().remove("APIGRANTS_DB_URL");

    long start = System.nanoTime();
    Process server = launch.start();
    try {
      awaitPortOpen(server, port);
      awaitServing(port);
      double seconds = (System.nanoTime() - start) / 1e9;

      long stopStart = System.nanoTime();
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("server did not stop within 30 s of SIGTERM");
      }
      stops.add((System.nanoTime() - stopStart) / 1e9);
      return seconds;
    } finally {
      server.destroyForcibly();
    }
  }

  private static void awaitPortOpen(Process server, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("server exited with " + server.exitValue()
            + " before listening; see its server.log");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
        return;
      } catch (IOException notYet) {
        Thread.sleep(POLL_MILLIS);
      }
    }
    throw new IllegalStateException("port " + port + " did not open within 60 s");
  }

  private static void awaitServing(int port) throws InterruptedException {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
        InsecureChannelCredentials.create()).build();
    try {
      ServingStatus status = HealthGrpc.newBlockingStub(channel)
          .withWaitForReady()
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
      if (status != ServingStatus.SERVING) {
        throw new IllegalStateException("health answered " + status);
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String summary(List<Double> seconds) {
    List<Double> sorted = seconds.stream().sorted().toList();
    return String.format("median %.2f, min %.2f, max %.2f  %s", sorted.get(sorted.size() / 2),
        sorted.get(0), sorted.get(sorted.size() - 1),
        seconds.stream().map(s -> String.format("%.2f", s)).toList());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
