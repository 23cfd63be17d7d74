package io.apigrants.server.rpc;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** An H2 trigger that refuses every audit insert, to prove a write and its audit fail together. */
public final class RefusingAuditTrigger implements Trigger {
  @Override
  public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
    throw new SQLException("audit refused by the test trigger", "P0001");
  }
}
