package io.apigrants.server.identity;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates {@code authorization: Bearer <JWT>} on every call of one service and, when the
 * service needs one, checks the caller's role.
 *
 * <p>Missing or invalid token: {@code UNAUTHENTICATED}. Valid token without the role:
 * {@code PERMISSION_DENIED}. The token itself is never logged.
 */
public final class AuthInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final TokenAuthenticator authenticator;
  private final Optional<String> requiredRole;

  /** {@code requiredRole} empty means any authenticated caller may call. */
  public AuthInterceptor(TokenAuthenticator authenticator, Optional<String> requiredRole) {
    this.authenticator = authenticator;
    this.requiredRole = requiredRole;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Optional<String> token = bearerToken(headers);
    if (token.isEmpty()) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription(
          "missing 'authorization: Bearer <token>' metadata"));
    }

    CallerIdentity caller;
    try {
      caller = authenticator.authenticate(token.get());
    } catch (AuthenticationException e) {
      log.debug("rejected caller token on {}: {}", call.getMethodDescriptor().getFullMethodName(),
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
    }

    if (requiredRole.isPresent() && !caller.hasRole(requiredRole.get())) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription(
          "this method needs the role " + requiredRole.get()));
    }
    Context context = Context.current().withValue(CallerIdentity.CONTEXT_KEY, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The token of an {@code authorization: Bearer <token>} header, if the call carries one. */
  public static Optional<String> bearerToken(Metadata headers) {
    String header = headers.get(AUTHORIZATION);
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    return Optional.of(header.substring(BEARER.length()).trim());
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(
      ServerCall<ReqT, RespT> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
