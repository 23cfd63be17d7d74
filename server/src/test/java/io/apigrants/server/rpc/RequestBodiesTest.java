package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.LogCapture;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListMyGrantsResponse;
import io.apigrants.v1.ListWorkspacesRequest;
import io.apigrants.v1.ListWorkspacesResponse;
import io.apigrants.v1.UserSecurityGrpc;
import io.apigrants.v1.Workspace;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GrantAdmin and UserSecurity answer request bodies the generated parser refuses (not protobuf
 * at all, or a string field that is not UTF-8) with INVALID_ARGUMENT, and log no error for them.
 * TokenVerification's lenient reading is VerifySecretTest's subject.
 */
class RequestBodiesTest {
  private static final List<byte[]> GARBAGE = List.of(
      new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
          (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
      new byte[] {0x0a, 0x10, 'g', 'r'},
      new byte[] {0x0f, 0x00},
      "GET / HTTP/1.1\r\n\r\n".getBytes());

  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void bodiesThatAreNotProtobufAreInvalidArguments(Store store) {
    AdminFixture org = servers.seeded(store);
    List<StatusRuntimeException> failures = new ArrayList<>();
    List<String> errors;

    try (LogCapture logs = LogCapture.atConfiguredLevels()) {
      for (byte[] body : GARBAGE) {
        failures.add(failureOf(() -> getGrantRaw(org, body)));
        failures.add(failureOf(() -> listMyGrantsRaw(org, body)));
      }
      errors = logs.messagesAt(Level.ERROR);
    }

    assertThat(failures).hasSize(2 * GARBAGE.size()).allSatisfy(failure ->
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(errors).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void stringThatIsNotUtf8IsRefusedAndNothingIsWritten(Store store) throws IOException {
    AdminFixture org = servers.seeded(store);
    byte[] workspace = workspaceBytes(new byte[] {'f', 'i', 'n', (byte) 0xff});

    StatusRuntimeException failure = failureOf(() -> RawRequests.call(org.server.channel(),
        GrantAdminGrpc.getCreateWorkspaceMethod(), Workspace.getDefaultInstance(),
        TestServer.bearer(adminToken(org)), workspace));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    ListWorkspacesResponse workspaces =
        org.admin.listWorkspaces(ListWorkspacesRequest.getDefaultInstance());
    assertThat(workspaces.getWorkspacesList()).extracting(Workspace::getId)
        .containsExactly("main");
  }

  private static Grant getGrantRaw(AdminFixture org, byte[] body) {
    return RawRequests.call(org.server.channel(), GrantAdminGrpc.getGetGrantMethod(),
        Grant.getDefaultInstance(), TestServer.bearer(adminToken(org)), body);
  }

  private static ListMyGrantsResponse listMyGrantsRaw(AdminFixture org, byte[] body) {
    return RawRequests.call(org.server.channel(), UserSecurityGrpc.getListMyGrantsMethod(),
        ListMyGrantsResponse.getDefaultInstance(),
        TestServer.bearer(org.server.tokens().mint("alice", org.org)), body);
  }

  private static String adminToken(AdminFixture org) {
    return org.server.tokens().mint(AdminFixture.ADMIN, org.org, Roles.ORG_SECURITY_ADMIN);
  }

  /** A CreateWorkspaceRequest whose workspace id is {@code id}, bytes as given. */
  private static byte[] workspaceBytes(byte[] id) throws IOException {
    ByteArrayOutputStream workspace = new ByteArrayOutputStream();
    CodedOutputStream fields = CodedOutputStream.newInstance(workspace);
    fields.writeBytes(Workspace.ID_FIELD_NUMBER, ByteString.copyFrom(id));
    fields.writeString(Workspace.DISPLAY_NAME_FIELD_NUMBER, "Finance");
    fields.flush();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(request);
    out.writeBytes(CreateWorkspaceRequest.WORKSPACE_FIELD_NUMBER,
        ByteString.copyFrom(workspace.toByteArray()));
    out.flush();
    return request.toByteArray();
  }
}
