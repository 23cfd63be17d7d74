package io.apigrants.server.rpc;

import io.apigrants.server.grant.GrantSnapshot;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.verify.LeakReports;
import io.apigrants.server.verify.SecretVerifier;
import io.apigrants.server.verify.Verification;
import io.apigrants.v1.GetSigningKeysRequest;
import io.apigrants.v1.GetSigningKeysResponse;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.RevokeLeakedSecretResponse;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.VerifyAccessTokenRequest;
import io.apigrants.v1.VerifyAccessTokenResponse;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.apigrants.v1.WatchGrantEventsRequest;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * TokenVerification: internal services checking secrets and access tokens, reporting leaks and
 * following grant lifecycle events.
 *
 * <p>{@link VerifySecretRequest}, {@link RevokeLeakedSecretRequest} and
 * {@link IssueAccessTokenRequest} carry secrets: never log one (a protobuf message's
 * {@code toString} prints every field). Bind the service with {@link #bind} so that non-UTF-8
 * input is answered rather than failed in the transport.
 */
public final class TokenVerificationService
    extends TokenVerificationGrpc.TokenVerificationImplBase {
  private final SecretVerifier verifier;
  private final LeakReports leakReports;
  private final AccessTokenCalls accessTokens;
  private final GrantEventStreams eventStreams;
  private final WorkerPool workers;

  /** {@code workers} runs the verifications that need the database. */
  public TokenVerificationService(SecretVerifier verifier, LeakReports leakReports,
      AccessTokenCalls accessTokens, GrantEventStreams eventStreams, WorkerPool workers) {
    this.verifier = verifier;
    this.leakReports = leakReports;
    this.accessTokens = accessTokens;
    this.eventStreams = eventStreams;
    this.workers = workers;
  }

  /** This service's definition, with request strings that are not UTF-8 let through. */
  public ServerServiceDefinition bind() {
    return RequestBodies.lenient(bindService());
  }

  /**
   * Answers from memory where the call runs (possibly the transport thread, see
   * {@link CallExecutors}); a verification that needs the database moves to a worker.
   */
  @Override
  public void verifySecret(VerifySecretRequest request,
      StreamObserver<VerifySecretResponse> responseObserver) {
    String org = CallerIdentity.current().org();
    Calls.unaryOrOnWorker(responseObserver, workers,
        () -> verifier.verifyFromMemory(org, request.getSecret(), request.getClientIp(),
            request.getRequiredScopesList()).map(TokenVerificationService::response),
        () -> response(verifier.verify(org, request.getSecret(), request.getClientIp(),
            request.getRequiredScopesList())));
  }

  @Override
  public void revokeLeakedSecret(RevokeLeakedSecretRequest request,
      StreamObserver<RevokeLeakedSecretResponse> responseObserver) {
    Calls.unary(responseObserver, () -> {
      leakReports.report(CallerIdentity.current(), request.getSecret(), request.getReporter(),
          request.getLocation());
      return RevokeLeakedSecretResponse.getDefaultInstance();
    });
  }

  @Override
  public void issueAccessToken(IssueAccessTokenRequest request,
      StreamObserver<IssueAccessTokenResponse> responseObserver) {
    Calls.unary(responseObserver, () -> accessTokens.issue(request));
  }

  @Override
  public void verifyAccessToken(VerifyAccessTokenRequest request,
      StreamObserver<VerifyAccessTokenResponse> responseObserver) {
    Calls.unary(responseObserver, () -> accessTokens.verify(request));
  }

  @Override
  public void getSigningKeys(GetSigningKeysRequest request,
      StreamObserver<GetSigningKeysResponse> responseObserver) {
    Calls.unary(responseObserver, () -> accessTokens.signingKeys(request));
  }

  @Override
  public void watchGrantEvents(WatchGrantEventsRequest request,
      StreamObserver<GrantEvent> responseObserver) {
    eventStreams.watch(request, responseObserver);
  }

  private static VerifySecretResponse response(Verification verification) {
    return verification.grant()
        .map(TokenVerificationService::active)
        .orElseGet(() -> VerifySecretResponse.newBuilder()
            .setActive(false)
            .setReason(verification.reason())
            .build());
  }

  private static VerifySecretResponse active(GrantSnapshot grant) {
    return VerifySecretResponse.newBuilder()
        .setActive(true)
        .setGrant(grant.name())
        .setClientId(grant.clientId().toString())
        .setOrg(grant.org())
        .setWorkspace(grant.workspace())
        .setUsername(grant.username())
        .addAllScopes(grant.scopes())
        .setExpireTime(GrantMessages.timestamp(grant.expireTime()))
        .build();
  }
}
