package io.apigrants.server.identity;

import io.apigrants.server.grant.Texts;
import io.grpc.Context;
import java.util.Set;

/**
 * Who is calling: the verified {@code sub}, {@code org} and {@code roles} of the bearer token.
 *
 * <p>The authentication interceptor places it in the gRPC {@link Context}; services read it with
 * {@link #current()}.
 */
public record CallerIdentity(String username, String org, Set<String> roles) {

  static final Context.Key<CallerIdentity> CONTEXT_KEY = Context.key("apigrants-caller");
  /** The longest {@code sub} accepted: the directory's username column. */
  static final int MAX_USERNAME = 200;
  /** The longest {@code org} accepted: the organisation id columns. */
  static final int MAX_ORG = 100;

  public CallerIdentity {
    roles = Set.copyOf(roles);
  }

  /** The caller of the current RPC; fails if called outside an authenticated call. */
  public static CallerIdentity current() {
    CallerIdentity caller = CONTEXT_KEY.get();
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller in this context");
    }
    return caller;
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Whether a claim may name a user or an organisation: short enough, no control characters. */
  static boolean isValidName(String claim, int maxLength) {
    return claim.length() <= maxLength && !Texts.hasControlCharacters(claim);
  }
}
