package io.apigrants.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives unary calls that carry no deadline a default one.
 *
 * <p>Applied per call rather than baked into the stubs, because a stub's deadline is an instant:
 * a stub built once would expire for good. Streaming calls are left alone, since a watch is meant
 * to stay open.
 */
final class DefaultDeadlineInterceptor implements ClientInterceptor {
  private final long deadlineNanos;

  DefaultDeadlineInterceptor(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    if (callOptions.getDeadline() == null && method.getType() == MethodDescriptor.MethodType.UNARY) {
      callOptions = callOptions.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS);
    }
    return next.newCall(method, callOptions);
  }
}
