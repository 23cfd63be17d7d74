package io.apigrants.server.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.PreconditionFailure;
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

  /** The subjects of every PreconditionFailure violation carried by {@code failure}. */
  public static List<String> preconditionSubjects(Throwable failure) {
    Status status = StatusProto.fromThrowable(failure);
    List<String> subjects = new ArrayList<>();
    if (status == null) {
      return subjects;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(PreconditionFailure.class)) {
        try {
          detail.unpack(PreconditionFailure.class).getViolationsList()
              .forEach(violation -> subjects.add(violation.getSubject()));
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError("unreadable PreconditionFailure detail", e);
        }
      }
    }
    return subjects;
  }

  /**
   * Everything {@code failure} tells the caller, as one text to search: status, description,
   * trailers and every detail, unpacked where its type is known.
   */
  public static String describe(StatusRuntimeException failure) {
    StringBuilder text = new StringBuilder(failure.getStatus().toString());
    if (failure.getTrailers() != null) {
      text.append('\n').append(failure.getTrailers());
    }
    Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      return text.toString();
    }
    text.append('\n').append(status);
    for (Any detail : status.getDetailsList()) {
      text.append('\n').append(unpacked(detail));
    }
    return text.toString();
  }

  private static Message unpacked(Any detail) {
    try {
      if (detail.is(BadRequest.class)) {
        return detail.unpack(BadRequest.class);
      }
      if (detail.is(PreconditionFailure.class)) {
        return detail.unpack(PreconditionFailure.class);
      }
      return detail;
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("unreadable error detail", e);
    }
  }
}
