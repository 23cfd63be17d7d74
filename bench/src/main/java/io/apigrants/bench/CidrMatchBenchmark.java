package io.apigrants.bench;

import io.apigrants.server.grant.IpRange;
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
 * The allowlist match as verification runs it: each stored entry parsed, then the client address
 * compared; and the parts alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CidrMatchBenchmark {
  private InetAddress ipv4Client;
  private InetAddress ipv6Client;
  private IpRange ipv4Range;

  @Setup
  public void parse() {
    ipv4Client = IpRange.parseAddress("10.20.30.40").orElseThrow();
    ipv6Client = IpRange.parseAddress("2001:db8::1").orElseThrow();
    ipv4Range = IpRange.parse("10.0.0.0/8").orElseThrow();
  }

  /** Parse an IPv4 /8 entry and match an address inside it. */
  @Benchmark
  public boolean parseAndMatchIpv4() {
    return IpRange.parse("10.0.0.0/8").map(range -> range.contains(ipv4Client)).orElse(false);
  }

  /** Parse an IPv6 /32 entry and match an address inside it. */
  @Benchmark
  public boolean parseAndMatchIpv6() {
    return IpRange.parse("2001:db8::/32").map(range -> range.contains(ipv6Client))
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
    return IpRange.parseAddress("10.20.30.40");
  }
}
