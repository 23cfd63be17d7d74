package io.apigrants.server.rpc;

import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.function.Supplier;

/** Answers a unary call from a piece of work, mapping any failure through {@link StatusMapper}. */
final class Calls {
  private Calls() {}

  static <T> void unary(StreamObserver<T> responseObserver, Supplier<T> work) {
    T response;
    try {
      response = work.get();
    } catch (RuntimeException e) {
      responseObserver.onError(StatusMapper.toStatus(e));
      return;
    }
    responseObserver.onNext(response);
    responseObserver.onCompleted();
  }

  /**
   * Answers from {@code immediate} when it has an answer; otherwise runs {@code blocking} on a
   * worker, so that the calling thread (possibly a transport thread) never waits.
   */
  static <T> void unaryOrOnWorker(StreamObserver<T> responseObserver, WorkerPool workers,
      Supplier<Optional<T>> immediate, Supplier<T> blocking) {
    Optional<T> response;
    try {
      response = immediate.get();
      if (response.isEmpty()) {
        workers.runOffTransport(() -> unary(responseObserver, blocking));
        return;
      }
    } catch (RuntimeException e) {
      responseObserver.onError(StatusMapper.toStatus(e));
      return;
    }
    responseObserver.onNext(response.get());
    responseObserver.onCompleted();
  }
}
