package io.apigrants.server.rpc;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.PreconditionFailure;
import io.apigrants.server.grant.AlreadyExistsException;
import io.apigrants.server.grant.ConcurrentEditException;
import io.apigrants.server.grant.InvalidArgumentException;
import io.apigrants.server.grant.NotFoundException;
import io.apigrants.server.grant.PreconditionException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses.
 *
 * <p>Domain exceptions map to their codes with caller-facing descriptions. Database faults map to
 * {@code UNAVAILABLE} (cannot connect) or {@code ABORTED} (serialization failure, deadlock).
 * Anything else is a bug: logged once with its stack trace and answered {@code INTERNAL} with no
 * detail.
 */
public final class StatusMapper {
  private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);
  /** PreconditionFailure type of a request field that breaks the organisation policy. */
  public static final String POLICY_VIOLATION = "POLICY";

  private StatusMapper() {}

  /** The status the caller sees for {@code failure}. */
  public static StatusRuntimeException toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException status) {
      return status;
    }
    if (failure instanceof InvalidArgumentException invalid) {
      return withFieldDetails(Code.INVALID_ARGUMENT, invalid.getMessage(), invalid.violations(),
          invalid.policyViolations());
    }
    if (failure instanceof NotFoundException) {
      return Status.NOT_FOUND.withDescription(failure.getMessage()).asRuntimeException();
    }
    if (failure instanceof PreconditionException precondition) {
      return preconditionFailure(precondition);
    }
    if (failure instanceof ConcurrentEditException) {
      return Status.ABORTED.withDescription(failure.getMessage()).asRuntimeException();
    }
    if (failure instanceof AlreadyExistsException) {
      return Status.ALREADY_EXISTS.withDescription(failure.getMessage()).asRuntimeException();
    }

    if (failure instanceof RejectedExecutionException) {
      log.warn("worker pool full; refusing a call");
      return Status.UNAVAILABLE.withDescription("the server is busy; retry later")
          .asRuntimeException();
    }

    String sqlState = sqlState(failure);
    if (isConnectionFailure(failure, sqlState)) {
      log.warn("database unavailable: {}", rootMessage(failure));
      return Status.UNAVAILABLE.withDescription("the database is unavailable; retry later")
          .withCause(failure).asRuntimeException();
    }
    // Serialization failure, deadlock, lock timeout (PostgreSQL 55P03, H2 HYT00): a retry can
    // succeed, so the caller hears ABORTED rather than a bug.
    if ("40001".equals(sqlState) || "40P01".equals(sqlState) || "55P03".equals(sqlState)
        || "HYT00".equals(sqlState)) {
      return Status.ABORTED.withDescription("concurrent change; retry")
          .withCause(failure).asRuntimeException();
    }
    log.error("internal error", failure);
    return Status.INTERNAL.withDescription("internal error").withCause(failure)
        .asRuntimeException();
  }

  /**
   * FAILED_PRECONDITION; when request fields are at fault (a grant that breaks the policy), its
   * details name each one as {@link #withFieldDetails} says.
   */
  private static StatusRuntimeException preconditionFailure(PreconditionException failure) {
    if (failure.violations().isEmpty()) {
      return Status.FAILED_PRECONDITION.withDescription(failure.getMessage())
          .asRuntimeException();
    }
    return withFieldDetails(Code.FAILED_PRECONDITION, failure.getMessage(), failure.violations(),
        failure.violations());
  }

  /**
   * {@code code} with a {@code google.rpc.BadRequest} naming every field at fault, plus a
   * {@code google.rpc.PreconditionFailure} (type {@value #POLICY_VIOLATION}, subject the field)
   * for those that break the organisation policy. So a client that reads BadRequest alone still
   * learns every field to fix, whether the answer is INVALID_ARGUMENT (malformed fields, with the
   * policy's objections to the others) or FAILED_PRECONDITION (policy alone).
   */
  private static StatusRuntimeException withFieldDetails(Code code, String message,
      List<InvalidArgumentException.FieldViolation> fields,
      List<InvalidArgumentException.FieldViolation> policyFields) {
    BadRequest.Builder badRequest = BadRequest.newBuilder();
    for (InvalidArgumentException.FieldViolation violation : fields) {
      badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
          .setField(violation.field())
          .setDescription(violation.description()));
    }
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(message)
        .addDetails(com.google.protobuf.Any.pack(badRequest.build()));
    if (!policyFields.isEmpty()) {
      PreconditionFailure.Builder policy = PreconditionFailure.newBuilder();
      for (InvalidArgumentException.FieldViolation violation : policyFields) {
        policy.addViolations(PreconditionFailure.Violation.newBuilder()
            .setType(POLICY_VIOLATION)
            .setSubject(violation.field())
            .setDescription(violation.description()));
      }
      status.addDetails(com.google.protobuf.Any.pack(policy.build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  private static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static boolean isConnectionFailure(Throwable failure, String sqlState) {
    if (sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01"))) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
