package io.apigrants.client.cli;

import com.google.protobuf.Timestamp;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.VerifyAccessTokenResponse;
import io.apigrants.v1.VerifySecretResponse;
import java.util.List;

/**
 * What the server answered about a secret or an access token: the two RPCs answer with the same
 * fields, and grantctl shows them the same way.
 */
record VerificationAnswer(
    boolean active,
    InactiveReason reason,
    String grant,
    String clientId,
    String org,
    String workspace,
    String username,
    List<String> scopes,
    Timestamp expireTime) {

  /** The answer to a grant secret ({@code grantctl verify}). */
  static VerificationAnswer of(VerifySecretResponse answer) {
    return new VerificationAnswer(answer.getActive(), answer.getReason(), answer.getGrant(),
        answer.getClientId(), answer.getOrg(), answer.getWorkspace(), answer.getUsername(),
        answer.getScopesList(), answer.getExpireTime());
  }

  /** The answer to an access token ({@code grantctl tokens verify}). */
  static VerificationAnswer of(VerifyAccessTokenResponse answer) {
    return new VerificationAnswer(answer.getActive(), answer.getReason(), answer.getGrant(),
        answer.getClientId(), answer.getOrg(), answer.getWorkspace(), answer.getUsername(),
        answer.getScopesList(), answer.getExpireTime());
  }

  /** Whether it verified and, if not, why; if so, whose grant it is and what it allows. */
  Fields fields() {
    Fields fields = new Fields().add("active", active);
    if (!active) {
      return fields.add("reason", reason);
    }
    return fields.add("grant", grant)
        .add("client id", clientId)
        .add("org", org)
        .add("workspace", workspace)
        .add("username", username)
        .add("scopes", Formats.list(scopes))
        .add("expire time", Formats.time(expireTime));
  }
}
