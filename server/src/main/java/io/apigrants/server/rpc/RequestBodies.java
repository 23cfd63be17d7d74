package io.apigrants.server.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How services read request bodies that the generated parser refuses, so that such a body is
 * answered like any other bad request instead of failing in the transport.
 *
 * <p>A body that is no protobuf message at all is the caller's fault: every service answers it
 * INVALID_ARGUMENT. A marshaller cannot choose the status (gRPC answers UNKNOWN and logs a stack
 * trace for whatever it throws), so it hands over a marker request instead, which the method's
 * handler recognises by identity and rejects.
 *
 * <p>String fields that are not valid UTF-8 differ by service. For TokenVerification
 * ({@link #lenient}) a credential of arbitrary bytes is simply not a well-formed credential: the
 * bad sequences become U+FFFD and the caller hears {@code MALFORMED} (or INVALID_ARGUMENT for a
 * bad {@code client_ip}) like for any other junk. For the others ({@link #strict}) such a string
 * makes the whole body unreadable: INVALID_ARGUMENT. Valid requests take the ordinary parser.
 */
public final class RequestBodies {
  private static final Logger log = LoggerFactory.getLogger(RequestBodies.class);

  private RequestBodies() {}

  /** {@code service}, with strings that are not UTF-8 read leniently. */
  static ServerServiceDefinition lenient(ServerServiceDefinition service) {
    return wrap(service, true);
  }

  /** {@code service}, with unreadable bodies (strings that are not UTF-8 too) rejected. */
  public static ServerServiceDefinition strict(ServerServiceDefinition service) {
    return wrap(service, false);
  }

  private static ServerServiceDefinition wrap(ServerServiceDefinition service,
      boolean lenientUtf8) {
    List<ServerMethodDefinition<?, ?>> methods = service.getMethods().stream()
        .<ServerMethodDefinition<?, ?>>map(method -> guarded(method, lenientUtf8))
        .toList();
    ServiceDescriptor original = service.getServiceDescriptor();
    // Keeps the schema descriptor, which server reflection reads.
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor());
    methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
    ServerServiceDefinition.Builder wrapped = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(wrapped::addMethod);
    return wrapped.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<ReqT, RespT> guarded(
      ServerMethodDefinition<ReqT, RespT> method, boolean lenientUtf8) {
    MethodDescriptor<ReqT, RespT> descriptor = method.getMethodDescriptor();
    if (!(descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<ReqT>
        marshaller) || !(marshaller.getMessagePrototype() instanceof Message)) {
      return method;
    }
    Marshaller<ReqT> guardedMarshaller = new Marshaller<>(marshaller, lenientUtf8);
    MethodDescriptor<ReqT, RespT> guardedDescriptor = descriptor.toBuilder()
        .setRequestMarshaller(guardedMarshaller)
        .build();
    return ServerMethodDefinition.create(guardedDescriptor,
        rejectingUnparseable(method.getServerCallHandler(), guardedMarshaller.unparseable));
  }

  /** {@code handler}, except that the marker {@code unparseable} ends the call right away. */
  private static <ReqT, RespT> ServerCallHandler<ReqT, RespT> rejectingUnparseable(
      ServerCallHandler<ReqT, RespT> handler, ReqT unparseable) {
    return (call, headers) -> new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        handler.startCall(call, headers)) {
      private boolean rejected;

      @Override
      public void onMessage(ReqT message) {
        if (message != unparseable) {
          super.onMessage(message);
          return;
        }
        rejected = true;
        log.debug("{} request is not a readable protobuf message; rejected",
            call.getMethodDescriptor().getBareMethodName());
        call.close(Status.INVALID_ARGUMENT.withDescription(
            "request is not a valid protobuf message (or holds a string that is not UTF-8)"), new Metadata());
      }

      @Override
      public void onHalfClose() {
        // The service never saw a request: it must not be asked to answer one.
        if (!rejected) {
          super.onHalfClose();
        }
      }
    };
  }

  /**
   * Parses strictly first, then, when allowed, leniently when strict parsing fails; a body it
   * cannot read becomes {@link #unparseable}.
   */
  private static final class Marshaller<T> implements MethodDescriptor.PrototypeMarshaller<T> {
    private final MethodDescriptor.PrototypeMarshaller<T> strict;
    private final Message prototype;
    private final boolean lenientUtf8;
    /** A fresh instance no parse ever returns, so that the handler can tell it by identity. */
    final T unparseable;

    Marshaller(MethodDescriptor.PrototypeMarshaller<T> strict, boolean lenientUtf8) {
      this.strict = strict;
      this.prototype = (Message) strict.getMessagePrototype();
      this.lenientUtf8 = lenientUtf8;
      this.unparseable = cast(prototype.newBuilderForType().buildPartial());
    }

    @Override
    public InputStream stream(T value) {
      return strict.stream(value);
    }

    @Override
    public T getMessagePrototype() {
      return strict.getMessagePrototype();
    }

    @Override
    public Class<T> getMessageClass() {
      return strict.getMessageClass();
    }

    @Override
    public T parse(InputStream stream) {
      // gRPC has already bounded the message by its maximum inbound size.
      byte[] bytes;
      try {
        bytes = stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        return cast(prototype.getParserForType().parseFrom(bytes));
      } catch (InvalidProtocolBufferException strictFailure) {
        if (!lenientUtf8) {
          return unparseable;
        }
        try {
          return cast(parseLeniently(bytes));
        } catch (InvalidProtocolBufferException e) {
          return unparseable;
        }
      }
    }

    private Message parseLeniently(byte[] bytes) throws InvalidProtocolBufferException {
      UnknownFieldSet fields = UnknownFieldSet.parseFrom(bytes);
      Message.Builder message = prototype.newBuilderForType();
      UnknownFieldSet.Builder others = UnknownFieldSet.newBuilder();
      for (Map.Entry<Integer, UnknownFieldSet.Field> entry : fields.asMap().entrySet()) {
        FieldDescriptor field = prototype.getDescriptorForType().findFieldByNumber(entry.getKey());
        if (field == null || field.getType() != FieldDescriptor.Type.STRING) {
          others.addField(entry.getKey(), entry.getValue());
          continue;
        }
        for (ByteString value : entry.getValue().getLengthDelimitedList()) {
          // toStringUtf8 replaces every invalid sequence with U+FFFD.
          if (field.isRepeated()) {
            message.addRepeatedField(field, value.toStringUtf8());
          } else {
            message.setField(field, value.toStringUtf8());
          }
        }
      }
      message.mergeFrom(others.build().toByteString());
      return message.build();
    }

    @SuppressWarnings("unchecked")
    private T cast(Message message) {
      return (T) message;
    }
  }
}
