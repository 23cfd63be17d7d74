package io.apigrants.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.apigrants.client.testing.ScriptedServer;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * grantctl's own behaviour (flags, environment, output and exit codes) against a scripted
 * server that records exactly what grantctl sent.
 */
@Timeout(60)
class GrantCtlScriptedTest {
  private static final String GRANT_ID = "0b5c6d4e-7f80-4a1b-9c2d-3e4f5a6b7c8d";
  private static final String GRANT = "grants/" + GRANT_ID;

  private final ScriptedServer server = ScriptedServer.start();
  private final GrantCtlRunner grantctl = GrantCtlRunner.against(server.target())
      .withEnvironment("APIGRANTS_TOKEN", "env-token");

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void targetAndTokenComeFromTheEnvironment() {
    GrantCtlRunner.Result result = grantctl.run("grants", "get", GRANT);

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(server.authorizations()).containsExactly("Bearer env-token");
  }

  @Test
  void flagsWinOverTheEnvironment() {
    GrantCtlRunner runner = GrantCtlRunner.against("localhost:1")
        .withEnvironment("APIGRANTS_TOKEN", "env-token");

    GrantCtlRunner.Result result = runner.run("grants", "get", GRANT,
        "--target", server.target(), "--token", "flag-token");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(server.authorizations()).containsExactly("Bearer flag-token");
  }

  @Test
  void createSplitsTheCommaSeparatedListsAndQuietPrintsOnlyTheName() {
    GrantCtlRunner.Result result = grantctl.run("grants", "create",
        "--client-name", "Budget sync", "--workspace", "finance", "--username", "bob",
        "--scope", "spreadsheets.read, spreadsheets.write", "--scope", "mail.send",
        "--expire-time", "2031-01-31T17:00:00Z",
        "--ip-allowlist", " 10.0.0.0/8 ,192.168.1.7,", "--request-id", "req-1", "--quiet");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.outLines()).containsExactly("grants/00000000-0000-4000-8000-000000000001");
    CreateGrantRequest sent = server.requests("CreateGrant", CreateGrantRequest.class).get(0);
    assertThat(sent.getGrant().getScopesList())
        .containsExactly("spreadsheets.read", "spreadsheets.write", "mail.send");
    assertThat(sent.getGrant().getIpAllowlistList()).containsExactly("10.0.0.0/8", "192.168.1.7");
    assertThat(sent.getGrant().getExpireTime().getSeconds()).isEqualTo(Instant.parse("2031-01-31T17:00:00Z").getEpochSecond());
    assertThat(sent.getRequestId()).isEqualTo("req-1");
  }

  @Test
  void updateMasksOnlyTheFlagsGivenAndSendsTheEtagItRead() {
    GrantCtlRunner.Result result = grantctl.run("grants", "update", GRANT_ID,
        "--client-name", "New name", "--ip-allowlist", "10.0.0.0/8, 192.168.1.7");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(server.calls("GetGrant")).isEqualTo(1);
    UpdateGrantRequest sent = server.requests("UpdateGrant", UpdateGrantRequest.class).get(0);
    assertThat(sent.getUpdateMask().getPathsList()).containsExactly("client_name", "ip_allowlist");
    assertThat(sent.getGrant().getName()).isEqualTo(GRANT);
    assertThat(sent.getGrant().getClientName()).isEqualTo("New name");
    assertThat(sent.getGrant().getIpAllowlistList()).containsExactly("10.0.0.0/8", "192.168.1.7");
    assertThat(sent.getGrant().getEtag()).isEqualTo(ScriptedServer.ETAG);
  }

  @Test
  void updateWithAnEtagSendsItWithoutReadingFirst() {
    GrantCtlRunner.Result result = grantctl.run("grants", "update", GRANT,
        "--username", "carol", "--etag", "\"v3\"");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(server.calls("GetGrant")).isZero();
    UpdateGrantRequest sent = server.requests("UpdateGrant", UpdateGrantRequest.class).get(0);
    assertThat(sent.getUpdateMask().getPathsList()).containsExactly("username");
    assertThat(sent.getGrant().getEtag()).isEqualTo("\"v3\"");
  }

  @Test
  void quietRegenerateLeavesOnlyTheSecretOnStdout() {
    GrantCtlRunner.Result result = grantctl.run("my", "regenerate", GRANT, "--quiet");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.out()).isEqualTo("wk_secret:scripted" + System.lineSeparator());
    assertThat(result.errLines()).singleElement().asString().startsWith("warning: ");
  }

  @Test
  void regenerateShowsTheSecretOnceOnItsOwnLine() {
    GrantCtlRunner.Result result = grantctl.run("my", "regenerate", GRANT);

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.outLines()).filteredOn(line -> line.contains("wk_secret:"))
        .containsExactly("wk_secret:scripted");
    assertThat(result.field("name")).isEqualTo(GRANT);
    assertThat(result.errLines()).singleElement().asString().startsWith("warning: ");
  }

  @Test
  void verifyReadsTheSecretFromStdin() {
    server.answerVerify(VerifySecretResponse.newBuilder()
        .setActive(true)
        .setGrant(GRANT)
        .setUsername("bob")
        .addScopes("spreadsheets.read")
        .build());

    GrantCtlRunner.Result result = grantctl.runWithStdin("wk_secret:from-stdin\n",
        "verify", "--client-ip", "10.1.2.3", "--scope", "spreadsheets.read");

    assertThat(result.exitCode()).as("%s", result).isZero();
    VerifySecretRequest sent = server.requests("VerifySecret", VerifySecretRequest.class).get(0);
    assertThat(sent.getSecret()).isEqualTo("wk_secret:from-stdin");
    assertThat(sent.getClientIp()).isEqualTo("10.1.2.3");
    assertThat(sent.getRequiredScopesList()).containsExactly("spreadsheets.read");
    assertThat(result.field("active")).isEqualTo("true");
    assertThat(result.field("username")).isEqualTo("bob");
  }

  @Test
  void issuedAccessTokenAloneOnStdoutWithQuiet() {
    GrantCtlRunner.Result result = grantctl.runWithStdin("wk_secret:from-stdin\n", "tokens",
        "issue", "--client-id", "6f1c0d2e-0000-4000-8000-000000000001", "--scope",
        "spreadsheets.read", "--quiet");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.outLines()).containsExactly("scripted.access.token");
    IssueAccessTokenRequest sent =
        server.requests("IssueAccessToken", IssueAccessTokenRequest.class).get(0);
    assertThat(sent.getClientSecret()).isEqualTo("wk_secret:from-stdin");
    assertThat(sent.getScopesList()).containsExactly("spreadsheets.read");
  }

  @Test
  void watchPrintsOneLinePerEventAndStopsAtTheLimit() throws Exception {
    GrantCtlRunner.Result limited = grantctl.run("events", "watch", "--limit", "2");
    GrantCtlRunner.Result json = grantctl.run("events", "watch", "--after", "1", "--json");

    assertThat(limited.exitCode()).as("%s", limited).isZero();
    assertThat(limited.outLines()).hasSize(2);
    assertThat(limited.outLines().get(0)).startsWith("1  ").contains("UPDATED", "bob");
    assertThat(json.exitCode()).as("%s", json).isZero();
    assertThat(json.outLines()).hasSize((int) ScriptedServer.EVENTS - 1);
    GrantEvent.Builder first = GrantEvent.newBuilder();
    JsonFormat.parser().merge(json.outLines().get(0), first);
    assertThat(first.getSequence()).isEqualTo(2);
  }

  @Test
  void jsonIsProto3JsonOfTheResponse() throws Exception {
    GrantCtlRunner.Result result = grantctl.run("grants", "get", GRANT, "--json");

    assertThat(result.exitCode()).as("%s", result).isZero();
    Grant.Builder parsed = Grant.newBuilder();
    JsonFormat.parser().merge(result.out(), parsed);
    assertThat(parsed.getName()).isEqualTo(GRANT);
    assertThat(parsed.getEtag()).isEqualTo(ScriptedServer.ETAG);
    assertThat(result.out()).contains("\"clientName\": \"\"");
  }

  @Test
  void invalidArgumentPrintsTheStatusAndEachFieldViolation() {
    server.failNext("GetGrant", StatusProto.toStatusRuntimeException(com.google.rpc.Status
        .newBuilder()
        .setCode(Code.INVALID_ARGUMENT.getNumber())
        .setMessage("the request has invalid fields")
        .addDetails(Any.pack(BadRequest.newBuilder()
            .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                .setField("name").setDescription("must look like grants/{grant_id}"))
            .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                .setField("etag").setDescription("too long"))
            .build()))
        .build()));

    GrantCtlRunner.Result result = grantctl.run("grants", "get", GRANT);

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).hasSize(3);
    assertThat(result.errLines().get(0)).startsWith("error: INVALID_ARGUMENT");
    assertThat(result.errLines().subList(1, 3)).satisfiesExactly(
        line -> assertThat(line).startsWith("  name: "),
        line -> assertThat(line).startsWith("  etag: "));
  }

  @Test
  void stackTraceAppearsOnlyWithVerbose() {
    server.failNext("GetGrant", Status.NOT_FOUND, 2);

    GrantCtlRunner.Result plain = grantctl.run("grants", "get", GRANT);
    GrantCtlRunner.Result verbose = grantctl.run("grants", "get", GRANT, "--verbose");

    assertThat(plain.exitCode()).isEqualTo(2);
    assertThat(plain.errLines()).singleElement().asString().startsWith("error: NOT_FOUND");
    assertThat(verbose.exitCode()).isEqualTo(2);
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void serverThatDoesNotAnswerInTimeIsUnreachable() {
    server.hangNext("GetGrant", 1);

    GrantCtlRunner.Result result = grantctl.run("grants", "get", GRANT, "--deadline", "300ms");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(3);
    assertThat(result.errLines()).first().asString().startsWith("error: DEADLINE_EXCEEDED");
  }

  @Test
  void serverThatIsDownIsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    GrantCtlRunner.Result result = grantctl.run("grants", "list",
        "--target", "localhost:" + closedPort);

    assertThat(result.exitCode()).as("%s", result).isEqualTo(3);
    assertThat(result.errLines()).singleElement().asString().startsWith("error: UNAVAILABLE");
  }

  @Test
  void serverRefusalIsRejection() {
    server.failNext("GetGrant", Status.PERMISSION_DENIED, 1);

    GrantCtlRunner.Result result = grantctl.run("grants", "get", GRANT);

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errLines()).singleElement().asString()
        .startsWith("error: PERMISSION_DENIED");
  }
}
