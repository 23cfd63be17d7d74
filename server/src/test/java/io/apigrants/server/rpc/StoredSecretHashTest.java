package io.apigrants.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A known-answer check of what the server stores for a secret, computed without any of the
 * server's hashing code: HMAC-SHA-256 under the configured pepper, base64url without padding,
 * with the pepper's key id beside it.
 */
@ParameterizedClass
@EnumSource(TestServer.Store.class)
class StoredSecretHashTest {
  /** The key id and bytes that TestServer writes to the pepper file, spelled out again here. */
  private static final String PEPPER_KEY_ID = "test1";
  private static final byte[] PEPPER =
      "a-test-pepper-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8);

  private static SecretScenario scenario;

  @Parameter
  TestServer.Store store;

  private final String org = GrantRows.newOrg();

  @BeforeParameterizedClassInvocation
  static void startServer(TestServer.Store store) {
    scenario = SecretScenario.start(store);
  }

  @AfterParameterizedClassInvocation
  static void stopServer() {
    scenario.close();
  }

  @Test
  void storedHashIsHmacSha256OfTheSecretUnderThePepper() throws Exception {
    UUID grantId = scenario.rows().grant(org, "alice").insert();

    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    assertThat(storedHashAndKeyId(grantId))
        .containsExactly(List.of(hmacSha256Base64Url(secret), PEPPER_KEY_ID));
  }

  @Test
  void graceSecretKeepsTheHashItWasStoredWith() throws Exception {
    UUID grantId = scenario.rows().grant(org, "alice").insert();

    String previous = scenario.regenerate(org, "alice", grantId).getSecret();
    String current =
        scenario.regenerate(org, "alice", grantId, java.time.Duration.ofHours(1)).getSecret();

    assertThat(storedHashAndKeyId(grantId)).containsExactlyInAnyOrder(
        List.of(hmacSha256Base64Url(previous), PEPPER_KEY_ID),
        List.of(hmacSha256Base64Url(current), PEPPER_KEY_ID));
  }

  private static String hmacSha256Base64Url(String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(PEPPER, "HmacSHA256"));
    byte[] digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** Each grant_secret row of the grant as (secret_hash, key_id), read with plain JDBC. */
  private static List<List<String>> storedHashAndKeyId(UUID grantId) throws SQLException {
    try (Connection connection =
            scenario.server().server().database().dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(
            "select secret_hash, key_id from grant_secret where grant_id = ?")) {
      query.setObject(1, grantId);
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          rows.add(List.of(row.getString("secret_hash"), row.getString("key_id")));
        }
      }
      return rows;
    }
  }
}
