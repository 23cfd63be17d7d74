package io.apigrants.client.testing;

import com.google.protobuf.Message;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RegenerateSecretResponse;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UserSecurityGrpc;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.apigrants.v1.WatchGrantEventsRequest;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real Netty gRPC server whose answers a test scripts: fail the next calls of a method with a
 * status, or leave them unanswered, then answer normally. It counts calls per method and keeps
 * each call's headers, so tests see exactly what a client sent, how often.
 *
 * <p>For behaviour the real server cannot be told to show on cue (an UNAVAILABLE blip, a slow
 * answer). Everything else is tested against the real server.
 */
public final class ScriptedServer implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** The etag GetGrant answers with, so tests can see it travel into UpdateGrant. */
  public static final String ETAG = "\"v7\"";
  /** WatchGrantEvents streams the events numbered 1 to this. */
  public static final long EVENTS = 3;

  private final Map<String, Queue<StatusRuntimeException>> failures = new ConcurrentHashMap<>();
  private final Map<String, List<Message>> requests = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hangs = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<StreamObserver<?>> unanswered = new CopyOnWriteArrayList<>();
  private final AtomicReference<VerifySecretResponse> verifyAnswer = new AtomicReference<>(
      VerifySecretResponse.newBuilder().setActive(true).setGrant("grants/scripted").build());
  private final Server server;

  private ScriptedServer(ServerCredentials credentials) {
    ServerInterceptor recordHeaders = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
          Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        String authorization = headers.get(AUTHORIZATION);
        authorizations.add(authorization == null ? "" : authorization);
        return next.startCall(call, headers);
      }
    };
    try {
      server = Grpc.newServerBuilderForPort(0, credentials)
          .addService(ServerInterceptors.intercept(new Admin(), recordHeaders))
          .addService(ServerInterceptors.intercept(new Users(), recordHeaders))
          .addService(ServerInterceptors.intercept(new Verification(), recordHeaders))
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a plaintext server on a free port. */
  public static ScriptedServer start() {
    return new ScriptedServer(InsecureServerCredentials.create());
  }

  /** Starts a server with the given (for instance TLS) credentials on a free port. */
  public static ScriptedServer start(ServerCredentials credentials) {
    return new ScriptedServer(credentials);
  }

  public String target() {
    return "localhost:" + server.getPort();
  }

  /** Makes the next {@code times} calls of {@code method} (e.g. "GetGrant") fail. */
  public void failNext(String method, Status status, int times) {
    for (int i = 0; i < times; i++) {
      failNext(method, status.asRuntimeException());
    }
  }

  /** Makes the next call of {@code method} fail with this exception, details and all. */
  public void failNext(String method, StatusRuntimeException failure) {
    failures.computeIfAbsent(method, m -> new ConcurrentLinkedQueue<>()).add(failure);
  }

  /** Leaves the next {@code times} calls of {@code method} unanswered until the server closes. */
  public void hangNext(String method, int times) {
    hangs.computeIfAbsent(method, m -> new AtomicInteger()).addAndGet(times);
  }

  /** How many calls of {@code method} arrived. */
  public int calls(String method) {
    return calls.getOrDefault(method, new AtomicInteger()).get();
  }

  /** The authorization header of every call, in arrival order ("" when absent). */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** What VerifySecret answers from now on. */
  public void answerVerify(VerifySecretResponse answer) {
    verifyAnswer.set(answer);
  }

  /** The requests {@code method} received, in arrival order. */
  @SuppressWarnings("unchecked")
  public <T extends Message> List<T> requests(String method, Class<T> type) {
    return List.copyOf((List<T>) requests.getOrDefault(method, List.of()));
  }

  private <T> void answer(
      String method, Message request, StreamObserver<T> observer, T response) {
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    requests.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>()).add(request);
    AtomicInteger hang = hangs.get(method);
    if (hang != null && hang.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      unanswered.add(observer);
      return;
    }
    Queue<StatusRuntimeException> queue = failures.get(method);
    StatusRuntimeException failure = queue == null ? null : queue.poll();
    if (failure != null) {
      observer.onError(failure);
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Admin extends GrantAdminGrpc.GrantAdminImplBase {
    @Override
    public void getGrant(GetGrantRequest request, StreamObserver<Grant> observer) {
      answer("GetGrant", request, observer, Grant.newBuilder()
          .setName(request.getName())
          .setEtag(ETAG)
          .build());
    }

    @Override
    public void updateGrant(UpdateGrantRequest request, StreamObserver<Grant> observer) {
      answer("UpdateGrant", request, observer, request.getGrant());
    }

    @Override
    public void createGrant(CreateGrantRequest request, StreamObserver<Grant> observer) {
      answer("CreateGrant", request, observer, request.getGrant().toBuilder()
          .setName("grants/00000000-0000-4000-8000-000000000001")
          .build());
    }
  }

  private final class Users extends UserSecurityGrpc.UserSecurityImplBase {
    @Override
    public void regenerateSecret(
        RegenerateSecretRequest request, StreamObserver<RegenerateSecretResponse> observer) {
      answer("RegenerateSecret", request, observer, RegenerateSecretResponse.newBuilder()
          .setGrant(Grant.newBuilder().setName(request.getName()))
          .setSecret("wk_secret:scripted")
          .build());
    }
  }

  private final class Verification extends TokenVerificationGrpc.TokenVerificationImplBase {
    @Override
    public void issueAccessToken(
        IssueAccessTokenRequest request, StreamObserver<IssueAccessTokenResponse> observer) {
      answer("IssueAccessToken", request, observer, IssueAccessTokenResponse.newBuilder()
          .setAccessToken("scripted.access.token")
          .setTokenType("Bearer")
          .setExpiresIn(600)
          .addAllScopes(request.getScopesList())
          .build());
    }

    /** Streams {@link #EVENTS} events after the requested sequence, then ends the stream. */
    @Override
    public void watchGrantEvents(
        WatchGrantEventsRequest request, StreamObserver<GrantEvent> observer) {
      calls.computeIfAbsent("WatchGrantEvents", m -> new AtomicInteger()).incrementAndGet();
      for (long sequence = request.getAfterSequence() + 1; sequence <= EVENTS; sequence++) {
        observer.onNext(GrantEvent.newBuilder()
            .setSequence(sequence)
            .setType(GrantEvent.Type.UPDATED)
            .setGrant("grants/00000000-0000-4000-8000-000000000001")
            .setUsername("bob")
            .setWorkspace("finance")
            .build());
      }
      observer.onCompleted();
    }

    @Override
    public void verifySecret(
        VerifySecretRequest request, StreamObserver<VerifySecretResponse> observer) {
      answer("VerifySecret", request, observer, verifyAnswer.get());
    }
  }
}
