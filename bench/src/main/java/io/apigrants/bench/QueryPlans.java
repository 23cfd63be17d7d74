package io.apigrants.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Prints PostgreSQL's plans for the verification lookup and a user's grant list on the loaded
 * data set: both must stay index lookups however many grants there are.
 */
final class QueryPlans {
  private QueryPlans() {}

  static void print(Connection connection, DataSet.Sample sample) throws SQLException {
    explain(connection, "verify lookup by hash",
        "select g.id, g.scopes, u.disabled from grant_secret s"
            + " join api_grant g on g.id = s.grant_id"
            + " join app_user u on u.org_id = g.org_id and u.username = g.username"
            + " where s.secret_hash = ? and s.key_id = 'test1'",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    explain(connection, "a user's grants, first page",
        "select id from api_grant where org_id = '" + DataSet.ORG + "' and username = ?"
            + " order by seq limit 50",
        sample.usernames().get(0));
  }

  private static void explain(Connection connection, String what, String sql, String value)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("explain " + sql)) {
      statement.setString(1, value);
      LoadHarness.print("plan of the %s:", what);
      try (ResultSet plan = statement.executeQuery()) {
        while (plan.next()) {
          LoadHarness.print("  %s", plan.getString(1));
        }
      }
    }
  }
}
