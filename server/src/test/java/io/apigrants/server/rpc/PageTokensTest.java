package io.apigrants.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.grant.InvalidArgumentException;
import io.apigrants.server.secret.Pepper;
import io.apigrants.server.secret.PepperRing;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageTokensTest {
  private static final Pepper OLD = pepper("old", 'o');
  private static final Pepper NEW = pepper("new", 'n');

  private final PageTokens tokens = new PageTokens(new PepperRing(List.of(OLD)));

  @Test
  void tokenOpensToItsCursorForTheSameList() {
    String token = tokens.encode(Optional.of("4711"), "ListGrants", "org-a", "ws");

    Optional<String> cursor = decode(tokens, token, "ListGrants", "org-a", "ws");

    assertThat(cursor).contains("4711");
    assertThat(token).doesNotContain("4711");
  }

  @Test
  void noCursorMeansNoToken() {
    assertThat(tokens.encode(Optional.empty(), "ListGrants", "org-a")).isEmpty();
    assertThat(decode(tokens, "", "ListGrants", "org-a")).isEmpty();
  }

  @Test
  void tokenOfAnotherOrganisationOrFilterIsRefused() {
    String token = tokens.encode(Optional.of("4711"), "ListGrants", "org-a", "ws");

    assertThat(violationsOf(tokens, token, "ListGrants", "org-b", "ws")).containsExactly(
        "page_token");
    assertThat(violationsOf(tokens, token, "ListGrants", "org-a", "other")).containsExactly(
        "page_token");
    assertThat(violationsOf(tokens, token, "ListUsers", "org-a", "ws")).containsExactly(
        "page_token");
    // Parts are length-prefixed: moving a boundary is another binding.
    assertThat(violationsOf(tokens, token, "ListGrants", "org-aw", "s")).containsExactly(
        "page_token");
  }

  @Test
  void alteredOrForgedTokensAreRefused() {
    String token = tokens.encode(Optional.of("4711"), "ListGrants", "org-a");
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    bytes[bytes.length - 1] ^= 1;
    String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String forged = Base64.getUrlEncoder().encodeToString("4711".getBytes(StandardCharsets.UTF_8));

    assertThat(violationsOf(tokens, altered, "ListGrants", "org-a")).containsExactly("page_token");
    assertThat(violationsOf(tokens, forged, "ListGrants", "org-a")).containsExactly("page_token");
    assertThat(violationsOf(tokens, "not base64 !", "ListGrants", "org-a"))
        .containsExactly("page_token");
    assertThat(violationsOf(tokens, "A".repeat(5000), "ListGrants", "org-a"))
        .containsExactly("page_token");
  }

  @Test
  void tokenFromBeforeAPepperRotationStillOpens() {
    String token = tokens.encode(Optional.of("12"), "ListGrants", "org-a");
    PageTokens rotated = new PageTokens(new PepperRing(List.of(NEW, OLD)));
    PageTokens unrelated = new PageTokens(new PepperRing(List.of(NEW)));

    assertThat(decode(rotated, token, "ListGrants", "org-a")).contains("12");
    assertThat(violationsOf(unrelated, token, "ListGrants", "org-a"))
        .containsExactly("page_token");
  }

  private static Optional<String> decode(PageTokens tokens, String token, String... binding) {
    FieldViolations violations = new FieldViolations();
    Optional<String> cursor = tokens.decode(token, violations, binding);
    violations.throwIfAny();
    return cursor;
  }

  private static List<String> violationsOf(PageTokens tokens, String token, String... binding) {
    FieldViolations violations = new FieldViolations();
    tokens.decode(token, violations, binding);
    try {
      violations.throwIfAny();
      return List.of();
    } catch (InvalidArgumentException e) {
      return e.violations().stream().map(InvalidArgumentException.FieldViolation::field).toList();
    }
  }

  private static Pepper pepper(String keyId, char fill) {
    return new Pepper(keyId, String.valueOf(fill).repeat(32).getBytes(StandardCharsets.UTF_8));
  }
}
