package io.apigrants.server.token;

import java.time.Instant;
import java.util.List;

/**
 * A freshly signed access token. The token is a bearer credential: {@link #toString} hides it.
 *
 * @param expiresInSeconds whole seconds from issue to expiry, as the token's claims say
 */
public record IssuedToken(
    String token, Instant expireTime, long expiresInSeconds, List<String> scopes) {

  public IssuedToken {
    scopes = List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "IssuedToken[token=****, expireTime=" + expireTime + ", scopes=" + scopes + "]";
  }
}
