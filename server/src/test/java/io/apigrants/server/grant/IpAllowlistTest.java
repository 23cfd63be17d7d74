package io.apigrants.server.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class IpAllowlistTest {

  @Test
  void emptyListAllowsAnyAddress() {
    IpAllowlist allowlist = IpAllowlist.of(List.of());

    assertThat(allowlist.isRestricted()).isFalse();
    assertThat(allowlist.allows(address("203.0.113.9"))).isTrue();
    assertThat(allowlist.allows(address("2001:db8::1"))).isTrue();
  }

  @Test
  void restrictedListAllowsOnlyItsRanges() {
    IpAllowlist allowlist = IpAllowlist.of(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32"));

    assertThat(allowlist.allows(address("10.200.3.4"))).isTrue();
    assertThat(allowlist.allows(address("192.168.1.7"))).isTrue();
    assertThat(allowlist.allows(address("2001:db8:ffff::1"))).isTrue();
    assertThat(allowlist.allows(address("::ffff:10.1.2.3"))).isTrue();
    assertThat(allowlist.allows(address("192.168.1.8"))).isFalse();
    assertThat(allowlist.allows(address("11.0.0.1"))).isFalse();
    assertThat(allowlist.allows(address("2001:db9::1"))).isFalse();
  }

  @Test
  void unreadableStoredEntryStillRestrictsButMatchesNothing() {
    IpAllowlist allowlist = IpAllowlist.of(List.of("not-an-address"));

    assertThat(allowlist.isRestricted()).isTrue();
    assertThat(allowlist.allows(address("10.0.0.1"))).isFalse();
  }

  /** The parsed list decides exactly as parsing each entry and asking it would. */
  @Property
  void agreesWithEachRangeAskedAlone(@ForAll int ipv4, @ForAll byte prefixA,
      @ForAll byte prefixB, @ForAll int baseA, @ForAll int baseB) {
    String first = ipv4Text(baseA) + "/" + Math.floorMod(prefixA, 33);
    String second = ipv4Text(baseB) + "/" + Math.floorMod(prefixB, 33);
    InetAddress client = address(ipv4Text(ipv4));

    boolean expected = IpRange.parse(first).orElseThrow().contains(client)
        || IpRange.parse(second).orElseThrow().contains(client);

    assertThat(IpAllowlist.of(List.of(first, second)).allows(client)).isEqualTo(expected);
  }

  private static String ipv4Text(int bits) {
    return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "."
        + (bits & 0xff);
  }

  private static InetAddress address(String text) {
    return IpRange.parseAddress(text).orElseThrow();
  }
}
