package io.apigrants.server.grant;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address range in CIDR form, read from literal text only.
 *
 * <p>Design: every address is held as one 128-bit number. An IPv4 address {@code a.b.c.d} is its
 * IPv4-mapped IPv6 form {@code ::ffff:a.b.c.d} and an IPv4 prefix {@code /n} is {@code /(96+n)}.
 * So a client whose IPv4 address reaches a dual-stack socket as {@code ::ffff:a.b.c.d} matches
 * the IPv4 entries, and {@code ::ffff:10.0.0.0/104} and {@code 10.0.0.0/8} are the same range.
 * An IPv6 range that covers the mapped block (for example {@code ::/0}) therefore also covers
 * IPv4 clients.
 *
 * <p>Canonical text (what {@link #toString} prints and what is stored): host bits cleared; a
 * range inside {@code ::ffff:0:0/96} printed as IPv4; IPv6 as RFC 5952 recommends (lower case,
 * no leading zeros, the longest run of two or more zero groups shortened to {@code ::}, the first
 * when tied); a single address ({@code /32}, {@code /128}) printed without a prefix. A bare
 * address is thus a one-address range.
 *
 * <p>Parsing never resolves names: text that is not an address literal is rejected, so
 * untrusted input cannot trigger a DNS lookup. IPv4 parts with leading zeros ({@code 010.0.0.1})
 * and IPv6 zone ids ({@code fe80::1%eth0}) are rejected as ambiguous.
 */
public final class IpRange {
  private static final long MAPPED_PREFIX = 0xffffL << 32;
  private static final int MAX_TEXT = 64;

  private final long high;
  private final long low;
  /** In the 128-bit space: 96 + n for IPv4 ranges. */
  private final int prefix;

  private IpRange(long high, long low, int prefix) {
    this.high = high & highMask(prefix);
    this.low = low & lowMask(prefix);
    this.prefix = prefix;
  }

  /**
   * Parses an address ({@code 192.0.2.1}, {@code 2001:db8::1}) or a CIDR range
   * ({@code 192.0.2.0/24}, {@code 2001:db8::/32}); empty when {@code text} is neither. Host bits
   * set in a range are cleared.
   */
  public static Optional<IpRange> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    long[] bits = parseBits(address);
    if (bits == null) {
      return Optional.empty();
    }
    boolean ipv4Text = address.indexOf(':') < 0;
    int maxPrefix = ipv4Text ? 32 : 128;
    int length = maxPrefix;
    if (slash >= 0) {
      length = parsePrefix(text.substring(slash + 1), maxPrefix);
      if (length < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(new IpRange(bits[0], bits[1], ipv4Text ? 96 + length : length));
  }

  /**
   * Parses a single address literal without any name lookup; empty when {@code text} is not
   * one. Use it for client addresses received in requests.
   */
  public static Optional<InetAddress> parseAddress(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_TEXT || text.indexOf('/') >= 0) {
      return Optional.empty();
    }
    long[] bits = parseBits(text);
    if (bits == null) {
      return Optional.empty();
    }
    try {
      // getByAddress only wraps the bytes: no lookup happens.
      return Optional.of(InetAddress.getByAddress(text.indexOf(':') < 0
          ? toBytes(bits[1], 4) : concat(toBytes(bits[0], 8), toBytes(bits[1], 8))));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of valid length refused", e);
    }
  }

  /**
   * The canonical text of one address, as {@link #toString} prints a one-address range: an
   * IPv4-mapped IPv6 address prints as IPv4.
   */
  public static String format(InetAddress address) {
    return single(address).toString();
  }

  /**
   * Whether {@code address} lies in this range. An IPv4-mapped IPv6 address counts as the IPv4
   * address it maps.
   */
  public boolean contains(InetAddress address) {
    return contains(single(address));
  }

  /** Whether the one-address range {@code address} (from {@link #of}) lies in this range. */
  boolean contains(IpRange address) {
    return (address.high & highMask(prefix)) == high && (address.low & lowMask(prefix)) == low;
  }

  /** The one-address range of {@code address}, to test against several ranges. */
  static IpRange of(InetAddress address) {
    return single(address);
  }

  private static IpRange single(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return new IpRange(0, MAPPED_PREFIX | (fromBytes(bytes, 0, 4) & 0xffffffffL), 128);
    }
    return new IpRange(fromBytes(bytes, 0, 8), fromBytes(bytes, 8, 8), 128);
  }

  /** Whether this is an IPv4 range (including one written in IPv4-mapped IPv6 form). */
  public boolean isIpv4() {
    return prefix >= 96 && high == 0 && (low & 0xffffffff00000000L) == MAPPED_PREFIX;
  }

  /** The prefix length in this range's own family: 0 to 32 for IPv4, 0 to 128 for IPv6. */
  public int prefixLength() {
    return isIpv4() ? prefix - 96 : prefix;
  }

  /** The canonical text, as described on the class. */
  @Override
  public String toString() {
    String address = isIpv4() ? formatIpv4((int) low) : formatIpv6(high, low);
    int length = prefixLength();
    return length == (isIpv4() ? 32 : 128) ? address : address + "/" + length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpRange range
        && range.high == high && range.low == low && range.prefix == prefix;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 * 31 + Long.hashCode(low) * 31 + prefix;
  }

  private static long highMask(int prefix) {
    if (prefix <= 0) {
      return 0;
    }
    return prefix >= 64 ? -1L : -1L << (64 - prefix);
  }

  private static long lowMask(int prefix) {
    if (prefix <= 64) {
      return 0;
    }
    return prefix >= 128 ? -1L : -1L << (128 - prefix);
  }

  /** The 128 bits of an IPv4 or IPv6 literal as {high, low}, or null when malformed. */
  private static long[] parseBits(String address) {
    if (address.indexOf(':') < 0) {
      long ipv4 = parseIpv4(address);
      return ipv4 < 0 ? null : new long[] {0, MAPPED_PREFIX | ipv4};
    }
    return parseIpv6(address);
  }

  /** A dotted-quad IPv4 address as an unsigned 32-bit value, or -1 when malformed. */
  private static long parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long value = 0;
    for (String part : parts) {
      int octet = parseDecimal(part, 3);
      if (octet < 0 || octet > 255) {
        return -1;
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  private static long[] parseIpv6(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    int[] head = new int[8];
    int[] tail = new int[8];
    int headCount;
    int tailCount = 0;
    if (doubleColon < 0) {
      headCount = parseGroups(text, head, true);
      if (headCount != 8) {
        return null;
      }
    } else {
      headCount = parseGroups(text.substring(0, doubleColon), head, false);
      tailCount = parseGroups(text.substring(doubleColon + 2), tail, true);
      // "::" stands for at least one zero group.
      if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
        return null;
      }
    }
    int[] groups = new int[8];
    System.arraycopy(head, 0, groups, 0, headCount);
    System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 4; i++) {
      high = (high << 16) | groups[i];
      low = (low << 16) | groups[i + 4];
    }
    return new long[] {high, low};
  }

  /**
   * Parses colon-separated hex groups into {@code out}; returns how many 16-bit groups were
   * read, or -1 when malformed. A trailing dotted IPv4 part counts as two groups.
   */
  private static int parseGroups(String text, int[] out, boolean mayEndWithIpv4) {
    if (text.isEmpty()) {
      return 0;
    }
    String[] parts = text.split(":", -1);
    int count = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      if (last && mayEndWithIpv4 && part.indexOf('.') >= 0) {
        long ipv4 = parseIpv4(part);
        if (ipv4 < 0 || count + 2 > 8) {
          return -1;
        }
        out[count++] = (int) (ipv4 >>> 16);
        out[count++] = (int) (ipv4 & 0xffff);
        continue;
      }
      int group = parseHexGroup(part);
      if (group < 0 || count == 8) {
        return -1;
      }
      out[count++] = group;
    }
    return count;
  }

  private static int parseHexGroup(String part) {
    if (part.isEmpty() || part.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < part.length(); i++) {
      int digit = Character.digit(part.charAt(i), 16);
      // Character.digit accepts non-ASCII digits; only ASCII hex is an address.
      if (digit < 0 || part.charAt(i) > 'f') {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** A decimal of 1 to maxDigits ASCII digits, without leading zeros; -1 when malformed. */
  private static int parseDecimal(String text, int maxDigits) {
    if (text.isEmpty() || text.length() > maxDigits
        || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int parsePrefix(String text, int maxPrefix) {
    int value = parseDecimal(text, 3);
    return value > maxPrefix ? -1 : value;
  }

  private static String formatIpv4(int address) {
    return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "."
        + ((address >>> 8) & 0xff) + "." + (address & 0xff);
  }

  private static String formatIpv6(long high, long low) {
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) ((high >>> (48 - 16 * i)) & 0xffff);
      groups[i + 4] = (int) ((low >>> (48 - 16 * i)) & 0xffff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  private static byte[] toBytes(long value, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (value >>> (8 * (length - 1 - i)));
    }
    return bytes;
  }

  private static long fromBytes(byte[] bytes, int offset, int length) {
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xff);
    }
    return value;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] all = new byte[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
