package io.apigrants.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.TokenVerificationGrpc.TokenVerificationFutureStub;
import io.apigrants.v1.VerifyAccessTokenRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * The OAuth2 client-credentials scenarios: {@code IssueAccessToken} with a grant's client id and
 * secret, and {@code VerifyAccessToken} of tokens issued beforehand. A refused exchange or an
 * inactive token counts as a failed call, so a figure never includes answers that did no work.
 */
final class AccessTokenLoad {
  private final TokenVerificationFutureStub stub;
  private final List<IssueAccessTokenRequest> issueRequests;
  private List<VerifyAccessTokenRequest> verifyRequests = List.of();

  /** Exchanges for the grants of {@code secrets} and {@code clientIds}, from {@code clientIp}. */
  AccessTokenLoad(TokenVerificationFutureStub stub, List<String> secrets, List<UUID> clientIds,
      String clientIp) {
    this.stub = stub;
    List<IssueAccessTokenRequest> requests = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      requests.add(IssueAccessTokenRequest.newBuilder()
          .setClientId(clientIds.get(i).toString())
          .setClientSecret(secrets.get(i))
          .setClientIp(clientIp)
          .build());
    }
    this.issueRequests = List.copyOf(requests);
  }

  /**
   * Issues one fresh token per grant for {@link #verify} to cycle through. Call before each
   * measured stretch: tokens live ten minutes by default, a whole harness run longer.
   */
  void issueTokens(String requiredScope) throws InterruptedException, ExecutionException,
      TimeoutException {
    List<VerifyAccessTokenRequest> requests = new ArrayList<>(issueRequests.size());
    for (IssueAccessTokenRequest request : issueRequests) {
      String token = checked(stub.issueAccessToken(request)).get(30, TimeUnit.SECONDS)
          .getAccessToken();
      requests.add(VerifyAccessTokenRequest.newBuilder()
          .setAccessToken(token)
          .addRequiredScopes(requiredScope)
          .build());
    }
    verifyRequests = List.copyOf(requests);
  }

  /** {@code IssueAccessToken} calls cycling over the grants. */
  LongFunction<ListenableFuture<?>> issue() {
    return n -> checked(stub.issueAccessToken(issueRequests.get(index(n, issueRequests))));
  }

  /** {@code VerifyAccessToken} calls cycling over the tokens of the last {@link #issueTokens}. */
  LongFunction<ListenableFuture<?>> verify() {
    return n -> {
      List<VerifyAccessTokenRequest> requests = verifyRequests;
      return Futures.transform(stub.verifyAccessToken(requests.get(index(n, requests))),
          response -> {
            if (!response.getActive()) {
              throw new IllegalStateException("token inactive: " + response.getReason());
            }
            return response;
          }, MoreExecutors.directExecutor());
    };
  }

  private static ListenableFuture<IssueAccessTokenResponse> checked(
      ListenableFuture<IssueAccessTokenResponse> call) {
    return Futures.transform(call, response -> {
      if (!response.getError().isEmpty()) {
        throw new IllegalStateException("exchange refused: " + response.getError() + " "
            + response.getReason());
      }
      return response;
    }, MoreExecutors.directExecutor());
  }

  private static int index(long n, List<?> list) {
    return (int) (n % list.size());
  }
}
