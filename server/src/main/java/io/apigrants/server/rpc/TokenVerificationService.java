package io.apigrants.server.rpc;

import io.apigrants.v1.GetSigningKeysRequest;
import io.apigrants.v1.GetSigningKeysResponse;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.VerifyAccessTokenRequest;
import io.apigrants.v1.VerifyAccessTokenResponse;
import io.apigrants.v1.WatchGrantEventsRequest;
import io.grpc.stub.StreamObserver;

/** TokenVerification: internal services checking credentials. Unbuilt methods: UNIMPLEMENTED. */
public final class TokenVerificationService
    extends TokenVerificationGrpc.TokenVerificationImplBase {

  // --- Access tokens and lifecycle events (issue 7) ---
  private final AccessTokenCalls accessTokens;
  private final GrantEventStreams eventStreams;

  public TokenVerificationService(AccessTokenCalls accessTokens, GrantEventStreams eventStreams) {
    this.accessTokens = accessTokens;
    this.eventStreams = eventStreams;
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
  // --- end of access tokens and lifecycle events ---
}
