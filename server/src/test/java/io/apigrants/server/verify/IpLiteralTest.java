package io.apigrants.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class IpLiteralTest {

  @Provide
  Arbitrary<byte[]> ipv4() {
    return Arbitraries.bytes().array(byte[].class).ofSize(4);
  }

  @Provide
  Arbitrary<byte[]> ipv6() {
    // Mostly zero groups, so that "::" compression is exercised often.
    Arbitrary<Byte> sparse = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just((byte) 0)),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
    return sparse.array(byte[].class).ofSize(16)
        .filter(bytes -> !isIpv4Mapped(bytes));
  }

  @Property
  void everyIpv4AddressParsesFromItsDottedText(@ForAll("ipv4") byte[] bytes) throws Exception {
    InetAddress reference = InetAddress.getByAddress(bytes);

    assertThat(IpLiteral.parse(reference.getHostAddress())).contains(reference);
    assertThat(IpLiteral.format(reference)).isEqualTo(reference.getHostAddress());
  }

  @Property
  void everyIpv6AddressParsesFromFullAndCanonicalText(@ForAll("ipv6") byte[] bytes)
      throws Exception {
    InetAddress reference = InetAddress.getByAddress(bytes);
    String canonical = IpLiteral.format(reference);

    assertThat(IpLiteral.parse(reference.getHostAddress())).contains(reference);
    assertThat(IpLiteral.parse(canonical)).contains(reference);
    assertThat(IpLiteral.parse(canonical.toUpperCase())).contains(reference);
    assertThat(canonical).doesNotContain(":::").hasSizeLessThanOrEqualTo(39);
    assertThat(canonical.indexOf("::")).isEqualTo(canonical.lastIndexOf("::"));
  }

  @Property
  void ipv4MappedIpv6IsTheIpv4Address(@ForAll("ipv4") byte[] bytes) throws Exception {
    InetAddress ipv4 = InetAddress.getByAddress(bytes);

    assertThat(IpLiteral.parse("::ffff:" + ipv4.getHostAddress())).contains(ipv4);
    assertThat(IpLiteral.parse("0:0:0:0:0:ffff:" + ipv4.getHostAddress())).contains(ipv4);
  }

  /** Text shaped like addresses (short groups, empty groups, dotted tails), valid or not. */
  @Provide
  Arbitrary<String> addressLikeText() {
    Arbitrary<String> hexGroups = Arbitraries.strings().withChars("0123456789abcdefABCDEF")
        .ofMaxLength(5).list().ofMinSize(1).ofMaxSize(9).map(groups -> String.join(":", groups));
    Arbitrary<String> dotted = Arbitraries.integers().between(0, 300).map(String::valueOf)
        .list().ofMinSize(3).ofMaxSize(5).map(parts -> String.join(".", parts));
    return Arbitraries.oneOf(hexGroups, dotted,
        Combinators.combine(hexGroups, dotted).as((head, tail) -> head + ":" + tail));
  }

  @Property
  void arbitraryTextIsRefused(@ForAll String text) {
    assertThat(IpLiteral.parse(text)).isEmpty();
  }

  @Property
  void whatParsesIsWhatJavaReadsFromTheSameLiteral(@ForAll("addressLikeText") String text)
      throws Exception {
    Statistics.collect(IpLiteral.parse(text).isPresent() ? "literal" : "refused");
    // Only text this parser accepted reaches getByName, so no name is ever looked up here.
    for (InetAddress address : IpLiteral.parse(text).stream().toList()) {
      assertThat(InetAddress.getByName(text)).isEqualTo(address);
      assertThat(IpLiteral.parse(IpLiteral.format(address))).contains(address);
    }
  }

  @Example
  void knownFormsParse() throws UnknownHostException {
    assertThat(IpLiteral.parse("0.0.0.0")).contains(InetAddress.getByAddress(new byte[4]));
    assertThat(IpLiteral.parse("::")).contains(InetAddress.getByAddress(new byte[16]));
    assertThat(IpLiteral.parse("::1").map(IpLiteral::format)).contains("::1");
    assertThat(IpLiteral.parse("2001:DB8:0:0:1:0:0:1").map(IpLiteral::format))
        .contains("2001:db8::1:0:0:1");
    assertThat(IpLiteral.parse("1::2:3:4:5:6:7").map(IpLiteral::format))
        .contains("1:0:2:3:4:5:6:7");
    assertThat(IpLiteral.parse("::1.2.3.4").map(IpLiteral::format)).contains("::102:304");
  }

  @Example
  void namesAndNearMissesAreRefused() {
    for (String text : new String[] {"", "localhost", "example.com", "10.0.0", "10.0.0.0.1",
        "10.0.0.256", "010.0.0.1", "1.2.3.-4", " 10.0.0.1", "10.0.0.1 ", "::1%lo", "[::1]",
        ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
        "12345::", "g::", ":1::", "1:", "1.2.3.4::", "::ffff:1.2.3", "1.2.3.4/32",
        "١٢٣.1.1.1", "10.0.0.1; drop table api_grant", "0x7f.0.0.1"}) {
      assertThat(IpLiteral.parse(text)).as(text).isEmpty();
    }
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    return Arrays.equals(Arrays.copyOf(bytes, 10), new byte[10])
        && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}
