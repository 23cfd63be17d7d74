package io.apigrants.client;

import com.google.protobuf.Timestamp;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.VerifySecretResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The answer to "is this secret good for this call": immutable, and holding no secret.
 *
 * <p>When {@link #active()} is false, {@link #reason()} says why and the identity fields are
 * empty. When it is true, the identity fields say whose grant it is.
 */
public final class SecretVerification {
  private final boolean active;
  private final InactiveReason reason;
  private final String grant;
  private final String clientId;
  private final String org;
  private final String workspace;
  private final String username;
  private final List<String> scopes;
  private final Optional<Instant> expireTime;

  private SecretVerification(VerifySecretResponse response) {
    this.active = response.getActive();
    this.reason = active ? InactiveReason.INACTIVE_REASON_UNSPECIFIED : response.getReason();
    this.grant = response.getGrant();
    this.clientId = response.getClientId();
    this.org = response.getOrg();
    this.workspace = response.getWorkspace();
    this.username = response.getUsername();
    this.scopes = List.copyOf(response.getScopesList());
    this.expireTime = response.hasExpireTime()
        ? Optional.of(instant(response.getExpireTime()))
        : Optional.empty();
  }

  /** Returns the verification a {@code VerifySecret} response describes. */
  public static SecretVerification of(VerifySecretResponse response) {
    return new SecretVerification(response);
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /** Returns whether the secret verified for the client IP and every required scope. */
  public boolean active() {
    return active;
  }

  /** Returns why the secret did not verify; {@code INACTIVE_REASON_UNSPECIFIED} when active. */
  public InactiveReason reason() {
    return reason;
  }

  /** Returns the grant's resource name, {@code grants/{grant_id}}; empty when inactive. */
  public String grant() {
    return grant;
  }

  /** Returns the grant's public OAuth2 client id; empty when inactive. */
  public String clientId() {
    return clientId;
  }

  /** Returns the organisation id the grant belongs to; empty when inactive. */
  public String org() {
    return org;
  }

  /** Returns the workspace id the grant is attributed to; empty when inactive. */
  public String workspace() {
    return workspace;
  }

  /** Returns the username the call acts for; empty when inactive. */
  public String username() {
    return username;
  }

  /** Returns every scope on the grant, not just the required ones; empty when inactive. */
  public List<String> scopes() {
    return scopes;
  }

  /** Returns when the grant expires; empty when inactive. */
  public Optional<Instant> expireTime() {
    return expireTime;
  }

  /** Describes the answer by grant name and username; there is no secret in here to print. */
  @Override
  public String toString() {
    return active
        ? "SecretVerification[active, grant=" + grant + ", username=" + username + "]"
        : "SecretVerification[inactive, reason=" + reason + "]";
  }
}
