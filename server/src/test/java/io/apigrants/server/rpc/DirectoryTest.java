package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.codeOf;
import static io.apigrants.server.testing.Statuses.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.ListUsersRequest;
import io.apigrants.v1.ListUsersResponse;
import io.apigrants.v1.ListWorkspacesRequest;
import io.apigrants.v1.ListWorkspacesResponse;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.apigrants.v1.Workspace;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CreateWorkspace, ListWorkspaces, UpsertUser and ListUsers, on both stores. */
class DirectoryTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void workspaceIdIsUniqueInTheOrganisation(Store store) {
    AdminFixture org = servers.seeded(store);

    Workspace created = org.admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
        .setWorkspace(Workspace.newBuilder().setId("team-42").setDisplayName("  Team 42 "))
        .build());
    Status.Code again = codeOf(() -> org.admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
        .setWorkspace(Workspace.newBuilder().setId("team-42").setDisplayName("Other"))
        .build()));

    assertThat(created.getId()).isEqualTo("team-42");
    assertThat(created.getDisplayName()).isEqualTo("Team 42");
    assertThat(created.hasCreateTime()).isTrue();
    assertThat(again).isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void badWorkspacesAreNamedFieldByField(Store store) {
    AdminFixture org = servers.seeded(store);

    for (String id : List.of("", "Upper", "under_score", "a".repeat(64), "sp ace", "ü")) {
      List<String> fields = badRequestFields(failureOf(() -> org.admin.createWorkspace(
          CreateWorkspaceRequest.newBuilder()
              .setWorkspace(Workspace.newBuilder().setId(id).setDisplayName(" "))
              .build())));

      assertThat(fields).as("id '%s'", id)
          .containsExactlyInAnyOrder("workspace.id", "workspace.display_name");
    }
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void workspacesArePagedInIdOrder(Store store) {
    AdminFixture org = servers.seeded(store);
    for (String id : List.of("d", "b", "e", "a")) {
      org.workspace(id);
    }

    List<String> ids = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListWorkspacesResponse page = org.admin.listWorkspaces(ListWorkspacesRequest.newBuilder()
          .setPageSize(2)
          .setPageToken(token)
          .build());
      page.getWorkspacesList().forEach(workspace -> ids.add(workspace.getId()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(ids).containsExactly("a", "b", "d", "e", "main");
    assertThat(pages).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void upsertCreatesThenUpdatesAUser(Store store) {
    AdminFixture org = servers.seeded(store);

    User created = org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername("dana@example.com").setDisplayName("Dana"))
        .build());
    servers.clock().advance(java.time.Duration.ofSeconds(3));
    User disabled = org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder()
            .setUsername("dana@example.com")
            .setDisplayName("Dana Scully")
            .setState(User.State.DISABLED))
        .build());
    User unchanged = org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(disabled)
        .build());
    User reactivated = org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername("dana@example.com").setDisplayName("Dana Scully"))
        .build());

    assertThat(created.getState()).isEqualTo(User.State.ACTIVE);
    assertThat(disabled.getState()).isEqualTo(User.State.DISABLED);
    assertThat(disabled.getDisplayName()).isEqualTo("Dana Scully");
    assertThat(disabled.getCreateTime()).isEqualTo(created.getCreateTime());
    assertThat(disabled.getUpdateTime().getSeconds())
        .isEqualTo(created.getUpdateTime().getSeconds() + 3);
    assertThat(unchanged).isEqualTo(disabled);
    assertThat(reactivated.getState()).isEqualTo(User.State.ACTIVE);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void badUsersAreNamedFieldByField(Store store) {
    AdminFixture org = servers.seeded(store);

    List<String> fields = badRequestFields(failureOf(() -> org.admin.upsertUser(
        UpsertUserRequest.newBuilder()
            .setUser(User.newBuilder()
                .setUsername("two words")
                .setDisplayName("bad\u0000name")
                .setStateValue(9))
            .build())));
    List<String> empty = badRequestFields(failureOf(() -> org.admin.upsertUser(
        UpsertUserRequest.getDefaultInstance())));
    List<String> tooLong = badRequestFields(failureOf(() -> org.admin.upsertUser(
        UpsertUserRequest.newBuilder()
            .setUser(User.newBuilder().setUsername("u".repeat(201)).setDisplayName("d".repeat(201)))
            .build())));

    assertThat(fields).containsExactlyInAnyOrder("user.username", "user.display_name",
        "user.state");
    assertThat(empty).containsExactly("user.username");
    assertThat(tooLong).containsExactlyInAnyOrder("user.username", "user.display_name");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void displayNameBoundsCountCharactersNotUtf16Units(Store store) {
    AdminFixture org = servers.seeded(store);
    // One character, two UTF-16 units.
    String emoji = Character.toString(0x1F600);

    Workspace workspace = org.admin.createWorkspace(CreateWorkspaceRequest.newBuilder()
        .setWorkspace(Workspace.newBuilder().setId("emoji").setDisplayName(emoji.repeat(100)))
        .build());
    User user = org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername("emoji").setDisplayName(emoji.repeat(200)))
        .build());
    List<String> tooLong = badRequestFields(failureOf(() -> org.admin.upsertUser(
        UpsertUserRequest.newBuilder()
            .setUser(User.newBuilder().setUsername("emoji").setDisplayName(emoji.repeat(201)))
            .build())));

    assertThat(workspace.getDisplayName()).isEqualTo(emoji.repeat(100));
    assertThat(user.getDisplayName()).isEqualTo(emoji.repeat(200));
    assertThat(tooLong).containsExactly("user.display_name");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void usersArePagedInUsernameOrder(Store store) {
    AdminFixture org = servers.seeded(store);
    org.user("zoe");
    org.user("carl");

    ListUsersResponse first = org.admin.listUsers(ListUsersRequest.newBuilder()
        .setPageSize(3)
        .build());
    ListUsersResponse second = org.admin.listUsers(ListUsersRequest.newBuilder()
        .setPageSize(3)
        .setPageToken(first.getNextPageToken())
        .build());
    List<String> badSize = badRequestFields(failureOf(() -> org.admin.listUsers(
        ListUsersRequest.newBuilder().setPageSize(5000).setPageToken("x").build())));

    assertThat(first.getUsersList()).extracting(User::getUsername)
        .containsExactly("alice", "bob", "carl");
    assertThat(second.getUsersList()).extracting(User::getUsername).containsExactly("zoe");
    assertThat(second.getNextPageToken()).isEmpty();
    assertThat(badSize).containsExactlyInAnyOrder("page_size", "page_token");
  }
}
