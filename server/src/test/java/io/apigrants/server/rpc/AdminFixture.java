package io.apigrants.server.rpc;

import com.google.protobuf.Timestamp;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.apigrants.v1.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * An organisation of its own on a test server, with an admin, the workspace {@code main} and the
 * active users {@code alice} and {@code bob}; builds valid grants that tests change one field of.
 */
final class AdminFixture {
  static final String ADMIN = "root";

  final TestServer server;
  final String org;
  final GrantAdminGrpc.GrantAdminBlockingStub admin;
  private final Clock clock;

  private AdminFixture(TestServer server, Clock clock, String org) {
    this.server = server;
    this.clock = clock;
    this.org = org;
    this.admin = server.admin(org, ADMIN);
  }

  /** A new organisation with its directory seeded. */
  static AdminFixture seeded(TestServer server, Clock clock) {
    AdminFixture fixture = new AdminFixture(server, clock, newOrg());
    fixture.workspace("main");
    fixture.user("alice");
    fixture.user("bob");
    return fixture;
  }

  static String newOrg() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  void workspace(String id) {
    admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
        .setWorkspace(Workspace.newBuilder().setId(id).setDisplayName("Workspace " + id))
        .build());
  }

  User user(String username) {
    return admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername(username).setDisplayName(username.toUpperCase()))
        .build());
  }

  /** A valid new grant: alice's, in main, reading spreadsheets, for thirty days. */
  Grant.Builder grant() {
    return Grant.newBuilder()
        .setClientName("CI deploy")
        .setWorkspace("main")
        .setUsername("alice")
        .addScopes("spreadsheets.read")
        .setExpireTime(inFuture(Duration.ofDays(30)));
  }

  Grant create(Grant.Builder grant) {
    return admin.createGrant(CreateGrantRequest.newBuilder().setGrant(grant).build());
  }

  Grant create() {
    return create(grant());
  }

  Timestamp inFuture(Duration duration) {
    return timestamp(clock.instant().plus(duration));
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /** Direct access to the server's database, for arranging what no RPC of this service makes. */
  DSLContext dsl() {
    return server.server().database().dsl();
  }
}
