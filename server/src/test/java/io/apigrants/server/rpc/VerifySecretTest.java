package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.LogCapture;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestServer.Store.class)
class VerifySecretTest {
  private static SecretScenario scenario;

  @Parameter
  TestServer.Store store;

  private final String org = GrantRows.newOrg();
  private LogCapture logs;

  @BeforeParameterizedClassInvocation
  static void startServer(TestServer.Store store) {
    scenario = SecretScenario.start(store);
  }

  @AfterParameterizedClassInvocation
  static void stopServer() {
    scenario.close();
  }

  /** Hostile input must be answered, never end as a server error: tests check what was logged. */
  @BeforeEach
  void captureLogs() {
    logs = LogCapture.start();
  }

  @AfterEach
  void stopCapturingLogs() {
    logs.close();
  }

  @Test
  void addressOutsideTheAllowlistIsNotAllowed() {
    UUID grantId = scenario.rows().grant(org, "alice").ipAllowlist("10.0.0.0/8").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    VerifySecretResponse response = scenario.verify(org, secret, "192.168.1.1");

    assertThat(response.getActive()).isFalse();
    assertThat(response.getReason()).isEqualTo(InactiveReason.IP_NOT_ALLOWED);
    assertThat(response.getGrant()).isEmpty();
  }

  @Test
  void ipv6AllowlistMatchesIpv6Clients() {
    UUID grantId = scenario.rows().grant(org, "alice").ipAllowlist("2001:db8::/32").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    VerifySecretResponse inside = scenario.verify(org, secret, "2001:DB8:0::1");
    VerifySecretResponse outside = scenario.verify(org, secret, "2001:db9::1");

    assertThat(inside.getActive()).isTrue();
    assertThat(outside.getReason()).isEqualTo(InactiveReason.IP_NOT_ALLOWED);
  }

  @Test
  void ipv4MappedClientMatchesAnIpv4Allowlist() {
    UUID grantId = scenario.rows().grant(org, "alice").ipAllowlist("203.0.113.7").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    VerifySecretResponse response = scenario.verify(org, secret, "::ffff:203.0.113.7");

    assertThat(response.getActive()).isTrue();
  }

  @Test
  void missingScopeIsReported() {
    UUID grantId = scenario.rows().grant(org, "alice").scopes("spreadsheets.read").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    VerifySecretResponse response =
        scenario.verify(org, secret, "10.0.0.1", "spreadsheets.read", "spreadsheets.write");

    assertThat(response.getActive()).isFalse();
    assertThat(response.getReason()).isEqualTo(InactiveReason.MISSING_SCOPE);
  }

  @Test
  void disabledGrantDoesNotVerifyUntilEnabledAgain() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    scenario.rows().setGrantDisabled(grantId, true);

    VerifySecretResponse whileDisabled = scenario.verify(org, secret, "10.0.0.1");
    scenario.rows().setGrantDisabled(grantId, false);

    assertThat(whileDisabled.getReason()).isEqualTo(InactiveReason.GRANT_DISABLED);
    assertThat(scenario.verify(org, secret, "10.0.0.1").getActive()).isTrue();
  }

  @Test
  void disabledUserDoesNotVerifyAndReEnablingDoesNotResurrectAReplacedSecret() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String replaced = scenario.regenerate(org, "alice", grantId).getSecret();
    String current = scenario.regenerate(org, "alice", grantId).getSecret();
    scenario.rows().setUserDisabled(org, "alice", true);

    VerifySecretResponse whileDisabled = scenario.verify(org, current, "10.0.0.1");
    scenario.rows().setUserDisabled(org, "alice", false);

    assertThat(whileDisabled.getReason()).isEqualTo(InactiveReason.USER_DISABLED);
    assertThat(scenario.verify(org, replaced, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
    assertThat(scenario.verify(org, current, "10.0.0.1").getActive()).isTrue();
  }

  @Test
  void expiryPassingStopsTheSecret() {
    Instant expiry = scenario.clock().instant().plus(Duration.ofMinutes(30));
    UUID grantId = scenario.rows().grant(org, "alice").expireTime(expiry).insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    boolean activeBefore = scenario.verify(org, secret, "10.0.0.1").getActive();

    scenario.clock().advance(Duration.ofMinutes(30));

    assertThat(activeBefore).isTrue();
    assertThat(scenario.verify(org, secret, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.EXPIRED);
  }

  @Test
  void deletedGrantIsUnknown() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    scenario.rows().deleteGrant(grantId);

    assertThat(scenario.verify(org, secret, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
  }

  @Test
  void checksRunInTheirFixedOrder() {
    Instant expiry = scenario.clock().instant().plus(Duration.ofMinutes(30));
    UUID grantId = scenario.rows().grant(org, "alice")
        .ipAllowlist("10.0.0.0/8")
        .expireTime(expiry)
        .insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    scenario.rows().setGrantDisabled(grantId, true);
    scenario.rows().setUserDisabled(org, "alice", true);
    scenario.clock().advance(Duration.ofMinutes(30));

    InactiveReason allWrong = reasonFromOutsideForAMissingScope(secret);
    scenario.rows().setGrantDisabled(grantId, false);
    InactiveReason grantFixed = reasonFromOutsideForAMissingScope(secret);
    scenario.rows().setUserDisabled(org, "alice", false);
    InactiveReason userFixed = reasonFromOutsideForAMissingScope(secret);
    scenario.clock().advance(Duration.ofMinutes(-30));
    InactiveReason expiryFixed = reasonFromOutsideForAMissingScope(secret);
    InactiveReason addressFixed =
        scenario.verify(org, secret, "10.0.0.1", "calendar.write").getReason();

    assertThat(List.of(allWrong, grantFixed, userFixed, expiryFixed, addressFixed))
        .containsExactly(InactiveReason.GRANT_DISABLED, InactiveReason.USER_DISABLED,
            InactiveReason.EXPIRED, InactiveReason.IP_NOT_ALLOWED, InactiveReason.MISSING_SCOPE);
  }

  @Test
  void secretOfAnotherOrganisationIsUnknownToItsVerifiers() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();

    VerifySecretResponse response = scenario.verify(GrantRows.newOrg(), secret, "10.0.0.1");

    assertThat(response.getActive()).isFalse();
    assertThat(response.getReason()).isEqualTo(InactiveReason.UNKNOWN);
  }

  @Test
  void wellFormedSecretNeverIssuedIsUnknown() {
    String secret = new io.apigrants.server.secret.SecretFormat("wk_secret:").generate().text();

    VerifySecretResponse response = scenario.verify(org, secret, "10.0.0.1");

    assertThat(response.getReason()).isEqualTo(InactiveReason.UNKNOWN);
  }

  @Test
  void mistypedSecretIsMalformed() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    char last = secret.charAt(secret.length() - 1);
    String mistyped = secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');

    assertThat(scenario.verify(org, mistyped, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.MALFORMED);
    assertThat(scenario.verify(org, secret.substring(0, secret.length() - 1), "10.0.0.1")
        .getReason()).isEqualTo(InactiveReason.MALFORMED);
  }

  @Test
  void hostileSecretsAreMalformedAnswers() {
    List<String> hostile = List.of("", "wk_secret:", "A".repeat(1 << 20),
        "wk_secret:" + "A".repeat(1 << 20), "' OR '1'='1", "wk_secret:'; drop table api_grant; --",
        "wk_secret:\u0000\u0000", "wk_secret:" + "\uD83D\uDD11".repeat(23) + "Zz",
        "wk_secret:" + "\u202E".repeat(47), "\uFEFFwk_secret:" + "A".repeat(46));

    List<VerifySecretResponse> responses = hostile.stream()
        .map(secret -> scenario.verify(org, secret, "10.0.0.1"))
        .toList();

    assertThat(responses).allSatisfy(response -> {
      assertThat(response.getActive()).isFalse();
      assertThat(response.getReason()).isEqualTo(InactiveReason.MALFORMED);
    });
    assertNoErrorOrStackTraceLogged();
  }

  @Test
  void secretBytesThatAreNotUtf8AreMalformed() {
    byte[] request = requestBytes(new byte[] {'w', 'k', '_', (byte) 0xff, (byte) 0xfe, (byte) 0xc0,
        (byte) 0x80, (byte) 0xed, (byte) 0xa0, (byte) 0x80}, "10.0.0.1".getBytes());

    VerifySecretResponse response = verifyRaw(request);

    assertThat(response.getActive()).isFalse();
    assertThat(response.getReason()).isEqualTo(InactiveReason.MALFORMED);
    assertNoErrorOrStackTraceLogged();
  }

  @Test
  void clientIpBytesThatAreNotUtf8AreInvalid() {
    byte[] request = requestBytes("wk_secret:x".getBytes(), new byte[] {'1', '0', (byte) 0xff});

    StatusRuntimeException failure = failureOf(() -> verifyRaw(request));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly("client_ip");
    assertNoErrorOrStackTraceLogged();
  }

  @Test
  void clientIpThatIsNotAnAddressIsInvalid() {
    List<String> notAddresses = List.of("", "localhost", "example.com", "10.0.0.256",
        "10.0.0.1; drop table api_grant", "::1%eth0", "[::1]", "10.0.0.1/8", "x".repeat(100_000));

    List<StatusRuntimeException> failures = notAddresses.stream()
        .map(ip -> failureOf(() -> scenario.verify(org, "wk_secret:x", ip)))
        .toList();

    assertThat(failures).allSatisfy(failure -> {
      assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(badRequestFields(failure)).containsExactly("client_ip");
    });
    assertNoErrorOrStackTraceLogged();
  }

  @Test
  void requestBodiesThatAreNotProtobufAreInvalid() {
    List<byte[]> garbage = List.of(
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        new byte[] {0x0a, 0x10, 'w', 'k'},
        new byte[] {0x0f, 0x00},
        "GET / HTTP/1.1\r\n\r\n".getBytes());

    List<StatusRuntimeException> failures = garbage.stream()
        .map(body -> failureOf(() -> verifyRaw(body)))
        .toList();

    assertThat(failures).allSatisfy(failure ->
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertNoErrorOrStackTraceLogged();
  }

  @Test
  void badRequiredScopesAreNamedWithTheBadIp() {
    VerifySecretRequest request = VerifySecretRequest.newBuilder()
        .setSecret("wk_secret:x")
        .setClientIp("not-an-ip")
        .addRequiredScopes("spreadsheets.read")
        .addRequiredScopes("")
        .addRequiredScopes("spreadsheets read")
        .build();

    StatusRuntimeException failure =
        failureOf(() -> scenario.server().verifier(org).verifySecret(request));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure))
        .containsExactly("client_ip", "required_scopes[1]", "required_scopes[2]");
    assertNoErrorOrStackTraceLogged();
  }

  @Test
  void callerWithoutTheVerifierRoleIsDenied() {
    var plainUser = TokenVerificationGrpc.newBlockingStub(scenario.server().channel())
        .withCallCredentials(TestServer.bearer(scenario.server().tokens().mint("alice", org)));

    StatusRuntimeException failure = failureOf(() -> plainUser.verifySecret(
        VerifySecretRequest.newBuilder().setSecret("x").setClientIp("10.0.0.1").build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  private void assertNoErrorOrStackTraceLogged() {
    assertThat(logs.lines()).noneSatisfy(line -> assertThat(line.level()).isEqualTo("ERROR"));
    assertThat(logs.lines()).noneMatch(LogCapture.Line::hasStackTrace);
  }

  private InactiveReason reasonFromOutsideForAMissingScope(String secret) {
    return scenario.verify(org, secret, "192.0.2.1", "calendar.write").getReason();
  }

  /** A VerifySecretRequest on the wire, with raw bytes where strings belong. */
  private static byte[] requestBytes(byte[] secret, byte[] clientIp) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeBytes(VerifySecretRequest.SECRET_FIELD_NUMBER, ByteString.copyFrom(secret));
      out.writeBytes(VerifySecretRequest.CLIENT_IP_FIELD_NUMBER, ByteString.copyFrom(clientIp));
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Calls VerifySecret with a hand-made request body, past the client's UTF-8 checks. */
  private VerifySecretResponse verifyRaw(byte[] request) {
    return RawRequests.call(scenario.server().channel(),
        TokenVerificationGrpc.getVerifySecretMethod(), VerifySecretResponse.getDefaultInstance(),
        TestServer.bearer(scenario.server().tokens().mint("svc-gateway", org,
            Roles.TOKEN_VERIFIER)), request);
  }
}
