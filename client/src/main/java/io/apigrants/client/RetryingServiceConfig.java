package io.apigrants.client;

import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.UserSecurityGrpc;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.Map;

/**
 * The gRPC service config of a {@link GrantsClient}: which methods are retried on
 * {@code UNAVAILABLE}.
 *
 * <p>Retried: the reads, whose repetition changes nothing, and the verification calls, which a
 * resource server must not fail just because one replica was restarting. Never retried:
 * RegenerateSecret (a retry after a lost response would mint a second secret and silently
 * invalidate the first), the other writes, and CreateGrant. CreateGrant is safe to repeat only
 * with a {@code request_id}, and a service config sees the method, not the request, so it cannot
 * tell the two apart; a caller that sets a request id may retry the create itself with the same
 * id. IssueAccessToken is not retried either: each call mints a new token.
 *
 * <p>Retries back off from 100 ms to 1 s and stay inside the call's deadline; retry throttling
 * stops them when most calls fail, so a down server is not hammered.
 */
final class RetryingServiceConfig {
  static final int DEFAULT_MAX_ATTEMPTS = 4;
  /** grpc-java caps attempts at five whatever the config says. */
  static final int MAX_ATTEMPTS_LIMIT = 5;

  /** Full method names ({@code service/method}) that are retried on UNAVAILABLE. */
  static final List<String> RETRIED_METHODS = List.of(
      GrantAdminGrpc.getGetGrantMethod(),
      GrantAdminGrpc.getListGrantsMethod(),
      GrantAdminGrpc.getListScopesMethod(),
      GrantAdminGrpc.getListWorkspacesMethod(),
      GrantAdminGrpc.getListUsersMethod(),
      GrantAdminGrpc.getGetOrgPolicyMethod(),
      GrantAdminGrpc.getListAuditEventsMethod(),
      UserSecurityGrpc.getListMyGrantsMethod(),
      TokenVerificationGrpc.getVerifySecretMethod(),
      TokenVerificationGrpc.getVerifyAccessTokenMethod(),
      TokenVerificationGrpc.getGetSigningKeysMethod())
      .stream()
      .map(MethodDescriptor::getFullMethodName)
      .toList();

  private RetryingServiceConfig() {}

  /** The service config as the JSON-shaped map grpc-java takes (numbers must be doubles). */
  static Map<String, Object> build(int maxAttempts) {
    List<Map<String, String>> names = RETRIED_METHODS.stream()
        .map(RetryingServiceConfig::methodName)
        .toList();
    Map<String, Object> retryPolicy = Map.of(
        "maxAttempts", (double) Math.max(2, maxAttempts),
        "initialBackoff", "0.1s",
        "maxBackoff", "1s",
        "backoffMultiplier", 2.0,
        "retryableStatusCodes", List.of("UNAVAILABLE"));
    return Map.of(
        "methodConfig", List.of(Map.of("name", names, "retryPolicy", retryPolicy)),
        "retryThrottling", Map.of("maxTokens", 10.0, "tokenRatio", 0.1));
  }

  private static Map<String, String> methodName(String fullMethodName) {
    int slash = fullMethodName.indexOf('/');
    return Map.of(
        "service", fullMethodName.substring(0, slash),
        "method", fullMethodName.substring(slash + 1));
  }
}
