package io.apigrants.server.rpc;

import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.store.Invalidation;
import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every admin write that can turn a secret off tells the verification caches, once committed;
 * writes that change nothing tell them nothing.
 */
class GrantInvalidationTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  private static Notices watch(Store store) {
    Notices notices = new Notices();
    servers.get(store).server().database().invalidations().subscribe(notices.seen::add);
    return notices;
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void grantEditsNotifyTheirGrant(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();
    Invalidation expected = Invalidation.grant(org.org, GrantNames.parse(created.getName(), "name"));
    Notices notices = watch(store);

    Grant narrowed = org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(created.toBuilder().clearScopes().addScopes("files.read"))
        .setUpdateMask(mask("scopes"))
        .build());
    org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(narrowed).setUpdateMask(mask("scopes")).build());
    org.admin.disableGrant(DisableGrantRequest.newBuilder().setName(created.getName()).build());
    org.admin.deleteGrant(DeleteGrantRequest.newBuilder().setName(created.getName()).build());

    assertThat(notices.of(org.org)).containsExactly(expected, expected, expected);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void disablingAUserNotifiesTheirGrantsOnce(Store store) {
    AdminFixture org = servers.seeded(store);
    Notices notices = watch(store);

    upsert(org, "alice", true);
    upsert(org, "alice", true);
    upsert(org, "carol", false);

    assertThat(notices.of(org.org)).containsExactly(Invalidation.user(org.org, "alice"));
  }

  private static void upsert(AdminFixture org, String username, boolean disabled) {
    org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder()
            .setUsername(username)
            .setDisplayName(username.toUpperCase())
            .setState(disabled ? User.State.DISABLED : User.State.ACTIVE))
        .build());
  }

  /** What one subscriber received; other tests' organisations are filtered out. */
  private static final class Notices {
    final List<Invalidation> seen = new CopyOnWriteArrayList<>();

    List<Invalidation> of(String org) {
      return seen.stream().filter(notice -> notice.org().equals(org)).toList();
    }
  }
}
