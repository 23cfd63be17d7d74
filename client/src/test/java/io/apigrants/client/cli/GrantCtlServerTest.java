package io.apigrants.client.cli;

import static io.apigrants.client.cli.TableAssertions.assertAlignedTable;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.apigrants.client.testing.Grants;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.Grant;
import io.apigrants.v1.ListGrantsResponse;
import io.apigrants.v1.ListScopesResponse;
import io.apigrants.v1.ListWorkspacesResponse;
import io.apigrants.v1.VerifySecretResponse;
import io.apigrants.v1.Workspace;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * grantctl against a real server: what admins, users and verifying services see. Each test works
 * in an organisation of its own, so tests share the server but nothing else.
 */
class GrantCtlServerTest {
  private static final String[] GRANT_HEADERS = {
      "NAME", "CLIENT NAME", "WORKSPACE", "USERNAME", "SCOPES", "EXPIRES", "STATE", "SECRET"};

  private static TestServer server;

  private String org;
  private GrantCtlRunner admin;
  private GrantCtlRunner bob;
  private GrantCtlRunner gateway;

  @BeforeAll
  static void startServer() {
    server = TestServer.h2();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void newOrganisation() {
    org = Grants.uniqueId("org");
    String target = "localhost:" + server.port();
    admin = GrantCtlRunner.against(target).withEnvironment("APIGRANTS_TOKEN",
        server.tokens().mint("alice", org, Roles.ORG_SECURITY_ADMIN));
    bob = GrantCtlRunner.against(target).withEnvironment("APIGRANTS_TOKEN",
        server.tokens().mint("bob", org));
    gateway = GrantCtlRunner.against(target).withEnvironment("APIGRANTS_TOKEN",
        server.tokens().mint("svc-gateway", org, Roles.TOKEN_VERIFIER));
  }

  @Test
  void adminCreatesAndListsGrantsAsTablesAndJson() throws Exception {
    GrantCtlRunner.Result workspace = ok(admin.run(
        "workspaces", "create", "finance", "--display-name", "Finance"));
    ok(admin.run("users", "upsert", "bob", "--display-name", "Bob Jones"));
    List<String> scopes = parse(ok(admin.run("scopes", "list", "--json")),
        ListScopesResponse.getDefaultInstance()).getScopesList().stream().limit(2)
        .map(scope -> scope.getId()).toList();

    String name = ok(admin.run("grants", "create", "--client-name", "Budget sync",
        "--workspace", "finance", "--username", "bob", "--scope", String.join(",", scopes),
        "--expires-in", "30d", "--ip-allowlist", "10.0.0.0/8, 192.168.1.7", "--quiet"))
        .out().strip();
    GrantCtlRunner.Result table = ok(admin.run("grants", "list"));
    ListGrantsResponse json = parse(ok(admin.run("grants", "list", "--json")),
        ListGrantsResponse.getDefaultInstance());
    ListWorkspacesResponse workspaces = parse(ok(admin.run("workspaces", "list", "--json")),
        ListWorkspacesResponse.getDefaultInstance());

    assertThat(assertAlignedTable(workspace.outLines(), "ID", "DISPLAY NAME", "CREATED"))
        .singleElement().satisfies(row -> assertThat(row.subList(0, 2))
            .containsExactly("finance", "Finance"));
    assertThat(workspaces.getWorkspacesList()).extracting(Workspace::getId)
        .containsExactly("finance");
    assertThat(name).startsWith("grants/");
    assertThat(assertAlignedTable(table.outLines(), GRANT_HEADERS)).singleElement()
        .satisfies(row -> {
          assertThat(row.get(0)).isEqualTo(name);
          assertThat(row.get(1)).isEqualTo("Budget sync");
          assertThat(row.get(2)).isEqualTo("finance");
          assertThat(row.get(3)).isEqualTo("bob");
          assertThat(row.get(4)).isEqualTo(String.join(", ", json.getGrants(0).getScopesList()));
          assertThat(row.get(6)).isEqualTo("ENABLED");
          assertThat(row.get(7)).isEqualTo("NONE");
        });
    assertThat(json.getGrantsList()).singleElement().satisfies(grant -> {
      assertThat(grant.getName()).isEqualTo(name);
      assertThat(grant.getScopesList()).containsExactlyInAnyOrderElementsOf(scopes);
      assertThat(grant.getIpAllowlistList()).hasSize(2)
          .anySatisfy(entry -> assertThat(entry).startsWith("10.0.0.0/8"))
          .anySatisfy(entry -> assertThat(entry).startsWith("192.168.1.7"));
    });
  }

  @Test
  void updateChangesOnlyTheFlaggedFieldAndAStaleEtagIsRejected() throws Exception {
    Grant created = Grants.create(server.admin(org, "alice"), "bob");
    Grants.upsertUser(server.admin(org, "alice"), "carol");

    GrantCtlRunner.Result renamed = ok(admin.run(
        "grants", "update", created.getName(), "--client-name", "Renamed"));
    Grant after = parse(ok(admin.run("grants", "get", created.getName(), "--json")),
        Grant.getDefaultInstance());
    GrantCtlRunner.Result stale = admin.run("grants", "update", created.getName(),
        "--username", "carol", "--etag", created.getEtag());

    assertThat(renamed.field("client name")).isEqualTo("Renamed");
    assertThat(after.getClientName()).isEqualTo("Renamed");
    assertThat(after.getUsername()).isEqualTo(created.getUsername());
    assertThat(after.getScopesList()).isEqualTo(created.getScopesList());
    assertThat(after.getExpireTime()).isEqualTo(created.getExpireTime());
    assertThat(after.getEtag()).isNotEqualTo(created.getEtag());
    assertThat(stale.exitCode()).as("%s", stale).isEqualTo(2);
    assertThat(stale.errLines()).first().asString().startsWith("error: ABORTED");
  }

  @Test
  void badInputIsRejectedNamingEachBadField() {
    ok(admin.run("workspaces", "create", "finance", "--display-name", "Finance"));
    ok(admin.run("users", "upsert", "bob"));

    GrantCtlRunner.Result result = admin.run("grants", "create", "--client-name", "",
        "--workspace", "finance", "--username", "bob", "--expire-time", "2001-01-01",
        "--ip-allowlist", "not-an-address");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errLines().get(0)).startsWith("error: INVALID_ARGUMENT");
    assertThat(result.errLines().subList(1, result.errLines().size()))
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(line -> assertThat(line).matches("  \\S+: .+"));
    assertThat(result.err()).doesNotContain("\tat ");
  }

  @Test
  void disabledAndDeletedGrantsShowTheirState() {
    Grant created = Grants.create(server.admin(org, "alice"), "bob");

    GrantCtlRunner.Result disabled = ok(admin.run("grants", "disable", created.getName()));
    GrantCtlRunner.Result enabled = ok(admin.run("grants", "enable", created.getName()));
    GrantCtlRunner.Result deleted = ok(admin.run("grants", "delete", created.getName()));
    GrantCtlRunner.Result gone = admin.run("grants", "get", created.getName());

    assertThat(disabled.field("state")).isEqualTo("DISABLED");
    assertThat(enabled.field("state")).isEqualTo("ENABLED");
    assertThat(deleted.outLines()).containsExactly("deleted " + created.getName());
    assertThat(gone.exitCode()).as("%s", gone).isEqualTo(2);
    assertThat(gone.errLines()).singleElement().asString().startsWith("error: NOT_FOUND");
  }

  @Test
  void userRegeneratesAndAVerifierChecksTheSecretUntilItIsReportedLeaked() throws Exception {
    Grant created = Grants.create(server.admin(org, "alice"), "bob");
    String scope = created.getScopes(0);

    GrantCtlRunner.Result mine = ok(bob.run("my", "grants"));
    String secret = ok(bob.run("my", "regenerate", created.getName(), "--quiet")).out().strip();
    GrantCtlRunner.Result verified = ok(gateway.runWithStdin(secret + "\n",
        "verify", "--client-ip", "10.1.2.3", "--scope", scope));
    VerifySecretResponse json = parse(ok(gateway.run("verify", "--secret", secret,
        "--client-ip", "10.1.2.3", "--scope", scope, "--json")), VerifySecretResponse.getDefaultInstance());
    ok(gateway.runWithStdin(secret + "\n", "revoke-leaked", "--reporter", "secret-scanner",
        "--location", "https://git.example.com/acme/app"));
    GrantCtlRunner.Result revoked = ok(gateway.run("verify", "--secret", secret,
        "--client-ip", "10.1.2.3", "--scope", scope));

    assertThat(assertAlignedTable(mine.outLines(), GRANT_HEADERS)).singleElement()
        .satisfies(row -> assertThat(row.get(0)).isEqualTo(created.getName()));
    assertThat(secret).startsWith("wk_secret:").doesNotContain("\n");
    assertThat(verified.field("active")).isEqualTo("true");
    assertThat(verified.field("username")).isEqualTo("bob");
    assertThat(verified.field("grant")).isEqualTo(created.getName());
    assertThat(json.getActive()).isTrue();
    assertThat(json.getOrg()).isEqualTo(org);
    assertThat(revoked.field("active")).isEqualTo("false");
    assertThat(revoked.field("reason")).isEqualTo("UNKNOWN");
  }

  @Test
  void adminReadsPolicyAndAuditTrail() {
    Grant created = Grants.create(server.admin(org, "alice"), "bob");

    GrantCtlRunner.Result before = ok(admin.run("policy", "get"));
    GrantCtlRunner.Result set = ok(admin.run("policy", "set", "--max-grant-lifetime", "400d"));
    GrantCtlRunner.Result audit = ok(admin.run("audit", "list", "--resource", created.getName()));

    assertThat(before.field("etag")).isNotEqualTo("-");
    assertThat(set.field("max grant lifetime")).isEqualTo("400d");
    assertThat(set.field("etag")).isNotEqualTo(before.field("etag"));
    assertThat(assertAlignedTable(audit.outLines(), "TIME", "ACTOR", "ACTION", "TARGET",
        "CHANGES")).isNotEmpty().allSatisfy(row -> {
          assertThat(row.get(1)).isEqualTo("alice");
          assertThat(row.get(3)).isEqualTo(created.getName());
        });
  }

  @Test
  void callerWithoutTheRoleIsRejected() {
    GrantCtlRunner.Result result = bob.run("grants", "list");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errLines()).singleElement().asString()
        .startsWith("error: PERMISSION_DENIED");
  }

  @Test
  void untrustedTokenIsRejected() {
    GrantCtlRunner.Result result = admin.run("grants", "list", "--token", "not.a.jwt");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errLines()).singleElement().asString()
        .startsWith("error: UNAUTHENTICATED");
  }

  private static GrantCtlRunner.Result ok(GrantCtlRunner.Result result) {
    assertThat(result.exitCode()).as("%s", result).isZero();
    return result;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Message> T parse(GrantCtlRunner.Result result, T prototype)
      throws Exception {
    Message.Builder builder = prototype.newBuilderForType();
    JsonFormat.parser().merge(result.out(), builder);
    return (T) builder.build();
  }
}
