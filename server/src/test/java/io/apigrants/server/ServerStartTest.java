package io.apigrants.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListScopesRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A real Netty server on each store: health, reflection and the token gate in front. */
class ServerStartTest {

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void healthAnswersServingWithoutAToken(TestServer.Store store) {
    try (TestServer server = TestServer.start(store, Clock.systemUTC())) {
      ServingStatus overall = server.health()
          .check(HealthCheckRequest.getDefaultInstance()).getStatus();
      ServingStatus verification = server.health()
          .check(HealthCheckRequest.newBuilder()
              .setService("apigrants.v1.TokenVerification").build())
          .getStatus();

      assertThat(overall).isEqualTo(ServingStatus.SERVING);
      assertThat(verification).isEqualTo(ServingStatus.SERVING);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void reflectionListsTheThreeServices(TestServer.Store store) throws Exception {
    try (TestServer server = TestServer.start(store, Clock.systemUTC())) {
      CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
      StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc
          .newStub(server.channel())
          .serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse response) {
              answer.complete(response);
            }

            @Override
            public void onError(Throwable t) {
              answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
          });

      requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
      List<String> services = answer.get(30, TimeUnit.SECONDS).getListServicesResponse()
          .getServiceList().stream().map(ServiceResponse::getName).toList();
      requests.onCompleted();

      assertThat(services).contains("apigrants.v1.GrantAdmin", "apigrants.v1.UserSecurity",
          "apigrants.v1.TokenVerification", "grpc.health.v1.Health");
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void servicesNeedATokenAndTheRole(TestServer.Store store) {
    try (TestServer server = TestServer.start(store, Clock.systemUTC())) {
      GrantAdminGrpc.GrantAdminBlockingStub anonymous =
          GrantAdminGrpc.newBlockingStub(server.channel());
      GrantAdminGrpc.GrantAdminBlockingStub verifier = GrantAdminGrpc
          .newBlockingStub(server.channel())
          .withCallCredentials(TestServer.bearer(
              server.tokens().mint("svc", "acme", Roles.TOKEN_VERIFIER)));

      assertThatThrownBy(() -> anonymous.listScopes(ListScopesRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      assertThatThrownBy(() -> verifier.listScopes(ListScopesRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void closedServerRefusesNewCalls(TestServer.Store store) {
    try (TestServer server = TestServer.start(store, Clock.systemUTC())) {
      server.server().close();

      assertThatThrownBy(() -> server.health().check(HealthCheckRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }
}
