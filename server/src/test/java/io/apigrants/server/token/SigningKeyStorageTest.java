package io.apigrants.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import io.apigrants.server.secret.Pepper;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signing keys at rest, read back with plain JDBC: no column holds the private key, and the
 * stored ciphertext opens only under the pepper the server was given.
 */
class SigningKeyStorageTest {
  private static final Pepper SAME_ID_OTHER_KEY = new Pepper(TestServer.PEPPER.keyId(),
      "another-pepper-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8));

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void storedRowsHoldNoPrivateKeyAndDecryptOnlyUnderTheRightPepper(TestServer.Store store)
      throws Exception {
    try (TestServer server = TestServer.start(store, MutableClock.startingNow())) {
      SigningKeys.ActiveKey signing = server.server().lifecycle().signingKeys().signingKey();
      String privatePart = signing.privateKey().getD().toString();
      byte[] privateBytes = signing.privateKey().getD().decode();

      List<Row> rows = readRows(server);
      Row signingRow = rows.stream().filter(row -> row.kid().equals(signing.kid())).findFirst()
          .orElseThrow();
      SigningKeyCipher right = new SigningKeyCipher(new PepperRing(List.of(TestServer.PEPPER)));
      ECKey decrypted = ECKey.parse(new String(
          right.decrypt(signingRow.kid(), signingRow.privateKeyEncrypted()),
          StandardCharsets.UTF_8));

      assertThat(rows).allSatisfy(row -> {
        assertThat(row.text()).doesNotContain(privatePart)
            .doesNotContain(Base64.getEncoder().encodeToString(privateBytes));
        assertThat(contains(row.privateKeyEncrypted(), privateBytes)).isFalse();
        assertThat(contains(row.privateKeyEncrypted(),
            privatePart.getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(row.publicJwk()).doesNotContain("\"d\"");
      });
      assertThat(decrypted.getD().toString()).isEqualTo(privatePart);
      assertThatThrownBy(() -> new SigningKeyCipher(new PepperRing(List.of(SAME_ID_OTHER_KEY)))
          .decrypt(signingRow.kid(), signingRow.privateKeyEncrypted()))
          .isInstanceOf(KeyUnavailableException.class);
    }
  }

  /** A signing_key row as JDBC reads it, every column also joined as text. */
  private record Row(String kid, String publicJwk, byte[] privateKeyEncrypted, String text) {}

  private static List<Row> readRows(TestServer server) throws SQLException {
    try (Connection connection = server.server().database().dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement("select * from signing_key");
        ResultSet result = statement.executeQuery()) {
      List<Row> rows = new ArrayList<>();
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder text = new StringBuilder();
        for (int column = 1; column <= columns; column++) {
          text.append(result.getString(column)).append('\n');
        }
        rows.add(new Row(result.getString("kid"), result.getString("public_jwk"),
            result.getBytes("private_key_encrypted"), text.toString()));
      }
      assertThat(rows).as("signing_key rows").isNotEmpty();
      return rows;
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int start = 0; start + needle.length <= haystack.length; start++) {
      if (Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }
}
