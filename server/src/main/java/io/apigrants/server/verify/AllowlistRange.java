package io.apigrants.server.verify;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

// Not yet: replace with grant.IpRange once grant administration lands.
/**
 * One IP allowlist entry as stored (an address, or a CIDR range with its host bits cleared),
 * matched against client addresses.
 *
 * <p>An IPv4-mapped IPv6 entry ({@code ::ffff:a.b.c.d/n}, n at least 96) is the IPv4 range it
 * maps, as a mapped client address is the IPv4 address. An entry that does not parse matches
 * nothing: a damaged allowlist fails closed.
 */
final class AllowlistRange {
  private final byte[] network;
  private final int prefixLength;

  private AllowlistRange(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /** The range {@code entry} spells, or empty when it is not an address or CIDR range. */
  static Optional<AllowlistRange> parse(String entry) {
    int slash = entry.indexOf('/');
    String addressText = slash < 0 ? entry : entry.substring(0, slash);
    Optional<InetAddress> address = IpLiteral.parse(addressText);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = address.get().getAddress();
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String digits = entry.substring(slash + 1);
      boolean decimal = !digits.isEmpty() && digits.length() <= 3
          && digits.chars().allMatch(c -> c >= '0' && c <= '9')
          && (digits.length() == 1 || digits.charAt(0) != '0');
      if (!decimal) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(digits);
      boolean mappedIpv6 = address.get() instanceof Inet4Address && addressText.indexOf(':') >= 0;
      if (mappedIpv6) {
        prefix -= 96;
      }
      if (prefix < 0 || prefix > bits) {
        return Optional.empty();
      }
    }
    return Optional.of(new AllowlistRange(clearHostBits(bytes, prefix), prefix));
  }

  /** Whether {@code address} lies in this range; IPv4 never matches IPv6 and back. */
  boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    return Arrays.equals(clearHostBits(candidate, prefixLength), network);
  }

  private static byte[] clearHostBits(byte[] address, int prefixLength) {
    byte[] cleared = address.clone();
    for (int bit = prefixLength; bit < cleared.length * 8; bit++) {
      cleared[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return cleared;
  }
}
