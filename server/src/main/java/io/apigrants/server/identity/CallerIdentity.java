package io.apigrants.server.identity;

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
}
