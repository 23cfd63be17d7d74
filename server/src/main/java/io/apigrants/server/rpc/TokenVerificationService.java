package io.apigrants.server.rpc;

import io.apigrants.server.grant.GrantSnapshot;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.verify.LeakReports;
import io.apigrants.server.verify.SecretVerifier;
import io.apigrants.server.verify.Verification;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.RevokeLeakedSecretResponse;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * TokenVerification: internal services checking credentials. Methods not built yet answer
 * UNIMPLEMENTED.
 *
 * <p>{@link VerifySecretRequest} and {@link RevokeLeakedSecretRequest} carry secrets: never log
 * one (a protobuf message's {@code toString} prints every field). Bind the service with
 * {@link #bind} so that non-UTF-8 input is answered rather than failed in the transport.
 */
public final class TokenVerificationService
    extends TokenVerificationGrpc.TokenVerificationImplBase {
  private final SecretVerifier verifier;
  private final LeakReports leakReports;

  public TokenVerificationService(SecretVerifier verifier, LeakReports leakReports) {
    this.verifier = verifier;
    this.leakReports = leakReports;
  }

  /** This service's definition, with request strings that are not UTF-8 let through. */
  public ServerServiceDefinition bind() {
    return Utf8TolerantRequests.wrap(bindService());
  }

  @Override
  public void verifySecret(VerifySecretRequest request,
      StreamObserver<VerifySecretResponse> responseObserver) {
    Calls.unary(responseObserver, () -> {
      Verification verification = verifier.verify(CallerIdentity.current().org(),
          request.getSecret(), request.getClientIp(), request.getRequiredScopesList());
      return verification.grant()
          .map(TokenVerificationService::active)
          .orElseGet(() -> VerifySecretResponse.newBuilder()
              .setActive(false)
              .setReason(verification.reason())
              .build());
    });
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
