package io.apigrants.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Call credentials that put {@code authorization: Bearer <token>} on each call, asking a supplier
 * for the token every time.
 *
 * <p>The supplier runs on the application executor, never on a transport thread, so it may block
 * while it refreshes a token. A supplier that fails or has no token fails the call with
 * {@code UNAUTHENTICATED} before anything is sent. Neither the token nor the supplier's failure
 * message ends up in the status description.
 */
public final class BearerTokenCredentials extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<String> tokens;

  /** Creates credentials that ask {@code tokens} for a bearer token on every call. */
  public BearerTokenCredentials(Supplier<String> tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    appExecutor.execute(() -> {
      String token;
      try {
        token = tokens.get();
      } catch (RuntimeException e) {
        applier.fail(Status.UNAUTHENTICATED
            .withDescription("the bearer token supplier failed").withCause(e));
        return;
      }
      if (token == null || token.isBlank()) {
        applier.fail(Status.UNAUTHENTICATED.withDescription("no bearer token to send"));
        return;
      }
      String trimmed = token.strip();
      if (!isHeaderSafe(trimmed)) {
        applier.fail(Status.UNAUTHENTICATED
            .withDescription("the bearer token has characters a header cannot carry"));
        return;
      }
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + trimmed);
      applier.apply(headers);
    });
  }

  private static boolean isHeaderSafe(String token) {
    return token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  /** Says what it is without the token. */
  @Override
  public String toString() {
    return "BearerTokenCredentials[****]";
  }
}
