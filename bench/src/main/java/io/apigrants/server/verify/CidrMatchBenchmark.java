package io.apigrants.server.verify;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The allowlist match as verification runs it: each entry parsed from the stored text, then the
 * client address compared. In this package because the matcher is package-private.
 */
// Not yet: follows the provisional AllowlistRange; switch to grant/IpRange when that lands.
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CidrMatchBenchmark {
  private InetAddress ipv4Client;
  private InetAddress ipv6Client;
  private AllowlistRange ipv4Range;

  @Setup
  public void parse() {
    ipv4Client = IpLiteral.parse("10.20.30.40").orElseThrow();
    ipv6Client = IpLiteral.parse("2001:db8::1").orElseThrow();
    ipv4Range = AllowlistRange.parse("10.0.0.0/8").orElseThrow();
  }

  /** Parse an IPv4 /8 entry and match an address inside it. */
  @Benchmark
  public boolean parseAndMatchIpv4() {
    return AllowlistRange.parse("10.0.0.0/8").map(range -> range.contains(ipv4Client))
        .orElse(false);
  }

  /** Parse an IPv6 /32 entry and match an address inside it. */
  @Benchmark
  public boolean parseAndMatchIpv6() {
    return AllowlistRange.parse("2001:db8::/32").map(range -> range.contains(ipv6Client))
        .orElse(false);
  }

  /** Match only, against an entry parsed once. */
  @Benchmark
  public boolean matchParsedIpv4() {
    return ipv4Range.contains(ipv4Client);
  }

  /** The client address itself, as each verification parses it from the request. */
  @Benchmark
  public Optional<InetAddress> parseClientAddress() {
    return IpLiteral.parse("10.20.30.40");
  }
}
