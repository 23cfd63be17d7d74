package io.apigrants.server.rpc;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Calls a unary method with a hand-made request body, past the client's own checks. */
final class RawRequests {
  private RawRequests() {}

  /** Sends {@code body} as the request of {@code method} and returns the parsed response. */
  static <RespT extends com.google.protobuf.Message> RespT call(Channel channel,
      MethodDescriptor<?, RespT> method, RespT responsePrototype, CallCredentials credentials,
      byte[] body) {
    MethodDescriptor<byte[], RespT> raw = method.toBuilder(new RawBytes(),
        ProtoUtils.marshaller(responsePrototype)).build();
    CallOptions options = CallOptions.DEFAULT
        .withCallCredentials(credentials)
        .withDeadlineAfter(30, TimeUnit.SECONDS);
    return ClientCalls.blockingUnaryCall(channel, raw, options, body);
  }

  private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
