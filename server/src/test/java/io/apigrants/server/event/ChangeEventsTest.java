package io.apigrants.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.apigrants.v1.Workspace;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The events a watcher sees come from the changes admins and users make through the API, one
 * per change, in the order the changes committed.
 */
class ChangeEventsTest {

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void everyChangeThroughTheApiEmitsItsEvent(TestServer.Store store) throws Exception {
    MutableClock clock = MutableClock.startingNow();
    try (TestServer server = TestServer.start(store, clock)) {
      String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
      GrantAdminGrpc.GrantAdminBlockingStub admin = server.admin(org, "root");
      admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
          .setWorkspace(Workspace.newBuilder().setId("main").setDisplayName("Main")).build());
      for (String username : List.of("alice", "bob")) {
        admin.upsertUser(UpsertUserRequest.newBuilder()
            .setUser(User.newBuilder().setUsername(username).setDisplayName(username)).build());
      }
      Grant.Builder draft = Grant.newBuilder()
          .setClientName("Nightly export")
          .setWorkspace("main")
          .setUsername("alice")
          .addScopes("files.read")
          .setExpireTime(Timestamp.newBuilder().setSeconds(
              clock.instant().plus(Duration.ofDays(30)).getEpochSecond()));
      Grant grant = admin.createGrant(CreateGrantRequest.newBuilder().setGrant(draft).build());
      String name = grant.getName();
      String secret = server.user(org, "alice").regenerateSecret(
          RegenerateSecretRequest.newBuilder().setName(name).build()).getSecret();
      server.verifier(org).revokeLeakedSecret(RevokeLeakedSecretRequest.newBuilder()
          .setSecret(secret).setReporter("scanner").build());
      admin.updateGrant(UpdateGrantRequest.newBuilder()
          .setGrant(Grant.newBuilder().setName(name).setUsername("bob"))
          .setUpdateMask(FieldMask.newBuilder().addPaths("username"))
          .build());
      admin.disableGrant(DisableGrantRequest.newBuilder().setName(name).build());
      admin.enableGrant(EnableGrantRequest.newBuilder().setName(name).build());
      admin.deleteGrant(DeleteGrantRequest.newBuilder().setName(name).build());

      try (EventWatch watch = EventWatch.open(server.channel(),
          server.tokens().mint("svc-watch", org, Roles.TOKEN_VERIFIER), 0)) {
        List<GrantEvent> events = watch.take(7);
        Grant sentinel = admin.createGrant(CreateGrantRequest.newBuilder()
            .setGrant(draft.setClientName("Sentinel"))
            .build());
        GrantEvent next = watch.take(1).get(0);

        assertThat(events).extracting(GrantEvent::getType).containsExactly(
            GrantEvent.Type.CREATED,
            GrantEvent.Type.SECRET_REGENERATED,
            GrantEvent.Type.SECRET_INVALIDATED,
            GrantEvent.Type.UPDATED,
            GrantEvent.Type.DISABLED,
            GrantEvent.Type.ENABLED,
            GrantEvent.Type.DELETED);
        assertThat(events).extracting(GrantEvent::getGrant).containsOnly(name);
        assertThat(events).extracting(GrantEvent::getClientId)
            .containsOnly(grant.getClientId());
        assertThat(events).extracting(GrantEvent::getUsername)
            .containsExactly("alice", "alice", "alice", "bob", "bob", "bob", "bob");
        assertThat(events).extracting(GrantEvent::getSequence).isSorted().doesNotHaveDuplicates();
        assertThat(next.getType()).isEqualTo(GrantEvent.Type.CREATED);
        assertThat(next.getGrant()).isEqualTo(sentinel.getName());
        assertThat(events).allSatisfy(event -> assertThat(event.toString()).doesNotContain(secret));
      }
    }
  }
}
