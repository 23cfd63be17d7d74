package io.apigrants.client.testing;

import com.google.protobuf.Timestamp;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListScopesRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.apigrants.v1.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Arranges what a test needs on a real server through the admin API: a fresh workspace, the
 * users, and a grant with sensible defaults.
 */
public final class Grants {
  private Grants() {}

  /** A workspace id no other test uses. */
  public static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The first scope of the server's catalog. */
  public static String someScope(GrantAdminGrpc.GrantAdminBlockingStub admin) {
    return admin.listScopes(ListScopesRequest.getDefaultInstance()).getScopes(0).getId();
  }

  /** Creates a workspace, the user, and a 30-day grant for that user with one scope. */
  public static Grant create(GrantAdminGrpc.GrantAdminBlockingStub admin, String username,
      String... ipAllowlist) {
    String workspace = uniqueId("ws");
    admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
        .setWorkspace(Workspace.newBuilder().setId(workspace).setDisplayName("Test " + workspace))
        .build());
    upsertUser(admin, username);
    Instant expiry = Instant.now().plus(Duration.ofDays(30));
    return admin.createGrant(CreateGrantRequest.newBuilder()
        .setGrant(Grant.newBuilder()
            .setClientName("test client")
            .setWorkspace(workspace)
            .setUsername(username)
            .addScopes(someScope(admin))
            .setExpireTime(Timestamp.newBuilder().setSeconds(expiry.getEpochSecond()))
            .addAllIpAllowlist(java.util.List.of(ipAllowlist)))
        .build());
  }

  /** Creates or re-enables a user. */
  public static void upsertUser(GrantAdminGrpc.GrantAdminBlockingStub admin, String username) {
    admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername(username).setDisplayName(username))
        .build());
  }
}
