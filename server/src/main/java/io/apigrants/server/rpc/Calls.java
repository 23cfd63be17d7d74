package io.apigrants.server.rpc;

import io.grpc.stub.StreamObserver;
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
}
