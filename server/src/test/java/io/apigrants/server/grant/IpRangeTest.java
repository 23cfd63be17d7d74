package io.apigrants.server.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @ParameterizedTest
  @CsvSource({
      "192.0.2.1, 192.0.2.1",
      "192.0.2.1/32, 192.0.2.1",
      "192.0.2.77/24, 192.0.2.0/24",
      "10.255.255.255/8, 10.0.0.0/8",
      "0.0.0.0/0, 0.0.0.0/0",
      "255.255.255.255/1, 128.0.0.0/1",
      "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
      "2001:0db8::0001/128, 2001:db8::1",
      "2001:db8::1/32, 2001:db8::/32",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
      "::, ::",
      "::/0, ::/0",
      "::1, ::1",
      "fe80::/10, fe80::/10",
      "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
      "::ffff:192.0.2.1, 192.0.2.1",
      "::ffff:c000:0201, 192.0.2.1",
      "::FFFF:10.1.2.3/104, 10.0.0.0/8",
      "::ffff:0:0/96, 0.0.0.0/0",
      "::ffff:0:0/95, ::fffe:0:0/95"
  })
  void parseNormalisesToCanonicalText(String text, String canonical) {
    IpRange range = IpRange.parse(text).orElseThrow();

    assertThat(range.toString()).isEqualTo(canonical);
    assertThat(IpRange.parse(canonical)).contains(range);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.-4", "1.2.3.4/33",
      "1.2.3.4/08", "1.2.3.4/", "/8", "1.2.3.4/+8", "1.2.3.4/8/8", "2001:db8::1/129",
      "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
      "12345::", "g::", "fe80::1%eth0", "fe80::1%1", "localhost", "example.com", " 1.2.3.4",
      "1.2.3.4 ", "\uff11.2.3.4", "1.2.3.4::", "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4",
      "::1.2.3", "1.2.3.4/32/", "0x7f.0.0.1", "2130706433"
  })
  void parseRefusesWhatIsNotALiteral(String text) {
    assertThat(IpRange.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.com", "1.2.3.4/32", "", "::1%lo"})
  void parseAddressRefusesNamesAndRanges(String text) {
    assertThat(IpRange.parseAddress(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "192.0.2.1, 192.0.2.1",
      "::ffff:192.0.2.1, 192.0.2.1",
      "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "0:0:0:0:0:0:0:1, ::1"
  })
  void formatPrintsAClientAddressCanonically(String text, String canonical) {
    assertThat(IpRange.format(IpRange.parseAddress(text).orElseThrow())).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.255.1.2, true",
      "10.0.0.0/8, 11.0.0.0, false",
      "10.0.0.0/8, ::ffff:10.1.1.1, true",
      "192.0.2.1, 192.0.2.1, true",
      "192.0.2.1, 192.0.2.2, false",
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "2001:db8::/32, 2001:db9::1, false",
      "2001:db8::/32, 10.0.0.1, false",
      "10.0.0.0/8, 2001:db8::1, false",
      "::/0, 192.0.2.1, true",
      "0.0.0.0/0, 2001:db8::1, false"
  })
  void containsMatchesByPrefix(String range, String address, boolean expected) {
    InetAddress client = IpRange.parseAddress(address).orElseThrow();

    assertThat(IpRange.parse(range).orElseThrow().contains(client)).isEqualTo(expected);
  }

  @Property
  void ipv6ContainsAgreesWithPrefixArithmetic(@ForAll long high, @ForAll long low,
      @ForAll @IntRange(min = 0, max = 128) int prefix,
      @ForAll @IntRange(min = 0, max = 128) int sharedBits,
      @ForAll long noiseHigh, @ForAll long noiseLow) throws UnknownHostException {
    BigInteger network = unsigned128(high, low);
    BigInteger candidate = mix(network, unsigned128(noiseHigh, noiseLow), sharedBits, 128);
    IpRange range = IpRange.parse(fullIpv6Text(network) + "/" + prefix).orElseThrow();

    boolean contains = range.contains(InetAddress.getByAddress(bytes(candidate, 16)));

    assertThat(contains).isEqualTo(samePrefix(network, candidate, prefix, 128));
  }

  @Property
  void ipv4ContainsAgreesWithPrefixArithmeticInBothForms(@ForAll int network,
      @ForAll @IntRange(min = 0, max = 32) int prefix,
      @ForAll @IntRange(min = 0, max = 32) int sharedBits, @ForAll int noise)
      throws UnknownHostException {
    BigInteger networkBits = BigInteger.valueOf(network & 0xffffffffL);
    BigInteger candidate = mix(networkBits, BigInteger.valueOf(noise & 0xffffffffL),
        sharedBits, 32);
    IpRange range = IpRange.parse(dotted(networkBits) + "/" + prefix).orElseThrow();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(bytes(candidate, 4), 0, mapped, 12, 4);

    boolean plain = range.contains(InetAddress.getByAddress(bytes(candidate, 4)));
    boolean viaMapped = range.contains(Inet6Address.getByAddress(null, mapped, -1));

    boolean expected = samePrefix(networkBits, candidate, prefix, 32);
    assertThat(plain).isEqualTo(expected);
    assertThat(viaMapped).isEqualTo(expected);
  }

  @Property
  void canonicalTextParsesBackToTheSameRange(@ForAll long high, @ForAll long low,
      @ForAll @IntRange(min = 0, max = 128) int prefix) {
    IpRange range = IpRange.parse(fullIpv6Text(unsigned128(high, low)) + "/" + prefix)
        .orElseThrow();

    IpRange again = IpRange.parse(range.toString()).orElseThrow();

    assertThat(again).isEqualTo(range);
    assertThat(again.toString()).isEqualTo(range.toString());
  }

  @Property
  void parseAddressAgreesWithTheJdkOnLiterals(@ForAll long high, @ForAll long low)
      throws UnknownHostException {
    BigInteger bits = unsigned128(high, low);
    InetAddress expected = InetAddress.getByAddress(bytes(bits, 16));

    assertThat(IpRange.parseAddress(fullIpv6Text(bits))).contains(expected);
    assertThat(IpRange.parseAddress(IpRange.parse(fullIpv6Text(bits)).orElseThrow().toString()))
        .contains(expected);
  }

  @Property
  void anyTextParsesOrIsRefusedWithoutThrowing(@ForAll String text) {
    assertThat(IpRange.parse(text)).isNotNull();
    assertThat(IpRange.parseAddress(text)).isNotNull();
  }

  private static BigInteger unsigned128(long high, long low) {
    return new BigInteger(1, ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  /** The first sharedBits of network followed by the rest of noise. */
  private static BigInteger mix(BigInteger network, BigInteger noise, int sharedBits, int width) {
    BigInteger all = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
    BigInteger low = BigInteger.ONE.shiftLeft(width - sharedBits).subtract(BigInteger.ONE);
    BigInteger high = all.xor(low);
    return network.and(high).or(noise.and(low));
  }

  private static boolean samePrefix(BigInteger a, BigInteger b, int prefix, int width) {
    return a.shiftRight(width - prefix).equals(b.shiftRight(width - prefix));
  }

  private static String fullIpv6Text(BigInteger bits) {
    StringBuilder text = new StringBuilder();
    for (int group = 7; group >= 0; group--) {
      text.append(Integer.toHexString(bits.shiftRight(16 * group).intValue() & 0xffff));
      if (group > 0) {
        text.append(':');
      }
    }
    return text.toString();
  }

  private static String dotted(BigInteger bits) {
    long value = bits.longValue();
    return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff)
        + "." + (value & 0xff);
  }

  private static byte[] bytes(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }
}
