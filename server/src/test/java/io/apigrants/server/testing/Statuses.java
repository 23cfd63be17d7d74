package io.apigrants.server.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;

/** Reads the details of failed calls, so tests assert on codes and field names, not text. */
public final class Statuses {
  private Statuses() {}

  /** The code {@code call} failed with; an error if it succeeded. */
  public static io.grpc.Status.Code codeOf(Runnable call) {
    return failureOf(call).getStatus().getCode();
  }

  /** The failure of {@code call}; an error if it succeeded. */
  public static StatusRuntimeException failureOf(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded but should have failed");
  }

  /** The field names of every BadRequest violation carried by {@code failure}. */
  public static List<String> badRequestFields(Throwable failure) {
    Status status = StatusProto.fromThrowable(failure);
    List<String> fields = new ArrayList<>();
    if (status == null) {
      return fields;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        try {
          detail.unpack(BadRequest.class).getFieldViolationsList()
              .forEach(violation -> fields.add(violation.getField()));
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError("unreadable BadRequest detail", e);
        }
      }
    }
    return fields;
  }
}
