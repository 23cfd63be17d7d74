package io.apigrants.server.verify;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Strict IPv4 and IPv6 address literals, parsed by hand so that untrusted text never reaches a
 * name lookup: {@link InetAddress#getByName} would ask DNS for anything that is not a literal.
 *
 * <p>IPv4 is four decimal parts without leading zeros. IPv6 is up to eight hex groups with at
 * most one {@code ::} and an optional dotted IPv4 tail; zone ids and brackets are refused. An
 * IPv4-mapped IPv6 address comes back as the IPv4 address it maps.
 */
final class IpLiteral {
  /** Longest literal: {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
  static final int MAX_LENGTH = 45;

  private IpLiteral() {}

  /** The address {@code text} spells, or empty when it is not exactly an IP literal. */
  static Optional<InetAddress> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    byte[] bytes = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      // Given raw bytes, getByAddress makes no lookup; it also turns IPv4-mapped IPv6 into IPv4.
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes was refused", e);
    }
  }

  /** Canonical text: dotted IPv4, or RFC 5952 IPv6 (lower case, longest zero run as ::). */
  static String format(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int length = 0;
      while (i + length < 8 && groups[i + length] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = i;
        bestLength = length;
      }
    }

    StringBuilder text = new StringBuilder(39);
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

  private static byte[] parseIpv4(String text) {
    byte[] bytes = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part == 4) {
          return null;
        }
        bytes[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        // "010" means 8 to some parsers and 10 to others; refuse the ambiguity.
        if (digits > 0 && value == 0) {
          return null;
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? bytes : null;
  }

  private static byte[] parseIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    byte[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
    byte[] tail = gap < 0 ? new byte[0] : groups(text.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int given = head.length + tail.length;
    // Without "::" all 16 bytes are spelled out; "::" stands for at least one zero group.
    if (gap < 0 ? given != 16 : given > 14) {
      return null;
    }
    byte[] bytes = new byte[16];
    System.arraycopy(head, 0, bytes, 0, head.length);
    System.arraycopy(tail, 0, bytes, 16 - tail.length, tail.length);
    return bytes;
  }

  /** Colon-separated hex groups ("" is none); the last may be dotted IPv4 if allowed. */
  private static byte[] groups(String part, boolean mayEndInIpv4) {
    if (part.isEmpty()) {
      return new byte[0];
    }
    byte[] bytes = new byte[16];
    int length = 0;
    int start = 0;
    while (true) {
      int colon = part.indexOf(':', start);
      String group = colon < 0 ? part.substring(start) : part.substring(start, colon);
      if (colon < 0 && mayEndInIpv4 && group.indexOf('.') >= 0) {
        byte[] ipv4 = parseIpv4(group);
        if (ipv4 == null || length + 4 > bytes.length) {
          return null;
        }
        System.arraycopy(ipv4, 0, bytes, length, 4);
        length += 4;
        break;
      }
      if (group.isEmpty() || group.length() > 4 || length + 2 > bytes.length) {
        return null;
      }
      int value = 0;
      for (int i = 0; i < group.length(); i++) {
        int digit = Character.digit(group.charAt(i), 16);
        // Character.digit also accepts non-ASCII digits; only ASCII hex is an address.
        if (digit < 0 || group.charAt(i) > 'f') {
          return null;
        }
        value = value * 16 + digit;
      }
      bytes[length++] = (byte) (value >> 8);
      bytes[length++] = (byte) value;
      if (colon < 0) {
        break;
      }
      start = colon + 1;
    }
    return Arrays.copyOf(bytes, length);
  }
}
