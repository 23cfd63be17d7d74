package io.apigrants.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AllowlistRangeTest {

  /** An address and a range of the same family, often close to each other. */
  record Case(byte[] network, int prefixLength, byte[] client) {}

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.of(4, 16).flatMap(size -> {
      Arbitrary<byte[]> addresses = Arbitraries.bytes().array(byte[].class).ofSize(size);
      Arbitrary<Integer> prefixes = Arbitraries.integers().between(0, size * 8);
      // Clients that share a random number of leading bits with the network.
      Arbitrary<Integer> shared = Arbitraries.integers().between(0, size * 8);
      return Combinators.combine(addresses, prefixes, addresses, shared)
          .as((network, prefix, other, sharedBits) ->
              new Case(network, prefix, mix(network, other, sharedBits)));
    });
  }

  @Property
  void containsAgreesWithAPlainIntegerReference(@ForAll("cases") Case c) throws Exception {
    String entry = InetAddress.getByAddress(c.network()).getHostAddress() + "/"
        + c.prefixLength();
    InetAddress client = InetAddress.getByAddress(c.client());

    boolean contained = AllowlistRange.parse(entry).orElseThrow().contains(client);

    assertThat(contained).isEqualTo(reference(c));
  }

  @Property
  void anAddressWithoutPrefixMatchesOnlyItself(@ForAll("cases") Case c) throws Exception {
    InetAddress network = InetAddress.getByAddress(c.network());
    InetAddress client = InetAddress.getByAddress(c.client());

    AllowlistRange range = AllowlistRange.parse(network.getHostAddress()).orElseThrow();

    assertThat(range.contains(network)).isTrue();
    assertThat(range.contains(client)).isEqualTo(network.equals(client));
  }

  @Example
  void ipv4NeverMatchesIpv6() throws UnknownHostException {
    AllowlistRange everyIpv4 = AllowlistRange.parse("0.0.0.0/0").orElseThrow();
    AllowlistRange everyIpv6 = AllowlistRange.parse("::/0").orElseThrow();

    assertThat(everyIpv4.contains(InetAddress.getByAddress(new byte[16]))).isFalse();
    assertThat(everyIpv6.contains(InetAddress.getByAddress(new byte[4]))).isFalse();
  }

  @Example
  void ipv4MappedEntryIsItsIpv4Range() {
    AllowlistRange mapped = AllowlistRange.parse("::ffff:10.0.0.0/104").orElseThrow();

    assertThat(mapped.contains(IpLiteral.parse("10.200.1.1").orElseThrow())).isTrue();
    assertThat(mapped.contains(IpLiteral.parse("::ffff:10.1.2.3").orElseThrow())).isTrue();
    assertThat(mapped.contains(IpLiteral.parse("11.0.0.1").orElseThrow())).isFalse();
  }

  @Example
  void malformedEntriesAreRefused() {
    for (String entry : new String[] {"", "/", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1",
        "10.0.0.0/08", "10.0.0.0/8/8", "::/129", "example.com/8", "10.0.0.0/ 8",
        "::ffff:0.0.0.0/95"}) {
      assertThat(AllowlistRange.parse(entry)).as(entry).isEmpty();
    }
  }

  private static boolean reference(Case c) {
    int bits = c.network().length * 8;
    int shift = bits - c.prefixLength();
    BigInteger network = new BigInteger(1, c.network()).shiftRight(shift);
    BigInteger client = new BigInteger(1, c.client()).shiftRight(shift);
    return network.equals(client);
  }

  /** The first {@code sharedBits} bits of {@code network}, the rest of {@code other}. */
  private static byte[] mix(byte[] network, byte[] other, int sharedBits) {
    byte[] mixed = other.clone();
    for (int bit = 0; bit < sharedBits; bit++) {
      int mask = 0x80 >>> (bit % 8);
      mixed[bit / 8] = (byte) ((mixed[bit / 8] & ~mask) | (network[bit / 8] & mask));
    }
    return mixed;
  }
}
