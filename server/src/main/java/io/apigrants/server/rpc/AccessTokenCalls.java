package io.apigrants.server.rpc;

import com.google.protobuf.Timestamp;
import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.token.AccessTokenClaims;
import io.apigrants.server.token.AccessTokenVerdict;
import io.apigrants.server.token.AccessTokenVerifier;
import io.apigrants.server.token.ClientCredentials;
import io.apigrants.server.token.IssuedToken;
import io.apigrants.server.token.SigningKeys;
import io.apigrants.v1.GetSigningKeysRequest;
import io.apigrants.v1.GetSigningKeysResponse;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.VerifyAccessTokenRequest;
import io.apigrants.v1.VerifyAccessTokenResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * IssueAccessToken, VerifyAccessToken and GetSigningKeys: request validation and the mapping
 * between the messages and the {@code token} package.
 */
public final class AccessTokenCalls {
  static final int MAX_TOKEN_LENGTH = 8192;
  static final int MAX_SECRET_LENGTH = 1024;
  static final int MAX_SCOPES = 100;
  static final int MAX_SCOPE_LENGTH = 100;

  private final ClientCredentials clientCredentials;
  private final AccessTokenVerifier verifier;
  private final SigningKeys signingKeys;

  public AccessTokenCalls(ClientCredentials clientCredentials, AccessTokenVerifier verifier,
      SigningKeys signingKeys) {
    this.clientCredentials = clientCredentials;
    this.verifier = verifier;
    this.signingKeys = signingKeys;
  }

  IssueAccessTokenResponse issue(IssueAccessTokenRequest request) {
    FieldViolations violations = new FieldViolations();
    UUID clientId = clientId(request.getClientId(), violations);
    if (request.getClientSecret().isEmpty()) {
      violations.add("client_secret", "required");
    } else if (request.getClientSecret().length() > MAX_SECRET_LENGTH) {
      violations.add("client_secret", "at most " + MAX_SECRET_LENGTH + " characters");
    }
    checkScopes("scopes", request.getScopesList(), violations);
    violations.throwIfAny();

    ClientCredentials.Exchange exchange = clientCredentials.exchange(clientId,
        request.getClientSecret(), request.getScopesList(), request.getClientIp());
    if (exchange.token().isEmpty()) {
      return IssueAccessTokenResponse.newBuilder()
          .setError(exchange.error())
          .setReason(exchange.reason())
          .build();
    }
    IssuedToken token = exchange.token().get();
    return IssueAccessTokenResponse.newBuilder()
        .setAccessToken(token.token())
        .setTokenType("Bearer")
        .setExpiresIn(token.expiresInSeconds())
        .addAllScopes(token.scopes())
        .build();
  }

  VerifyAccessTokenResponse verify(VerifyAccessTokenRequest request) {
    FieldViolations violations = new FieldViolations();
    if (request.getAccessToken().isEmpty()) {
      violations.add("access_token", "required");
    } else if (request.getAccessToken().length() > MAX_TOKEN_LENGTH) {
      violations.add("access_token", "at most " + MAX_TOKEN_LENGTH + " characters");
    }
    checkScopes("required_scopes", request.getRequiredScopesList(), violations);
    violations.throwIfAny();

    AccessTokenVerdict verdict = verifier.verify(request.getAccessToken(),
        request.getRequiredScopesList(), CallerIdentity.current().org());
    if (verdict.claims().isEmpty()) {
      return VerifyAccessTokenResponse.newBuilder().setReason(verdict.reason()).build();
    }
    AccessTokenClaims claims = verdict.claims().get();
    return VerifyAccessTokenResponse.newBuilder()
        .setActive(true)
        .setGrant(claims.grant())
        .setClientId(claims.clientId().toString())
        .setOrg(claims.org())
        .setWorkspace(claims.workspace())
        .setUsername(claims.username())
        .addAllScopes(claims.scopes())
        .setExpireTime(timestamp(claims.expireTime()))
        .build();
  }

  GetSigningKeysResponse signingKeys(GetSigningKeysRequest request) {
    return GetSigningKeysResponse.newBuilder().setJwksJson(signingKeys.jwksJson()).build();
  }

  private static UUID clientId(String value, FieldViolations violations) {
    if (value.isEmpty()) {
      violations.add("client_id", "required");
      return null;
    }
    try {
      UUID id = UUID.fromString(value);
      // UUID.fromString accepts non-canonical forms; client ids are canonical UUID text.
      if (id.toString().equals(value.toLowerCase(Locale.ROOT))) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    violations.add("client_id", "must be a UUID");
    return null;
  }

  private static void checkScopes(String field, List<String> scopes, FieldViolations violations) {
    if (scopes.size() > MAX_SCOPES) {
      violations.add(field, "at most " + MAX_SCOPES + " scopes");
      return;
    }
    for (int i = 0; i < scopes.size(); i++) {
      String scope = scopes.get(i);
      if (scope.isEmpty() || scope.length() > MAX_SCOPE_LENGTH || !isVisibleAscii(scope)) {
        violations.add(field + "[" + i + "]",
            "a scope id: 1 to " + MAX_SCOPE_LENGTH + " visible ASCII characters, no spaces");
      }
    }
  }

  private static boolean isVisibleAscii(String value) {
    return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
