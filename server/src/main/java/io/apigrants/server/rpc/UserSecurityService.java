package io.apigrants.server.rpc;

import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.grant.InvalidArgumentException;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.secret.GracePeriod;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.store.SecretStore;
import io.apigrants.server.store.UserGrantStore;
import io.apigrants.v1.ListMyGrantsRequest;
import io.apigrants.v1.ListMyGrantsResponse;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RegenerateSecretResponse;
import io.apigrants.v1.UserSecurityGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UserSecurity: a user's own grants and secrets, acting for the caller's {@code sub} alone.
 *
 * <p>{@link RegenerateSecretResponse} is the one message that carries a secret: it is built
 * here, handed to gRPC and never logged (a protobuf message's {@code toString} prints every
 * field).
 */
public final class UserSecurityService extends UserSecurityGrpc.UserSecurityImplBase {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 1000;

  private static final Logger log = LoggerFactory.getLogger(UserSecurityService.class);

  private final UserGrantStore grants;
  private final SecretStore secrets;
  private final SecretFormat format;
  private final SecretHasher hasher;

  public UserSecurityService(UserGrantStore grants, SecretStore secrets, SecretFormat format,
      SecretHasher hasher) {
    this.grants = grants;
    this.secrets = secrets;
    this.format = format;
    this.hasher = hasher;
  }

  @Override
  public void listMyGrants(ListMyGrantsRequest request,
      StreamObserver<ListMyGrantsResponse> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      if (request.getPageSize() < 0 || request.getPageSize() > MAX_PAGE_SIZE) {
        violations.add("page_size", "must be 0 to " + MAX_PAGE_SIZE);
      }
      Optional<Long> afterSeq = MyGrantsPageToken.parse(request.getPageToken(), caller);
      if (afterSeq.isEmpty()) {
        violations.add("page_token", "not a page token of this list; start without one");
      }
      violations.throwIfAny();

      int pageSize = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
      UserGrantStore.Page page =
          grants.list(caller.org(), caller.username(), afterSeq.get(), pageSize);

      ListMyGrantsResponse.Builder response = ListMyGrantsResponse.newBuilder();
      page.grants().forEach(grant -> response.addGrants(GrantMessages.toProto(grant)));
      page.nextAfterSeq()
          .map(seq -> MyGrantsPageToken.format(seq, caller))
          .ifPresent(response::setNextPageToken);
      return response.build();
    });
  }

  @Override
  public void regenerateSecret(RegenerateSecretRequest request,
      StreamObserver<RegenerateSecretResponse> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      UUID grantId = grantId(request.getName(), violations);
      Duration grace = previousSecretTtl(request, violations);
      violations.throwIfAny();

      Secret secret = format.generate();
      StoredGrant grant = secrets.regenerate(caller.org(), caller.username(), grantId, grace,
          hasher.hashForStorage(secret), secret.hint());
      log.debug("{} regenerated the secret of {}, new hint {}", caller.username(), grant.name(),
          secret.hint());
      return RegenerateSecretResponse.newBuilder()
          .setGrant(GrantMessages.toProto(grant))
          .setSecret(secret.text())
          .build();
    });
  }

  private static UUID grantId(String name, FieldViolations violations) {
    try {
      return GrantNames.parse(name, "name");
    } catch (InvalidArgumentException e) {
      e.violations().forEach(violation -> violations.add(violation.field(),
          violation.description()));
      return null;
    }
  }

  private static Duration previousSecretTtl(RegenerateSecretRequest request,
      FieldViolations violations) {
    com.google.protobuf.Duration ttl = request.getPreviousSecretTtl();
    if (ttl.getSeconds() < 0 || ttl.getNanos() < 0) {
      violations.add("previous_secret_ttl", "must not be negative");
      return Duration.ZERO;
    }
    if (ttl.getNanos() > 999_999_999
        || ttl.getSeconds() > GracePeriod.MAX_REQUESTABLE.getSeconds()
        || (ttl.getSeconds() == GracePeriod.MAX_REQUESTABLE.getSeconds() && ttl.getNanos() > 0)) {
      violations.add("previous_secret_ttl",
          "must be a duration of at most " + GracePeriod.MAX_REQUESTABLE.toDays() + " days");
      return Duration.ZERO;
    }
    return Duration.ofSeconds(ttl.getSeconds(), ttl.getNanos());
  }
}
