package io.apigrants.server.rpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.PreconditionFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;

/** Reads what a failed call answered: its code and the fields its details name. */
final class Failures {
  private Failures() {}

  /** The failure of {@code call}; fails the test when the call succeeds. */
  static StatusRuntimeException failureOf(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail, but it succeeded");
  }

  static Status.Code codeOf(Runnable call) {
    return failureOf(call).getStatus().getCode();
  }

  /** The field names of the BadRequest detail, empty when there is none. */
  static List<String> badFields(StatusRuntimeException failure) {
    for (Any detail : details(failure)) {
      if (detail.is(BadRequest.class)) {
        return unpack(detail, BadRequest.class).getFieldViolationsList().stream()
            .map(BadRequest.FieldViolation::getField)
            .toList();
      }
    }
    return List.of();
  }

  /** The subjects of the PreconditionFailure detail, empty when there is none. */
  static List<String> preconditionSubjects(StatusRuntimeException failure) {
    for (Any detail : details(failure)) {
      if (detail.is(PreconditionFailure.class)) {
        return unpack(detail, PreconditionFailure.class).getViolationsList().stream()
            .map(PreconditionFailure.Violation::getSubject)
            .toList();
      }
    }
    return List.of();
  }

  private static List<Any> details(StatusRuntimeException failure) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    return status == null ? List.of() : status.getDetailsList();
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any detail, Class<T> type) {
    try {
      return detail.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("undecodable error detail", e);
    }
  }
}
