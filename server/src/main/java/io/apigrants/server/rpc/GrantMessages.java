package io.apigrants.server.rpc;

import com.google.protobuf.Timestamp;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.v1.Grant;
import java.time.Instant;

/** Turns stored grants into {@link Grant} messages. A grant message never carries a secret. */
public final class GrantMessages {
  private GrantMessages() {}

  public static Grant toProto(StoredGrant grant) {
    Grant.Builder message = Grant.newBuilder()
        .setName(grant.name())
        .setClientId(grant.clientId().toString())
        .setClientName(grant.clientName())
        .setWorkspace(grant.workspace())
        .setUsername(grant.username())
        .addAllScopes(grant.scopes())
        .setExpireTime(timestamp(grant.expireTime()))
        .addAllIpAllowlist(grant.ipAllowlist())
        .setState(grant.disabled() ? Grant.State.DISABLED : Grant.State.ENABLED)
        .setSecretState(Grant.SecretState.valueOf(grant.secretState().name()))
        .setCreateTime(timestamp(grant.createTime()))
        .setUpdateTime(timestamp(grant.updateTime()))
        .setCreator(grant.creator())
        .setEtag(grant.etag());
    grant.secretHint().ifPresent(message::setSecretHint);
    grant.secretCreateTime().map(GrantMessages::timestamp).ifPresent(message::setSecretCreateTime);
    grant.previousSecretExpireTime().map(GrantMessages::timestamp)
        .ifPresent(message::setPreviousSecretExpireTime);
    grant.lastUsedTime().map(GrantMessages::timestamp).ifPresent(message::setLastUsedTime);
    grant.lastUsedIp().ifPresent(message::setLastUsedIp);
    return message.build();
  }

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
