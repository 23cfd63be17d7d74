package io.apigrants.server.grant;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The editable fields of an organisation policy, by their proto path. */
public enum PolicyField {
  MAX_GRANT_LIFETIME("max_grant_lifetime"),
  REQUIRE_IP_ALLOWLIST("require_ip_allowlist"),
  ALLOWED_SCOPES("allowed_scopes"),
  MAX_PREVIOUS_SECRET_TTL("max_previous_secret_ttl");

  private static final Map<String, String> REFUSED = Map.of(
      "update_time", "update_time is output only",
      "etag", "etag is not a field to change: send it in policy.etag");

  private final String path;

  PolicyField(String path) {
    this.path = path;
  }

  /** The path in an update mask, e.g. {@code allowed_scopes}. */
  public String path() {
    return path;
  }

  /** The field's name in a request, e.g. {@code policy.allowed_scopes}. */
  public String requestField() {
    return "policy." + path;
  }

  /** The fields an update mask names; adds violations on {@code update_mask} when it is bad. */
  public static Optional<Set<PolicyField>> parseMask(List<String> paths,
      FieldViolations violations) {
    return FieldMasks.parse(paths, PolicyField.class, PolicyField::byPath, REFUSED, violations);
  }

  private static Optional<PolicyField> byPath(String path) {
    return Arrays.stream(values()).filter(field -> field.path.equals(path)).findFirst();
  }
}
