package io.apigrants.client.cli;

import io.apigrants.v1.Grant;
import java.util.List;

/** How grants look in tables and detail views, shared by the admin and user commands. */
final class GrantViews {
  private static final String PREFIX = "grants/";

  private GrantViews() {}

  /** Accepts {@code grants/{id}} or the bare id, and returns the resource name. */
  static String name(String argument) {
    String value = argument.strip();
    return value.startsWith(PREFIX) ? value : PREFIX + value;
  }

  /** One row per grant. */
  static Table table(List<Grant> grants) {
    Table table = Table.withHeaders(
        "NAME", "CLIENT NAME", "WORKSPACE", "USERNAME", "SCOPES", "EXPIRES", "STATE", "SECRET");
    for (Grant grant : grants) {
      table.row(grant.getName(), grant.getClientName(), grant.getWorkspace(), grant.getUsername(),
          Formats.list(grant.getScopesList()), Formats.time(grant.getExpireTime()),
          grant.getState(), secret(grant));
    }
    return table;
  }

  /** Every field of one grant. */
  static Fields fields(Grant grant) {
    return new Fields()
        .add("name", grant.getName())
        .add("client id", grant.getClientId())
        .add("client name", grant.getClientName())
        .add("workspace", grant.getWorkspace())
        .add("username", grant.getUsername())
        .add("scopes", Formats.list(grant.getScopesList()))
        .add("expire time", Formats.time(grant.getExpireTime()))
        .add("ip allowlist", Formats.list(grant.getIpAllowlistList()))
        .add("state", grant.getState())
        .add("secret", secret(grant))
        .add("secret created", Formats.time(grant.getSecretCreateTime()))
        .add("previous secret ends", Formats.time(grant.getPreviousSecretExpireTime()))
        .add("last used", Formats.time(grant.getLastUsedTime()))
        .add("last used ip", grant.getLastUsedIp())
        .add("created", Formats.time(grant.getCreateTime()))
        .add("creator", grant.getCreator())
        .add("updated", Formats.time(grant.getUpdateTime()))
        .add("etag", grant.getEtag());
  }

  /** The secret's state with its non-secret hint, e.g. {@code ACTIVE (4fKq...)}. */
  static String secret(Grant grant) {
    String state = grant.getSecretState().name();
    return grant.getSecretHint().isEmpty() ? state : state + " (" + grant.getSecretHint() + "...)";
  }
}
