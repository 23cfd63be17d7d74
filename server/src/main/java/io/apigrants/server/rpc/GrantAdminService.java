package io.apigrants.server.rpc;

import com.google.protobuf.Empty;
import com.google.protobuf.util.Durations;
import io.apigrants.server.grant.DirectoryRules;
import io.apigrants.server.grant.Etags;
import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.grant.GrantEdit;
import io.apigrants.server.grant.GrantField;
import io.apigrants.server.grant.GrantFields;
import io.apigrants.server.grant.GrantFilter;
import io.apigrants.server.grant.GrantRules;
import io.apigrants.server.grant.NotFoundException;
import io.apigrants.server.grant.PolicyEdit;
import io.apigrants.server.grant.PolicyField;
import io.apigrants.server.grant.PolicyRules;
import io.apigrants.server.grant.ScopeCatalog;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.grant.StoredUser;
import io.apigrants.server.grant.StoredWorkspace;
import io.apigrants.server.grant.Texts;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.store.AuditRecord;
import io.apigrants.server.store.AuditTrail;
import io.apigrants.server.store.DirectoryStore;
import io.apigrants.server.store.GrantStore;
import io.apigrants.server.store.Page;
import io.apigrants.server.store.PolicyStore;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.GetOrgPolicyRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.ListAuditEventsResponse;
import io.apigrants.v1.ListGrantsRequest;
import io.apigrants.v1.ListGrantsResponse;
import io.apigrants.v1.ListScopesRequest;
import io.apigrants.v1.ListScopesResponse;
import io.apigrants.v1.ListUsersRequest;
import io.apigrants.v1.ListUsersResponse;
import io.apigrants.v1.ListWorkspacesRequest;
import io.apigrants.v1.ListWorkspacesResponse;
import io.apigrants.v1.OrgPolicy;
import io.apigrants.v1.UpdateGrantRequest;
import io.apigrants.v1.UpdateOrgPolicyRequest;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import io.apigrants.v1.Workspace;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * GrantAdmin: what an Org Security Admin does, always inside the caller's own organisation.
 *
 * <p>The role check happens before any method runs (the service is wrapped by the
 * authentication interceptor). Each method reads its request into validated domain values,
 * naming every bad field at once (for a grant, with the policy's objections to its well-formed
 * fields too), then hands them to a store, which does the rest in one transaction together with
 * the audit record.
 */
public final class GrantAdminService extends GrantAdminGrpc.GrantAdminImplBase {
  private static final int MAX_AUDIT_TARGET = 300;
  private static final int MAX_AUDIT_ACTOR = 200;

  private final GrantStore grants;
  private final DirectoryStore directory;
  private final PolicyStore policies;
  private final AuditTrail auditTrail;
  private final ScopeCatalog catalog;
  private final GrantRules grantRules;
  private final GrantRequests grantRequests;
  private final PolicyRules policyRules;
  private final PageTokens pageTokens;

  /** Time from {@code clock} decides whether an expiry lies in the future. */
  public GrantAdminService(GrantStore grants, DirectoryStore directory, PolicyStore policies,
      AuditTrail auditTrail, ScopeCatalog catalog, PageTokens pageTokens, Clock clock) {
    this.grants = grants;
    this.directory = directory;
    this.policies = policies;
    this.auditTrail = auditTrail;
    this.catalog = catalog;
    this.grantRules = new GrantRules(catalog, clock);
    this.grantRequests = new GrantRequests(grantRules);
    this.policyRules = new PolicyRules(catalog);
    this.pageTokens = pageTokens;
  }

  @Override
  public void createGrant(CreateGrantRequest request, StreamObserver<Grant> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      Optional<String> requestId =
          GrantRules.requestId(request.getRequestId(), "request_id", violations);
      // A retry answers what the first call made, even if time or policy moved on since.
      Optional<StoredGrant> earlier = requestId.flatMap(
          id -> grants.findByRequestId(caller.org(), caller.username(), id));
      if (earlier.isPresent()) {
        return GrantMessages.toProto(earlier.get());
      }

      GrantRequests.NewGrant grant = grantRequests.newGrant(request.getGrant(),
          directory.of(caller.org()), violations);
      if (!violations.isEmpty()) {
        grantRules.addPolicyViolations(policies.find(caller.org()), grant.values(), violations);
      }
      violations.throwIfAny();
      return GrantMessages.toProto(grants.create(caller.org(), caller.username(),
          grant.complete().orElseThrow(), requestId));
    });
  }

  @Override
  public void getGrant(GetGrantRequest request, StreamObserver<Grant> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      UUID id = grantId(request.getName(), "name");
      return GrantMessages.toProto(grants.find(caller.org(), id)
          .orElseThrow(() -> new NotFoundException(request.getName())));
    });
  }

  @Override
  public void listGrants(ListGrantsRequest request,
      StreamObserver<ListGrantsResponse> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      int pageSize = PageSizes.resolve(request.getPageSize(), violations);
      Optional<String> workspace = optional(request.getWorkspace(),
          raw -> DirectoryRules.workspaceId(raw, "workspace", violations));
      Optional<String> username = optional(request.getUsername(),
          raw -> DirectoryRules.username(raw, "username", violations));
      Optional<Boolean> disabled = switch (request.getState()) {
        case STATE_UNSPECIFIED -> Optional.empty();
        case ENABLED -> Optional.of(false);
        case DISABLED -> Optional.of(true);
        default -> {
          violations.add("state", "unknown state");
          yield Optional.empty();
        }
      };
      String[] binding = {"ListGrants", caller.org(), request.getWorkspace(),
          request.getUsername(), request.getState().name()};
      Optional<String> cursor = pageTokens.decode(request.getPageToken(), violations, binding);
      violations.throwIfAny();

      Page<StoredGrant> page = grants.list(caller.org(),
          new GrantFilter(workspace, username, disabled), cursor, pageSize);
      return ListGrantsResponse.newBuilder()
          .addAllGrants(page.items().stream().map(GrantMessages::toProto).toList())
          .setNextPageToken(pageTokens.encode(page.nextCursor(), binding))
          .build();
    });
  }

  @Override
  public void updateGrant(UpdateGrantRequest request, StreamObserver<Grant> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      Optional<UUID> id =
          GrantRequests.grantId(request.getGrant().getName(), "grant.name", violations);
      Optional<Set<GrantField>> mask =
          GrantField.parseMask(request.getUpdateMask().getPathsList(), violations);
      Optional<GrantEdit> edit = mask.map(fields -> grantRequests.edit(request.getGrant(),
          fields, directory.of(caller.org()), violations));
      String etag = Etags.fromRequest(request.getGrant().getEtag(), "grant.etag", violations);
      if (!violations.isEmpty() && id.isPresent() && edit.isPresent()) {
        // Only what the edit changes answers to the policy, as in the write itself.
        grants.find(caller.org(), id.get()).ifPresent(current -> grantRules.addPolicyViolations(
            policies.find(caller.org()), edit.get().changesTo(GrantFields.of(current)),
            violations));
      }
      violations.throwIfAny();

      return GrantMessages.toProto(grants.update(caller.org(), caller.username(),
          id.orElseThrow(), etag, edit.orElseThrow()));
    });
  }

  @Override
  public void deleteGrant(DeleteGrantRequest request, StreamObserver<Empty> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      GrantWrite write = GrantWrite.of(request.getName(), request.getEtag());
      grants.delete(caller.org(), caller.username(), write.id(), write.etag());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void disableGrant(DisableGrantRequest request, StreamObserver<Grant> responseObserver) {
    Calls.unary(responseObserver, () -> setDisabled(request.getName(), request.getEtag(), true));
  }

  @Override
  public void enableGrant(EnableGrantRequest request, StreamObserver<Grant> responseObserver) {
    Calls.unary(responseObserver, () -> setDisabled(request.getName(), request.getEtag(), false));
  }

  private Grant setDisabled(String name, String etag, boolean disabled) {
    CallerIdentity caller = CallerIdentity.current();
    GrantWrite write = GrantWrite.of(name, etag);
    return GrantMessages.toProto(grants.setDisabled(caller.org(), caller.username(), write.id(),
        write.etag(), disabled));
  }

  @Override
  public void listScopes(ListScopesRequest request,
      StreamObserver<ListScopesResponse> responseObserver) {
    Calls.unary(responseObserver, () -> ListScopesResponse.newBuilder()
        .addAllScopes(catalog.scopes().stream().map(AdminMessages::toProto).toList())
        .build());
  }

  @Override
  public void createWorkspace(CreateWorkspaceRequest request,
      StreamObserver<Workspace> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      Workspace workspace = request.getWorkspace();
      Optional<String> id =
          DirectoryRules.workspaceId(workspace.getId(), "workspace.id", violations);
      Optional<String> displayName = DirectoryRules.workspaceDisplayName(
          workspace.getDisplayName(), "workspace.display_name", violations);
      violations.throwIfAny();

      return AdminMessages.toProto(directory.createWorkspace(caller.org(), caller.username(),
          id.orElseThrow(), displayName.orElseThrow()));
    });
  }

  @Override
  public void listWorkspaces(ListWorkspacesRequest request,
      StreamObserver<ListWorkspacesResponse> responseObserver) {
    Calls.unary(responseObserver, () -> {
      Page<StoredWorkspace> page = listPage(request.getPageSize(), request.getPageToken(),
          "ListWorkspaces", directory::listWorkspaces);
      return ListWorkspacesResponse.newBuilder()
          .addAllWorkspaces(page.items().stream().map(AdminMessages::toProto).toList())
          .setNextPageToken(pageTokens.encode(page.nextCursor(), "ListWorkspaces",
              CallerIdentity.current().org()))
          .build();
    });
  }

  @Override
  public void upsertUser(UpsertUserRequest request, StreamObserver<User> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      User user = request.getUser();
      Optional<String> username =
          DirectoryRules.username(user.getUsername(), "user.username", violations);
      Optional<String> displayName = DirectoryRules.userDisplayName(
          user.getDisplayName(), "user.display_name", violations);
      boolean disabled = switch (user.getState()) {
        case STATE_UNSPECIFIED, ACTIVE -> false;
        case DISABLED -> true;
        default -> {
          violations.add("user.state", "unknown state");
          yield false;
        }
      };
      violations.throwIfAny();

      return AdminMessages.toProto(directory.upsertUser(caller.org(), caller.username(),
          username.orElseThrow(), displayName.orElseThrow(), disabled));
    });
  }

  @Override
  public void listUsers(ListUsersRequest request,
      StreamObserver<ListUsersResponse> responseObserver) {
    Calls.unary(responseObserver, () -> {
      Page<StoredUser> page = listPage(request.getPageSize(), request.getPageToken(),
          "ListUsers", directory::listUsers);
      return ListUsersResponse.newBuilder()
          .addAllUsers(page.items().stream().map(AdminMessages::toProto).toList())
          .setNextPageToken(pageTokens.encode(page.nextCursor(), "ListUsers",
              CallerIdentity.current().org()))
          .build();
    });
  }

  @Override
  public void getOrgPolicy(GetOrgPolicyRequest request,
      StreamObserver<OrgPolicy> responseObserver) {
    Calls.unary(responseObserver,
        () -> AdminMessages.toProto(policies.find(CallerIdentity.current().org())));
  }

  @Override
  public void updateOrgPolicy(UpdateOrgPolicyRequest request,
      StreamObserver<OrgPolicy> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      OrgPolicy policy = request.getPolicy();
      Set<PolicyField> mask = PolicyField.parseMask(request.getUpdateMask().getPathsList(),
          violations).orElse(Set.of());
      PolicyEdit edit = new PolicyEdit(
          mask.contains(PolicyField.MAX_GRANT_LIFETIME)
              ? duration(policy.getMaxGrantLifetime(), PolicyField.MAX_GRANT_LIFETIME,
                  violations).flatMap(d -> policyRules.maxGrantLifetime(d, violations))
              : Optional.empty(),
          mask.contains(PolicyField.REQUIRE_IP_ALLOWLIST)
              ? Optional.of(policy.getRequireIpAllowlist()) : Optional.empty(),
          mask.contains(PolicyField.ALLOWED_SCOPES)
              ? policyRules.allowedScopes(policy.getAllowedScopesList(), violations)
              : Optional.empty(),
          mask.contains(PolicyField.MAX_PREVIOUS_SECRET_TTL)
              ? duration(policy.getMaxPreviousSecretTtl(), PolicyField.MAX_PREVIOUS_SECRET_TTL,
                  violations).flatMap(d -> policyRules.maxPreviousSecretTtl(d, violations))
              : Optional.empty());
      String etag = Etags.fromRequest(policy.getEtag(), "policy.etag", violations);
      violations.throwIfAny();

      return AdminMessages.toProto(
          policies.update(caller.org(), caller.username(), edit, etag));
    });
  }

  @Override
  public void listAuditEvents(ListAuditEventsRequest request,
      StreamObserver<ListAuditEventsResponse> responseObserver) {
    Calls.unary(responseObserver, () -> {
      CallerIdentity caller = CallerIdentity.current();
      FieldViolations violations = new FieldViolations();
      int pageSize = PageSizes.resolve(request.getPageSize(), violations);
      Optional<String> target =
          Texts.lookupText(request.getTarget(), "target", MAX_AUDIT_TARGET, violations);
      Optional<String> actor =
          Texts.lookupText(request.getActor(), "actor", MAX_AUDIT_ACTOR, violations);
      String[] binding = {"ListAuditEvents", caller.org(), request.getTarget(),
          request.getActor()};
      Optional<String> cursor = pageTokens.decode(request.getPageToken(), violations, binding);
      violations.throwIfAny();

      Page<AuditRecord> page = auditTrail.list(caller.org(), target, actor, cursor, pageSize);
      return ListAuditEventsResponse.newBuilder()
          .addAllAuditEvents(page.items().stream().map(AdminMessages::toProto).toList())
          .setNextPageToken(pageTokens.encode(page.nextCursor(), binding))
          .build();
    });
  }

  /** The grant id in {@code name}, or an {@code INVALID_ARGUMENT} naming {@code field}. */
  private static UUID grantId(String name, String field) {
    FieldViolations violations = new FieldViolations();
    Optional<UUID> id = GrantRequests.grantId(name, field, violations);
    violations.throwIfAny();
    return id.orElseThrow();
  }

  /** The grant a write names and the etag it was read at. */
  private record GrantWrite(UUID id, String etag) {
    /** Reads both fields, or an {@code INVALID_ARGUMENT} naming each bad one. */
    static GrantWrite of(String name, String etag) {
      FieldViolations violations = new FieldViolations();
      Optional<UUID> id = GrantRequests.grantId(name, "name", violations);
      String checkedEtag = Etags.fromRequest(etag, "etag", violations);
      violations.throwIfAny();
      return new GrantWrite(id.orElseThrow(), checkedEtag);
    }
  }

  /** A page of a list bound to the caller's organisation alone (no filters). */
  private <T> Page<T> listPage(int requestedSize, String token, String method,
      PageReader<T> reader) {
    String org = CallerIdentity.current().org();
    FieldViolations violations = new FieldViolations();
    int pageSize = PageSizes.resolve(requestedSize, violations);
    Optional<String> cursor = pageTokens.decode(token, violations, method, org);
    violations.throwIfAny();
    return reader.read(org, cursor, pageSize);
  }

  /** A store's list method: organisation, cursor, page size. */
  private interface PageReader<T> {
    Page<T> read(String org, Optional<String> cursor, int pageSize);
  }

  private static Optional<String> optional(String raw,
      Function<String, Optional<String>> validate) {
    return raw.isEmpty() ? Optional.empty() : validate.apply(raw);
  }

  private static Optional<Duration> duration(com.google.protobuf.Duration raw, PolicyField field,
      FieldViolations violations) {
    if (!Durations.isValid(raw)) {
      violations.add(field.requestField(), "not a valid duration");
      return Optional.empty();
    }
    return Optional.of(AdminMessages.duration(raw));
  }
}
