package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.codeOf;
import static io.apigrants.server.testing.Statuses.failureOf;
import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CreateGrant, GetGrant, UpdateGrant, DeleteGrant, DisableGrant and EnableGrant, on both stores.
 */
class GrantLifecycleTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void createdGrantIsNormalisedAndReadsBackTheSame(Store store) {
    AdminFixture org = servers.seeded(store);

    Grant created = org.create(org.grant()
        .setClientName("  CI deploy  ")
        .clearScopes()
        .addAllScopes(List.of("spreadsheets.write", "spreadsheets.read", "spreadsheets.write"))
        .addAllIpAllowlist(List.of("192.0.2.77/24", " 2001:DB8::1 ", "192.0.2.0/24")));
    Grant read = org.admin.getGrant(GetGrantRequest.newBuilder()
        .setName(created.getName())
        .build());

    assertThat(read).isEqualTo(created);
    assertThat(created.getName()).startsWith("grants/");
    assertThat(UUID.fromString(created.getClientId())).isNotNull();
    assertThat(created.getClientName()).isEqualTo("CI deploy");
    assertThat(created.getScopesList()).containsExactly("spreadsheets.read", "spreadsheets.write");
    assertThat(created.getIpAllowlistList()).containsExactly("192.0.2.0/24", "2001:db8::1");
    assertThat(created.getState()).isEqualTo(Grant.State.ENABLED);
    assertThat(created.getSecretState()).isEqualTo(Grant.SecretState.NONE);
    assertThat(created.getSecretHint()).isEmpty();
    assertThat(created.getCreator()).isEqualTo(AdminFixture.ADMIN);
    assertThat(created.getEtag()).isNotEmpty();
    assertThat(created.getCreateTime()).isEqualTo(created.getUpdateTime());
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void createNamesEveryBadFieldAtOnceAndWritesNothing(Store store) {
    AdminFixture org = servers.seeded(store);

    StatusRuntimeException failure = failureOf(() -> org.admin.createGrant(
        CreateGrantRequest.newBuilder()
            .setRequestId("r".repeat(101))
            .setGrant(Grant.newBuilder()
                .setClientName("   ")
                .setWorkspace("Not_An_Id")
                .setUsername("has space")
                .addScopes("spreadsheets.read")
                .addScopes("nope.read")
                .setExpireTime(org.inFuture(Duration.ofDays(-1)))
                .addIpAllowlist("10.0.0.0/8")
                .addIpAllowlist("999.1.1.1"))
            .build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactlyInAnyOrder("request_id", "grant.client_name",
        "grant.workspace", "grant.username", "grant.scopes[1]", "grant.expire_time",
        "grant.ip_allowlist[1]");
    assertThat(org.dsl().fetchCount(API_GRANT, API_GRANT.ORG_ID.eq(org.org))).isZero();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void createNeedsScopesAndAnExpiry(Store store) {
    AdminFixture org = servers.seeded(store);

    StatusRuntimeException failure =
        failureOf(() -> org.create(org.grant().clearScopes().clearExpireTime()));

    assertThat(badRequestFields(failure)).containsExactlyInAnyOrder("grant.scopes", "grant.expire_time");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void createForAnUnknownWorkspaceOrAnInactiveUserIsInvalid(Store store) {
    AdminFixture org = servers.seeded(store);
    org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername("carol").setState(User.State.DISABLED))
        .build());

    StatusRuntimeException disabledUser =
        failureOf(() -> org.create(org.grant().setWorkspace("nowhere").setUsername("carol")));
    StatusRuntimeException unknownUser =
        failureOf(() -> org.create(org.grant().setUsername("nobody")));

    assertThat(badRequestFields(disabledUser)).containsExactlyInAnyOrder("grant.workspace",
        "grant.username");
    assertThat(badRequestFields(unknownUser)).containsExactly("grant.username");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void clientNamesThatCouldMisleadAreRefused(Store store) {
    AdminFixture org = servers.seeded(store);

    for (String name : List.of("", "x".repeat(101), "line\nbreak", "evil\u202eexe.txt",
        "bell\u0007")) {
      assertThat(badRequestFields(failureOf(() -> org.create(org.grant().setClientName(name)))))
          .as("client name %s", name.replace("\n", "\\n"))
          .containsExactly("grant.client_name");
    }
    assertThat(org.create(org.grant().setClientName("x".repeat(100))).getClientName())
        .hasSize(100);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void clientNameBoundCountsCharactersNotUtf16Units(Store store) {
    AdminFixture org = servers.seeded(store);
    // One character, two UTF-16 units.
    String emoji = Character.toString(0x1F600);

    Grant hundred = org.create(org.grant().setClientName(emoji.repeat(100)));
    Grant renamed = rename(org.admin, org.create(), emoji.repeat(100));
    List<String> created101 = badRequestFields(failureOf(
        () -> org.create(org.grant().setClientName(emoji.repeat(101)))));
    List<String> renamed101 = badRequestFields(failureOf(
        () -> rename(org.admin, renamed, emoji.repeat(101))));

    assertThat(get(org, hundred.getName()).getClientName()).isEqualTo(emoji.repeat(100));
    assertThat(get(org, renamed.getName()).getClientName()).isEqualTo(emoji.repeat(100));
    assertThat(created101).containsExactly("grant.client_name");
    assertThat(renamed101).containsExactly("grant.client_name");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void allowlistHoldsAtMostAHundredDistinctEntries(Store store) {
    AdminFixture org = servers.seeded(store);
    List<String> distinct = IntStream.range(0, 101).mapToObj(i -> "10.0." + i + ".0/24").toList();
    List<String> repeated = new ArrayList<>(distinct.subList(0, 100));
    repeated.addAll(distinct.subList(0, 50));

    StatusRuntimeException tooMany =
        failureOf(() -> org.create(org.grant().addAllIpAllowlist(distinct)));
    Grant folded = org.create(org.grant().addAllIpAllowlist(repeated));

    assertThat(badRequestFields(tooMany)).containsExactly("grant.ip_allowlist");
    assertThat(folded.getIpAllowlistList()).hasSize(100).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void expiryIsJudgedByTheServerClock(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant.Builder inOneHour = org.grant().setExpireTime(org.inFuture(Duration.ofHours(1)));
    org.create(inOneHour);

    servers.clock().advance(Duration.ofHours(2));
    StatusRuntimeException failure = failureOf(() -> org.create(inOneHour));

    assertThat(badRequestFields(failure)).containsExactly("grant.expire_time");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void retriedCreateReturnsTheFirstGrant(Store store) {
    AdminFixture org = servers.seeded(store);
    CreateGrantRequest request = CreateGrantRequest.newBuilder()
        .setGrant(org.grant())
        .setRequestId("retry-" + UUID.randomUUID())
        .build();
    Grant first = org.admin.createGrant(request);

    Grant retried = org.admin.createGrant(request);
    Grant retriedWithOtherName = org.admin.createGrant(request.toBuilder()
        .setGrant(org.grant().setClientName("something else"))
        .build());
    Grant otherRequest = org.admin.createGrant(request.toBuilder()
        .setRequestId("another-" + UUID.randomUUID())
        .build());

    assertThat(retried).isEqualTo(first);
    assertThat(retriedWithOtherName).isEqualTo(first);
    assertThat(otherRequest.getName()).isNotEqualTo(first.getName());
    assertThat(org.dsl().fetchCount(API_GRANT, API_GRANT.ORG_ID.eq(org.org))).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void requestIdsArePerCreator(Store store) {
    AdminFixture org = servers.seeded(store);
    GrantAdminGrpc.GrantAdminBlockingStub otherAdmin = org.server.admin(org.org, "root2");
    CreateGrantRequest request = CreateGrantRequest.newBuilder()
        .setGrant(org.grant())
        .setRequestId("shared-id")
        .build();

    Grant mine = org.admin.createGrant(request);
    Grant theirs = otherAdmin.createGrant(request);

    assertThat(theirs.getName()).isNotEqualTo(mine.getName());
    assertThat(theirs.getCreator()).isEqualTo("root2");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void concurrentCreatesWithOneRequestIdMakeOneGrant(Store store) throws Exception {
    AdminFixture org = servers.seeded(store);
    String requestId = "burst-" + UUID.randomUUID();
    CreateGrantRequest request = CreateGrantRequest.newBuilder()
        .setGrant(org.grant())
        .setRequestId(requestId)
        .build();

    List<Grant> answers = concurrently(8, () -> org.admin.createGrant(request));

    assertThat(answers).extracting(Grant::getName).hasSize(8).containsOnly(
        answers.get(0).getName());
    assertThat(org.dsl().fetchCount(API_GRANT, API_GRANT.ORG_ID.eq(org.org)
        .and(API_GRANT.CREATE_REQUEST_ID.eq(requestId)))).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void updateChangesOnlyTheMaskedFieldsAndTheEtag(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();
    servers.clock().advance(Duration.ofSeconds(5));

    Grant updated = org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(created.toBuilder()
            .setClientName("Nightly export")
            .clearScopes()
            .addScopes("files.read")
            .setUsername("bob"))
        .setUpdateMask(mask("client_name", "scopes"))
        .build());

    assertThat(updated.getClientName()).isEqualTo("Nightly export");
    assertThat(updated.getScopesList()).containsExactly("files.read");
    assertThat(updated.getUsername()).isEqualTo("alice");
    assertThat(updated.getEtag()).isNotEqualTo(created.getEtag());
    assertThat(updated.getUpdateTime().getSeconds())
        .isEqualTo(created.getUpdateTime().getSeconds() + 5);
    assertThat(updated.getCreateTime()).isEqualTo(created.getCreateTime());
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void updateThatChangesNothingKeepsTheEtag(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();

    Grant same = org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(created)
        .setUpdateMask(mask("client_name", "scopes", "expire_time"))
        .build());

    assertThat(same).isEqualTo(created);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void updateWithAStaleEtagIsAborted(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();
    Grant first = rename(org.admin, created, "first edit");

    Status.Code stale = codeOf(() -> rename(org.admin, created, "second edit"));

    assertThat(stale).isEqualTo(Status.Code.ABORTED);
    assertThat(get(org, created.getName())).isEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void twoAdminsEditingFromOneEtagGetOneSuccessAndOneAborted(Store store) throws Exception {
    AdminFixture org = servers.seeded(store);
    GrantAdminGrpc.GrantAdminBlockingStub otherAdmin = org.server.admin(org.org, "root2");
    Grant created = org.create();

    for (int i = 0; i < 5; i++) {
      int round = i;
      Grant current = get(org, created.getName());
      List<GrantAdminGrpc.GrantAdminBlockingStub> admins = List.of(org.admin, otherAdmin);
      List<Status.Code> codes = concurrently(2, index -> {
        try {
          rename(admins.get(index), current, "round " + round + " by admin " + index);
          return Status.Code.OK;
        } catch (StatusRuntimeException e) {
          return e.getStatus().getCode();
        }
      });

      assertThat(codes).containsExactlyInAnyOrder(Status.Code.OK, Status.Code.ABORTED);
    }
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void updateMaskMustNameEditableFieldsOnly(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();

    for (FieldMask mask : List.of(mask(), mask("workspace"), mask("client_name", "bogus"),
        mask("state"), mask("etag"), mask("*"))) {
      StatusRuntimeException failure = failureOf(() -> org.admin.updateGrant(
          UpdateGrantRequest.newBuilder().setGrant(created).setUpdateMask(mask).build()));

      assertThat(badRequestFields(failure)).as("mask %s", mask.getPathsList()).contains("update_mask");
    }
    assertThat(get(org, created.getName())).isEqualTo(created);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void updateNamesEveryBadValueAtOnce(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();

    StatusRuntimeException failure = failureOf(() -> org.admin.updateGrant(
        UpdateGrantRequest.newBuilder()
            .setGrant(created.toBuilder()
                .setClientName("")
                .setUsername("nobody")
                .clearScopes()
                .addScopes("unknown")
                .setExpireTime(org.inFuture(Duration.ofDays(-2)))
                .addIpAllowlist("not-an-ip"))
            .setUpdateMask(mask("client_name", "username", "scopes", "expire_time",
                "ip_allowlist"))
            .build()));

    assertThat(badRequestFields(failure)).containsExactlyInAnyOrder("grant.client_name",
        "grant.username", "grant.scopes[0]", "grant.expire_time", "grant.ip_allowlist[0]");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void newUsernameInvalidatesBothSecretsAndBumpsTheGeneration(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();
    UUID id = UUID.fromString(created.getName().substring("grants/".length()));
    giveSecrets(org, id);
    long generation = generation(org, id);
    Grant withSecret = get(org, created.getName());

    Grant moved = org.admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(withSecret.toBuilder().setUsername("bob"))
        .setUpdateMask(mask("username"))
        .build());

    assertThat(withSecret.getSecretState()).isEqualTo(Grant.SecretState.ACTIVE);
    assertThat(withSecret.getSecretHint()).isEqualTo("abcd1234");
    assertThat(moved.getUsername()).isEqualTo("bob");
    assertThat(moved.getSecretState()).isEqualTo(Grant.SecretState.INVALIDATED);
    assertThat(moved.getSecretHint()).isEmpty();
    assertThat(moved.hasPreviousSecretExpireTime()).isFalse();
    assertThat(org.dsl().fetchCount(GRANT_SECRET, GRANT_SECRET.GRANT_ID.eq(id))).isZero();
    assertThat(generation(org, id)).isEqualTo(generation + 1);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void newUsernameMustBeAnActiveUser(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();
    org.admin.upsertUser(UpsertUserRequest.newBuilder()
        .setUser(User.newBuilder().setUsername("bob").setState(User.State.DISABLED))
        .build());

    StatusRuntimeException failure = failureOf(() -> org.admin.updateGrant(
        UpdateGrantRequest.newBuilder()
            .setGrant(created.toBuilder().setUsername("bob"))
            .setUpdateMask(mask("username"))
            .build()));

    assertThat(badRequestFields(failure)).containsExactly("grant.username");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void deleteRemovesTheGrantAndItsSecrets(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();
    UUID id = UUID.fromString(created.getName().substring("grants/".length()));
    giveSecrets(org, id);

    org.admin.deleteGrant(DeleteGrantRequest.newBuilder()
        .setName(created.getName())
        .setEtag(get(org, created.getName()).getEtag())
        .build());

    assertThat(codeOf(() -> get(org, created.getName()))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> org.admin.deleteGrant(DeleteGrantRequest.newBuilder()
        .setName(created.getName())
        .build()))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(org.dsl().fetchCount(GRANT_SECRET, GRANT_SECRET.GRANT_ID.eq(id))).isZero();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void deleteWithAStaleEtagIsAbortedAndWithoutOneSucceeds(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();
    rename(org.admin, created, "edited meanwhile");

    Status.Code stale = codeOf(() -> org.admin.deleteGrant(DeleteGrantRequest.newBuilder()
        .setName(created.getName())
        .setEtag(created.getEtag())
        .build()));
    Grant stillThere = get(org, created.getName());
    org.admin.deleteGrant(DeleteGrantRequest.newBuilder().setName(created.getName()).build());

    assertThat(stale).isEqualTo(Status.Code.ABORTED);
    assertThat(stillThere.getClientName()).isEqualTo("edited meanwhile");
    assertThat(codeOf(() -> get(org, created.getName()))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void disableAndEnableToggleTheStateAndDisableBumpsTheGeneration(Store store) {
    AdminFixture org = servers.seeded(store);
    Grant created = org.create();
    UUID id = UUID.fromString(created.getName().substring("grants/".length()));
    long generation = generation(org, id);

    Grant disabled = org.admin.disableGrant(DisableGrantRequest.newBuilder()
        .setName(created.getName())
        .setEtag(created.getEtag())
        .build());
    long generationWhileDisabled = generation(org, id);
    Grant disabledAgain = org.admin.disableGrant(DisableGrantRequest.newBuilder()
        .setName(created.getName())
        .build());
    Status.Code staleEnable = codeOf(() -> org.admin.enableGrant(EnableGrantRequest.newBuilder()
        .setName(created.getName())
        .setEtag(created.getEtag())
        .build()));
    Grant enabled = org.admin.enableGrant(EnableGrantRequest.newBuilder()
        .setName(created.getName())
        .setEtag(disabled.getEtag())
        .build());

    assertThat(disabled.getState()).isEqualTo(Grant.State.DISABLED);
    assertThat(disabled.getEtag()).isNotEqualTo(created.getEtag());
    assertThat(generationWhileDisabled).isEqualTo(generation + 1);
    assertThat(disabledAgain).isEqualTo(disabled);
    assertThat(staleEnable).isEqualTo(Status.Code.ABORTED);
    assertThat(enabled.getState()).isEqualTo(Grant.State.ENABLED);
    assertThat(enabled.getEtag()).isNotEqualTo(disabled.getEtag());
    assertThat(generation(org, id)).isEqualTo(generation + 1);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void malformedNamesAreInvalidAndUnknownOnesNotFound(Store store) {
    AdminFixture org = servers.seeded(store);

    StatusRuntimeException getBad = failureOf(() -> get(org, "grants/not-a-uuid"));
    StatusRuntimeException deleteEmpty = failureOf(() -> org.admin.deleteGrant(
        DeleteGrantRequest.getDefaultInstance()));
    StatusRuntimeException updateBad = failureOf(() -> org.admin.updateGrant(
        UpdateGrantRequest.newBuilder()
            .setGrant(Grant.newBuilder().setName("grant/x").setClientName("ok"))
            .setUpdateMask(mask("client_name"))
            .build()));
    StatusRuntimeException disableTrailing = failureOf(() -> org.admin.disableGrant(
        DisableGrantRequest.newBuilder()
            .setName("grants/" + UUID.randomUUID() + "/")
            .build()));
    Status.Code unknown = codeOf(() -> get(org, "grants/" + UUID.randomUUID()));

    assertThat(badRequestFields(getBad)).containsExactly("name");
    assertThat(badRequestFields(deleteEmpty)).containsExactly("name");
    assertThat(badRequestFields(updateBad)).containsExactly("grant.name");
    assertThat(badRequestFields(disableTrailing)).containsExactly("name");
    assertThat(unknown).isEqualTo(Status.Code.NOT_FOUND);
  }

  static FieldMask mask(String... paths) {
    return FieldMask.newBuilder().addAllPaths(List.of(paths)).build();
  }

  private static Grant get(AdminFixture org, String name) {
    return org.admin.getGrant(GetGrantRequest.newBuilder().setName(name).build());
  }

  private static Grant rename(GrantAdminGrpc.GrantAdminBlockingStub admin, Grant base,
      String clientName) {
    return admin.updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(base.toBuilder().setClientName(clientName))
        .setUpdateMask(mask("client_name"))
        .build());
  }

  /** Stores a current and a grace-period secret, as RegenerateSecret would. */
  private static void giveSecrets(AdminFixture org, UUID id) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (short slot : new short[] {0, 1}) {
      org.dsl().insertInto(GRANT_SECRET)
          .set(GRANT_SECRET.SECRET_HASH, "hash-" + slot + "-" + id)
          .set(GRANT_SECRET.GRANT_ID, id)
          .set(GRANT_SECRET.SLOT, slot)
          .set(GRANT_SECRET.KEY_ID, "test1")
          .set(GRANT_SECRET.HINT, slot == 0 ? "abcd1234" : "old12345")
          .set(GRANT_SECRET.CREATE_TIME, now)
          .set(GRANT_SECRET.EXPIRE_TIME, slot == 0 ? null : now.plusHours(1))
          .execute();
    }
    org.dsl().update(API_GRANT)
        .set(API_GRANT.SECRET_STATE, "ACTIVE")
        .where(API_GRANT.ID.eq(id))
        .execute();
  }

  private static long generation(AdminFixture org, UUID id) {
    return org.dsl().select(API_GRANT.GENERATION)
        .from(API_GRANT)
        .where(API_GRANT.ID.eq(id))
        .fetchSingle(API_GRANT.GENERATION);
  }

  /** Runs {@code calls} copies of a call released together, and answers their results. */
  static <T> List<T> concurrently(int calls, Callable<T> call) throws Exception {
    return concurrently(calls, index -> call.call());
  }

  interface IndexedCall<T> {
    T call(int index) throws Exception;
  }

  static <T> List<T> concurrently(int calls, IndexedCall<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try {
      CountDownLatch ready = new CountDownLatch(calls);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          assertThat(go.await(30, TimeUnit.SECONDS)).isTrue();
          return call.call(index);
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  static Set<String> names(List<Grant> grants) {
    return Set.copyOf(grants.stream().map(Grant::getName).toList());
  }
}
