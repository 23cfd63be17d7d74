package io.apigrants.server.grant;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A grant's IP allowlist as verification reads it: parsed once, when the grant is loaded, so
 * that checking a client costs a comparison per range rather than parsing text on every call.
 *
 * <p>Fails closed: a stored entry that does not parse (validation keeps them out) still makes the
 * list restrictive, and matches no address.
 */
public final class IpAllowlist {
  private static final IpAllowlist ANY_ADDRESS = new IpAllowlist(List.of(), false);

  private final List<IpRange> ranges;
  private final boolean restricted;

  private IpAllowlist(List<IpRange> ranges, boolean restricted) {
    this.ranges = ranges;
    this.restricted = restricted;
  }

  /** The allowlist of stored {@code entries}; no entries means any address may present. */
  public static IpAllowlist of(List<String> entries) {
    if (entries.isEmpty()) {
      return ANY_ADDRESS;
    }
    List<IpRange> ranges = new ArrayList<>(entries.size());
    for (String entry : entries) {
      IpRange.parse(entry).ifPresent(ranges::add);
    }
    return new IpAllowlist(List.copyOf(ranges), true);
  }

  /** Whether a secret presented from {@code client} passes this list. */
  public boolean allows(InetAddress client) {
    if (!restricted) {
      return true;
    }
    IpRange address = IpRange.of(client);
    for (IpRange range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the list restricts addresses at all. */
  public boolean isRestricted() {
    return restricted;
  }

  /** The ranges in canonical text, for logs and tests. */
  @Override
  public String toString() {
    return restricted ? ranges.toString() : "any address";
  }
}
