package io.apigrants.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.GrantFilter;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListGrantsRequest;
import io.apigrants.v1.ListGrantsResponse;
import io.apigrants.v1.ListScopesRequest;
import io.grpc.health.v1.HealthCheckRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.junit.jupiter.api.Test;

/**
 * ListGrants over 100,000 grants of one organisation on PostgreSQL (plus another organisation's
 * 20,000, and a secret for every grant): the exact page query is index-backed on the first page
 * and on deep pages alike, with each filter.
 *
 * <p>It asserts plans, never timings: a latency bound loose enough not to flake on a shared
 * machine would prove nothing. It writes each plan as {@code EXPLAIN (ANALYZE, BUFFERS)}, with
 * its execution time, and the RPC timings to {@code target/list-grants-plans.txt} for the issue
 * note. Rerun alone with {@code ./mvnw -B -ntp -o -pl server -am verify
 * -Dtest=ListGrantsPlanTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ListGrantsPlanTest {
  private static final String ORG = "big-org";
  private static final int GRANTS = 100_000;
  private static final Path REPORT = Path.of("target", "list-grants-plans.txt");

  @Test
  void pageQueryIsIndexBackedOnAHundredThousandGrants() throws IOException {
    try (TestServer server = TestServer.postgres()) {
      DSLContext dsl = server.server().database().dsl();
      long seedStart = System.nanoTime();
      seed(dsl);
      long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
      long deepSeq = dsl.fetchSingle("select seq from api_grant where org_id = ? "
          + "order by seq offset 90000 limit 1", ORG).get(0, Long.class);
      StringBuilder report = new StringBuilder("PostgreSQL "
          + dsl.fetchSingle("show server_version").get(0, String.class) + "; seeded "
          + GRANTS + " grants of " + ORG + " (+ " + GRANTS / 5 + " of another org, a secret each)"
          + " in " + seedMillis + " ms\n\n");

      String first = explain(dsl, report, "first page, no filter (page_size 50)",
          GrantStore.pageQuery(dsl, ORG, GrantFilter.all(), Optional.empty(), 51));
      String deep = explain(dsl, report, "page after the 90,000th grant, no filter",
          GrantStore.pageQuery(dsl, ORG, GrantFilter.all(), Optional.of(deepSeq), 51));
      String byUser = explain(dsl, report, "deep page, username filter",
          GrantStore.pageQuery(dsl, ORG, new GrantFilter(Optional.empty(), Optional.of("u7"),
              Optional.empty()), Optional.of(deepSeq), 51));
      String byWorkspace = explain(dsl, report, "deep page, workspace filter",
          GrantStore.pageQuery(dsl, ORG, new GrantFilter(Optional.of("side"), Optional.empty(),
              Optional.empty()), Optional.of(deepSeq), 51));
      String disabled = explain(dsl, report, "first page, state DISABLED (1 grant in 97)",
          GrantStore.pageQuery(dsl, ORG, byState(true), Optional.empty(), 51));
      String deepDisabled = explain(dsl, report, "deep page, state DISABLED",
          GrantStore.pageQuery(dsl, ORG, byState(true), Optional.of(deepSeq), 51));
      String deepEnabled = explain(dsl, report, "deep page, state ENABLED",
          GrantStore.pageQuery(dsl, ORG, byState(false), Optional.of(deepSeq), 51));
      timeRpcPages(server, report);
      Files.writeString(REPORT, report);
      System.out.println(report);

      List<String> plans =
          List.of(first, deep, byUser, byWorkspace, disabled, deepDisabled, deepEnabled);
      assertThat(first).contains("Index Scan using api_grant_org_seq_ix");
      assertThat(deep).contains("Index Scan using api_grant_org_seq_ix")
          .contains("(seq > " + deepSeq + ")");
      assertThat(byUser).contains("api_grant_org_username_seq_ix");
      assertThat(byWorkspace).contains("api_grant_org_workspace_seq_ix");
      assertThat(disabled).contains("Index Scan using api_grant_org_disabled_seq_ix");
      assertThat(deepDisabled).contains("Index Scan using api_grant_org_disabled_seq_ix")
          .contains("(seq > " + deepSeq + ")");
      assertThat(deepEnabled).contains("Index Scan using");
      for (String plan : plans) {
        assertThat(plan).doesNotContain("Seq Scan", "Sort");
        assertThat(plan).contains("grant_secret_slot_uk");
      }
      assertThat(Files.readString(REPORT).split("Execution Time:", -1)).hasSize(plans.size() + 1);
    }
  }

  private static GrantFilter byState(boolean disabled) {
    return new GrantFilter(Optional.empty(), Optional.empty(), Optional.of(disabled));
  }

  /**
   * 100,000 grants of ORG (every 10th in workspace "side", usernames u0..u99, every 97th
   * disabled) and 20,000 of another organisation, each with a current secret, inserted in bulk
   * and analysed.
   */
  private static void seed(DSLContext dsl) {
    for (String org : List.of(ORG, "other-org")) {
      dsl.execute("insert into workspace values (?, 'main', 'Main', now()), "
          + "(?, 'side', 'Side', now())", org, org);
      dsl.execute("insert into app_user select ?, 'u' || i, 'User ' || i, false, now(), now() "
          + "from generate_series(0, 99) i", org);
    }
    // Interleaved so the other organisation's rows sit between ours in seq order.
    dsl.execute("insert into api_grant (id, org_id, client_id, client_name, workspace_id, "
        + "username, scopes, ip_allowlist, expire_time, disabled, secret_state, generation, "
        + "version, creator, create_time, update_time) "
        + "select gen_random_uuid(), case when i % 6 = 0 then 'other-org' else ? end, "
        + "gen_random_uuid(), 'grant ' || i, case when i % 10 = 0 then 'side' else 'main' end, "
        + "'u' || (i % 100), 'spreadsheets.read', '', now() + interval '30 days', i % 97 = 0, "
        + "'ACTIVE', 0, 1, 'root', now(), now() from generate_series(1, ?) i",
        ORG, GRANTS * 6 / 5);
    dsl.execute("insert into grant_secret select md5(id::text), id, 0, 'k1', 'abcd1234', now(), "
        + "null from api_grant");
    dsl.execute("analyze");
    assertThat(dsl.fetchCount(dsl.selectFrom("api_grant").where("org_id = ?", ORG)))
        .isEqualTo(GRANTS);
  }

  private static String explain(DSLContext dsl, StringBuilder report, String title,
      ResultQuery<?> query) {
    String sql = dsl.renderInlined(query);
    // A first run warms the buffers, as a serving database would be.
    dsl.fetch("explain (analyze, buffers) " + sql);
    String plan = String.join("\n", dsl.fetch("explain (analyze, buffers) " + sql)
        .getValues(0, String.class));
    report.append("== ").append(title).append("\n").append(sql).append("\n\n")
        .append(plan).append("\n\n");
    return plan;
  }

  private static String latency(String what, Runnable call) {
    for (int i = 0; i < 10; i++) {
      call.run();
    }
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long start = System.nanoTime();
      call.run();
      micros.add((System.nanoTime() - start) / 1000);
    }
    List<Long> sorted = micros.stream().sorted().toList();
    return what + ": " + sorted.get(15) + " / " + sorted.get(27) + "\n";
  }

  /**
   * Times the real RPC against baselines, then walks all 100,000 grants at page_size 1000;
   * every grant must be seen once.
   */
  private static void timeRpcPages(TestServer server, StringBuilder report) {
    GrantAdminGrpc.GrantAdminBlockingStub admin = GrantAdminGrpc.newBlockingStub(
            server.channel())
        .withCallCredentials(TestServer.bearer(
            server.tokens().mint("root", ORG, Roles.ORG_SECURITY_ADMIN)))
        .withDeadlineAfter(120, TimeUnit.SECONDS);
    report.append("== RPC latency, 30 calls each after 10 warm-up calls, median / p90 (µs)\n");
    report.append(latency("health Check (no token, no database)",
        () -> server.health().check(HealthCheckRequest.getDefaultInstance())));
    report.append(latency("ListScopes (token, no database)",
        () -> admin.listScopes(ListScopesRequest.getDefaultInstance())));
    report.append(latency("ListGrants first page of 50",
        () -> admin.listGrants(ListGrantsRequest.getDefaultInstance())));
    report.append(latency("ListGrants first page of 50, state DISABLED",
        () -> admin.listGrants(ListGrantsRequest.newBuilder()
            .setState(Grant.State.DISABLED).build())));
    // One walk over every grant at page_size 1000: times each page, checks each grant is seen
    // once, and keeps the token after the 90,000th grant for the deep-page timing below.
    Set<String> seen = new HashSet<>();
    List<Long> pageMicros = new ArrayList<>();
    String deepToken = "";
    String token = "";
    do {
      long start = System.nanoTime();
      ListGrantsResponse page = admin.listGrants(ListGrantsRequest.newBuilder()
          .setPageSize(1000)
          .setPageToken(token)
          .build());
      pageMicros.add((System.nanoTime() - start) / 1000);
      page.getGrantsList().forEach(grant -> seen.add(grant.getName()));
      token = page.getNextPageToken();
      if (pageMicros.size() == 90) {
        deepToken = token;
      }
    } while (!token.isEmpty());
    String afterNinetyThousand = deepToken;
    report.append(latency("ListGrants page of 50 after the 90,000th grant",
        () -> admin.listGrants(ListGrantsRequest.newBuilder()
            .setPageToken(afterNinetyThousand).build())));
    report.append("== RPC ListGrants, page_size 1000 over all grants: ")
        .append(pageMicros.size()).append(" pages; first ").append(pageMicros.get(0) / 1000)
        .append(" ms, last ").append(pageMicros.get(pageMicros.size() - 1) / 1000)
        .append(" ms, median ").append(pageMicros.stream().sorted().toList()
            .get(pageMicros.size() / 2) / 1000).append(" ms\n");
    assertThat(seen).hasSize(GRANTS);
  }
}
