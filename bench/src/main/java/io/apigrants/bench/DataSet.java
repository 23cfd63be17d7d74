package io.apigrants.bench;

import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.testing.TestServer;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A generated data set bulk-loaded with PostgreSQL {@code COPY}: one organisation, one user per
 * ten grants, and every grant with two scopes, an IP allowlist ({@code 10.0.0.0/8}, which the
 * harness's client address passes) and a live secret hashed exactly as the server hashes it, so
 * that the secrets verify and every check of a verification runs.
 *
 * <p>Only the first {@code keep} secrets stay in memory (the harness needs a sample, not a
 * million strings); the rest exist only as hashes in the database.
 */
final class DataSet {
  static final String ORG = "bench";
  static final String WORKSPACE = "main";
  private static final int BATCH = 50_000;

  /** The kept sample: secrets, their grants' ids, client ids and users, in load order. */
  record Sample(List<String> secrets, List<UUID> grantIds, List<UUID> clientIds,
      List<String> usernames) {}

  private DataSet() {}

  static String username(int index) {
    return "user-" + index;
  }

  /** Loads {@code grants} grants through {@code connection} and returns the first {@code keep}. */
  static Sample load(Connection connection, int grants, int keep) throws SQLException,
      IOException {
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    SecretFormat format = new SecretFormat("wk_secret:");
    SecretHasher hasher = new SecretHasher(new PepperRing(List.of(TestServer.PEPPER)));
    int users = Math.max(1, grants / 10);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String expiry = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
        .toString();

    try (Statement statement = connection.createStatement()) {
      statement.execute("insert into workspace (org_id, id, display_name, create_time)"
          + " values ('" + ORG + "', '" + WORKSPACE + "', 'Main', now())");
    }
    copyInBatches(copy, "copy app_user (org_id, username, display_name, disabled, create_time,"
        + " update_time) from stdin with (format csv)", users,
        i -> ORG + "," + username(i) + "," + username(i) + ",false," + now + "," + now + "\n");

    List<String> secrets = new ArrayList<>(keep);
    List<UUID> grantIds = new ArrayList<>(keep);
    List<UUID> clientIds = new ArrayList<>(keep);
    List<String> usernames = new ArrayList<>(keep);
    for (int start = 0; start < grants; start += BATCH) {
      int end = Math.min(grants, start + BATCH);
      StringBuilder grantRows = new StringBuilder();
      StringBuilder secretRows = new StringBuilder();
      for (int i = start; i < end; i++) {
        UUID id = UUID.randomUUID();
        UUID clientId = UUID.randomUUID();
        String user = username(i % users);
        Secret secret = format.generate();
        var hash = hasher.hashForStorage(secret);
        grantRows.append(id).append(',').append(ORG).append(',').append(clientId)
            .append(",bench client ").append(i).append(',').append(WORKSPACE).append(',')
            .append(user).append(",spreadsheets.read spreadsheets.write,10.0.0.0/8,").append(expiry)
            .append(",false,ACTIVE,1,1,bench,").append(now).append(',').append(now).append('\n');
        secretRows.append(hash.value()).append(',').append(id).append(",0,")
            .append(hash.keyId()).append(',').append(secret.hint()).append(',').append(now)
            .append('\n');
        if (i < keep) {
          secrets.add(secret.text());
          grantIds.add(id);
          clientIds.add(clientId);
          usernames.add(user);
        }
      }
      copy.copyIn("copy api_grant (id, org_id, client_id, client_name, workspace_id, username,"
          + " scopes, ip_allowlist, expire_time, disabled, secret_state, generation, version,"
          + " creator, create_time, update_time) from stdin with (format csv)",
          new StringReader(grantRows.toString()));
      copy.copyIn("copy grant_secret (secret_hash, grant_id, slot, key_id, hint, create_time)"
          + " from stdin with (format csv)", new StringReader(secretRows.toString()));
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("analyze");
    }
    return new Sample(secrets, grantIds, clientIds, usernames);
  }

  private static void copyInBatches(CopyManager copy, String sql, int rows,
      IntFunction<String> row) throws SQLException, IOException {
    for (int start = 0; start < rows; start += BATCH) {
      StringBuilder batch = new StringBuilder();
      for (int i = start; i < Math.min(rows, start + BATCH); i++) {
        batch.append(row.apply(i));
      }
      copy.copyIn(sql, new StringReader(batch.toString()));
    }
  }
}
