package io.apigrants.server.rpc;

import io.apigrants.server.identity.AuthInterceptor;
import io.apigrants.server.identity.TokenAuthenticator;
import io.apigrants.v1.TokenVerificationGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.Executor;

/**
 * Picks, per call, where it runs: on the transport thread it arrived on, or on the
 * {@link WorkerPool}. The server's default executor is the direct one, so {@code null} here
 * means "stay on the transport thread".
 *
 * <p>Only calls that cannot block stay: a health {@code Check}, and a {@code VerifySecret} whose
 * caller token is already remembered (no signature check). Such a verification still moves to a
 * worker itself when its secret is not cached ({@link TokenVerificationService}). Everything else
 * goes to the workers from the start. On a 2-core machine a thread hop costs several times what
 * a cached verification does, hence the trouble.
 */
public final class CallExecutors implements ServerCallExecutorSupplier {
  private static final String HEALTH_CHECK = HealthGrpc.getCheckMethod().getFullMethodName();
  private static final String VERIFY_SECRET =
      TokenVerificationGrpc.getVerifySecretMethod().getFullMethodName();

  private final TokenAuthenticator authenticator;
  private final WorkerPool workers;

  public CallExecutors(TokenAuthenticator authenticator, WorkerPool workers) {
    this.authenticator = authenticator;
    this.workers = workers;
  }

  @Override
  public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (method.equals(HEALTH_CHECK)) {
      return null;
    }
    // Not yet: VerifyAccessToken answers from caches too but always hops to a worker.
    if (method.equals(VERIFY_SECRET)
        && AuthInterceptor.bearerToken(headers).filter(authenticator::isRemembered).isPresent()) {
      return null;
    }
    return workers;
  }

  /** One line for logs and benchmark output saying how calls are scheduled. */
  public static String describe(WorkerPool workers) {
    return "transport thread for health Check and for VerifySecret with a remembered caller token"
        + " and a cached secret; worker pool (" + workers.size() + " threads) for the rest";
  }
}
