package io.apigrants.server.grant;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The editable fields of a grant, by their proto path. */
public enum GrantField {
  CLIENT_NAME("client_name"),
  USERNAME("username"),
  SCOPES("scopes"),
  EXPIRE_TIME("expire_time"),
  IP_ALLOWLIST("ip_allowlist");

  /** Not in this enum: immutable, but named here so that a mask naming it gets a clear reason. */
  public static final String WORKSPACE_FIELD = "grant.workspace";

  private static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("workspace", "workspace is fixed when the grant is created"),
      Map.entry("name", "name is output only"),
      Map.entry("client_id", "client_id is output only"),
      Map.entry("state", "state changes through DisableGrant and EnableGrant"),
      Map.entry("secret_state", "secret_state is output only"),
      Map.entry("secret_hint", "secret_hint is output only"),
      Map.entry("secret_create_time", "secret_create_time is output only"),
      Map.entry("last_used_time", "last_used_time is output only"),
      Map.entry("last_used_ip", "last_used_ip is output only"),
      Map.entry("create_time", "create_time is output only"),
      Map.entry("update_time", "update_time is output only"),
      Map.entry("creator", "creator is output only"),
      Map.entry("etag", "etag is not a field to change: send it in grant.etag"),
      Map.entry("previous_secret_expire_time", "previous_secret_expire_time is output only"));

  private final String path;

  GrantField(String path) {
    this.path = path;
  }

  /** The path in an update mask, e.g. {@code client_name}. */
  public String path() {
    return path;
  }

  /** The field's name in a request, e.g. {@code grant.client_name}. */
  public String requestField() {
    return "grant." + path;
  }

  /** The fields an update mask names; adds violations on {@code update_mask} when it is bad. */
  public static Optional<Set<GrantField>> parseMask(List<String> paths,
      FieldViolations violations) {
    return FieldMasks.parse(paths, GrantField.class, GrantField::byPath, REFUSED, violations);
  }

  private static Optional<GrantField> byPath(String path) {
    return Arrays.stream(values()).filter(field -> field.path.equals(path)).findFirst();
  }
}
