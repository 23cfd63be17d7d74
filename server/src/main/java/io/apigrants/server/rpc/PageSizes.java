package io.apigrants.server.rpc;

import io.apigrants.server.grant.FieldViolations;

/** The page size rule every list shares: 0 (the default, 50) to 1000. */
final class PageSizes {
  static final int DEFAULT = 50;
  static final int MAX = 1000;

  private PageSizes() {}

  static int resolve(int requested, FieldViolations violations) {
    if (requested < 0 || requested > MAX) {
      violations.add("page_size", "must be between 0 and " + MAX);
      return DEFAULT;
    }
    return requested == 0 ? DEFAULT : requested;
  }
}
