package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.failureOf;
import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.ListGrantsRequest;
import io.apigrants.v1.ListGrantsResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ListGrants: filters, page sizes, page tokens and keyset pagination, on both stores. */
class ListGrantsTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void filtersByWorkspaceUsernameAndState(Store store) {
    AdminFixture org = servers.seeded(store);
    org.workspace("side");
    Grant alicesMain = org.create();
    Grant bobsMain = org.create(org.grant().setUsername("bob"));
    Grant alicesSide = org.create(org.grant().setWorkspace("side"));
    org.admin.disableGrant(DisableGrantRequest.newBuilder()
        .setName(alicesSide.getName())
        .build());

    List<String> all = names(list(org, ListGrantsRequest.newBuilder()));
    List<String> side = names(list(org, ListGrantsRequest.newBuilder().setWorkspace("side")));
    List<String> bobs = names(list(org, ListGrantsRequest.newBuilder().setUsername("bob")));
    List<String> enabled =
        names(list(org, ListGrantsRequest.newBuilder().setState(Grant.State.ENABLED)));
    List<String> alicesDisabled = names(list(org, ListGrantsRequest.newBuilder()
        .setUsername("alice")
        .setState(Grant.State.DISABLED)));
    List<String> nobody = names(list(org, ListGrantsRequest.newBuilder().setUsername("carol")));

    assertThat(all).containsExactly(alicesMain.getName(), bobsMain.getName(),
        alicesSide.getName());
    assertThat(side).containsExactly(alicesSide.getName());
    assertThat(bobs).containsExactly(bobsMain.getName());
    assertThat(enabled).containsExactly(alicesMain.getName(), bobsMain.getName());
    assertThat(alicesDisabled).containsExactly(alicesSide.getName());
    assertThat(nobody).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void badPageSizesAndFiltersAreNamedTogether(Store store) {
    AdminFixture org = servers.seeded(store);

    List<String> tooBig = badRequestFields(failureOf(() -> org.admin.listGrants(
        ListGrantsRequest.newBuilder()
            .setPageSize(1001)
            .setWorkspace("Bad Workspace!")
            .setUsername("has space")
            .setStateValue(42)
            .setPageToken("forged")
            .build())));
    List<String> negative = badRequestFields(failureOf(() -> org.admin.listGrants(
        ListGrantsRequest.newBuilder().setPageSize(-1).build())));

    assertThat(tooBig).containsExactlyInAnyOrder("page_size", "workspace", "username", "state",
        "page_token");
    assertThat(negative).containsExactly("page_size");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void pageTokenServesOnlyTheListItCameFrom(Store store) {
    AdminFixture org = servers.seeded(store);
    org.create();
    org.create();
    String token = org.admin.listGrants(ListGrantsRequest.newBuilder()
        .setPageSize(1)
        .setUsername("alice")
        .build()).getNextPageToken();

    List<String> otherFilter = badRequestFields(failureOf(() -> org.admin.listGrants(
        ListGrantsRequest.newBuilder().setPageToken(token).setUsername("bob").build())));
    List<String> noFilter = badRequestFields(failureOf(() -> org.admin.listGrants(
        ListGrantsRequest.newBuilder().setPageToken(token).build())));
    ListGrantsResponse sameFilter = org.admin.listGrants(ListGrantsRequest.newBuilder()
        .setPageToken(token)
        .setUsername("alice")
        .build());

    assertThat(token).isNotEmpty();
    assertThat(otherFilter).containsExactly("page_token");
    assertThat(noFilter).containsExactly("page_token");
    assertThat(sameFilter.getGrantsList()).hasSize(1);
    assertThat(sameFilter.getNextPageToken()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void paginationSeesEveryGrantOnceWhileOthersAreAdded(Store store) throws Exception {
    AdminFixture org = servers.seeded(store);
    Set<String> existing = bulkInsert(org, 1_000);
    AtomicBoolean listing = new AtomicBoolean(true);
    AtomicInteger added = new AtomicInteger();
    // One grant is added per page listed, while the next page is being read: concurrent, but
    // bounded, so that the adder does not starve the lister on a small machine.
    Semaphore pageListed = new Semaphore(1);
    CountDownLatch firstAdded = new CountDownLatch(1);
    ExecutorService adder = Executors.newSingleThreadExecutor();
    Future<?> adding = adder.submit(() -> {
      while (listing.get()) {
        if (pageListed.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          org.create();
          added.incrementAndGet();
          firstAdded.countDown();
        }
      }
      return null;
    });
    List<String> seen = new ArrayList<>();
    int pages = 0;
    int addedDuringListing;

    try {
      assertThat(firstAdded.await(30, TimeUnit.SECONDS)).isTrue();
      int addedBefore = added.get();
      String token = "";
      do {
        ListGrantsResponse page = org.admin.listGrants(ListGrantsRequest.newBuilder()
            .setPageSize(37)
            .setPageToken(token)
            .build());
        pageListed.release();
        seen.addAll(names(page));
        token = page.getNextPageToken();
        pages++;
      } while (!token.isEmpty());
      addedDuringListing = added.get() - addedBefore;
    } finally {
      listing.set(false);
      adding.get(30, TimeUnit.SECONDS);
      adder.shutdownNow();
    }

    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).containsAll(existing);
    assertThat(addedDuringListing).isPositive();
    assertThat(pages).isGreaterThanOrEqualTo(1_000 / 37);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void paginationNeitherSkipsNorRepeatsWhileReadGrantsAreDeletedAndOthersAdded(Store store) {
    AdminFixture org = servers.seeded(store);
    bulkInsert(org, 1_200);
    Map<String, Long> seqs = seqsByName(org);
    Set<String> existing = Set.copyOf(seqs.keySet());
    Set<String> deleted = new HashSet<>();
    List<String> seen = new ArrayList<>();

    String token = "";
    do {
      ListGrantsResponse page = org.admin.listGrants(ListGrantsRequest.newBuilder()
          .setPageSize(50)
          .setPageToken(token)
          .build());
      List<String> names = names(page);
      seen.addAll(names);
      token = page.getNextPageToken();
      // Between pages, as another admin might: the first and last grant just read go, and a
      // new one comes. Offset paging would skip two grants on every following page.
      org.create();
      for (String name : new LinkedHashSet<>(List.of(names.get(0), names.get(names.size() - 1)))) {
        org.admin.deleteGrant(DeleteGrantRequest.newBuilder().setName(name).build());
        deleted.add(name);
      }
      seqs.putAll(seqsByName(org));
    } while (!token.isEmpty());

    Set<String> throughout = new HashSet<>(existing);
    throughout.removeAll(deleted);
    assertThat(deleted).hasSizeGreaterThanOrEqualTo(2 * 1_200 / 50);
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).containsAll(throughout);
    assertThat(seen.stream().map(seqs::get).toList()).isSorted();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void defaultPageIsFiftyAndTheLastPageHasNoToken(Store store) {
    AdminFixture org = servers.seeded(store);
    bulkInsert(org, 120);

    ListGrantsResponse first = list(org, ListGrantsRequest.newBuilder());
    ListGrantsResponse all = list(org, ListGrantsRequest.newBuilder().setPageSize(1000));

    assertThat(first.getGrantsList()).hasSize(50);
    assertThat(first.getNextPageToken()).isNotEmpty();
    assertThat(all.getGrantsList()).hasSize(120);
    assertThat(all.getNextPageToken()).isEmpty();
  }

  /** Every grant of the organisation now, by name, with its place in creation order. */
  private static Map<String, Long> seqsByName(AdminFixture org) {
    Map<String, Long> seqs = new HashMap<>();
    org.dsl().select(API_GRANT.ID, API_GRANT.SEQ)
        .from(API_GRANT)
        .where(API_GRANT.ORG_ID.eq(org.org))
        .forEach(row -> seqs.put("grants/" + row.value1(), row.value2()));
    return seqs;
  }

  private static ListGrantsResponse list(AdminFixture org, ListGrantsRequest.Builder request) {
    return org.admin.listGrants(request.build());
  }

  private static List<String> names(ListGrantsResponse response) {
    return response.getGrantsList().stream().map(Grant::getName).toList();
  }

  /**
   * Inserts {@code count} of alice's grants in one statement: these tests are about listing, and
   * a thousand CreateGrant calls would only make them slow.
   */
  static Set<String> bulkInsert(AdminFixture org, int count) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    var insert = org.dsl().insertInto(API_GRANT, API_GRANT.ID,
        API_GRANT.ORG_ID, API_GRANT.CLIENT_ID, API_GRANT.CLIENT_NAME, API_GRANT.WORKSPACE_ID,
        API_GRANT.USERNAME, API_GRANT.SCOPES, API_GRANT.IP_ALLOWLIST, API_GRANT.EXPIRE_TIME,
        API_GRANT.DISABLED, API_GRANT.SECRET_STATE, API_GRANT.GENERATION, API_GRANT.VERSION,
        API_GRANT.CREATOR, API_GRANT.CREATE_TIME, API_GRANT.UPDATE_TIME);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      names.add("grants/" + id);
      insert = insert.values(id, org.org, UUID.randomUUID(), "bulk " + i, "main", "alice",
          "spreadsheets.read", "", now.plusDays(30), false, "NONE", 0L, 1L, AdminFixture.ADMIN,
          now, now);
    }
    insert.execute();
    return names;
  }
}
