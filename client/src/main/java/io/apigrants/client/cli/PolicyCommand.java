package io.apigrants.client.cli;

import com.google.protobuf.FieldMask;
import io.apigrants.v1.GetOrgPolicyRequest;
import io.apigrants.v1.OrgPolicy;
import io.apigrants.v1.UpdateOrgPolicyRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grantctl policy get|set}: the organisation's rules for grants. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Shows and edits the organisation's grant policy (needs org_security_admin).",
    subcommands = {PolicyCommand.Get.class, PolicyCommand.Set.class},
    footerHeading = "%nExample:%n",
    footer = "  grantctl policy get")
final class PolicyCommand extends CommandGroup {

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Shows the policy (the defaults when it was never set).",
      footerHeading = "%nExample:%n",
      footer = "  grantctl policy get --json")
  static final class Get implements Callable<Integer> {
    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      OrgPolicy policy = connection.call(client -> client.grantAdmin().getOrgPolicy(
          GetOrgPolicyRequest.getDefaultInstance()));
      output.print(policy, fields(policy));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = {
          "Edits the policy fields whose flags are given. Existing grants are not changed;"
              + " later writes must follow the new rules.",
          "",
          "Like 'grants update', the edit is conditional on the policy's etag: --etag from an"
              + " earlier 'policy get', or else the etag grantctl reads just before writing."},
      footerHeading = "%nExample:%n",
      footer = {
          "  grantctl policy set --max-grant-lifetime 90d --require-ip-allowlist true \\",
          "      --allowed-scopes spreadsheets.read,spreadsheets.write"})
  static final class Set implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--max-grant-lifetime", paramLabel = "DURATION",
        converter = Conversions.DurationConverter.class,
        description = "Longest time from now to a grant's expiry, e.g. 365d.")
    private Duration maxGrantLifetime;

    @Option(names = "--require-ip-allowlist", paramLabel = "true|false", arity = "1",
        description = "Whether every grant must name at least one allowlist entry.")
    private Boolean requireIpAllowlist;

    @Option(names = "--allowed-scopes", paramLabel = "LIST",
        description = "Scope ids that may be granted, comma-separated; \"\" allows every scope.")
    private String allowedScopes;

    @Option(names = "--max-previous-secret-ttl", paramLabel = "DURATION",
        converter = Conversions.DurationConverter.class,
        description = "Longest rotation grace period a user may ask for, e.g. 24h; 0 for none.")
    private Duration maxPreviousSecretTtl;

    @Option(names = "--etag", paramLabel = "ETAG",
        description = "Edit only if the policy still has this etag.")
    private String etag;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      FieldEdits<OrgPolicy.Builder> edits = new FieldEdits<>(OrgPolicy.newBuilder())
          .set("max_grant_lifetime", maxGrantLifetime,
              (policy, value) -> policy.setMaxGrantLifetime(Formats.proto(value)))
          .set("require_ip_allowlist", requireIpAllowlist,
              OrgPolicy.Builder::setRequireIpAllowlist)
          .set("allowed_scopes", allowedScopes,
              (policy, value) -> policy.addAllAllowedScopes(Conversions.commaSeparated(value)))
          .set("max_previous_secret_ttl", maxPreviousSecretTtl,
              (policy, value) -> policy.setMaxPreviousSecretTtl(Formats.proto(value)));
      FieldMask mask = edits.mask(spec, "nothing to set: give at least one of"
          + " --max-grant-lifetime, --require-ip-allowlist, --allowed-scopes,"
          + " --max-previous-secret-ttl");
      OrgPolicy.Builder policy = edits.resource();

      OrgPolicy updated = connection.call(client -> {
        policy.setEtag(etag != null ? etag : client.grantAdmin()
            .getOrgPolicy(GetOrgPolicyRequest.getDefaultInstance()).getEtag());
        return client.grantAdmin().updateOrgPolicy(UpdateOrgPolicyRequest.newBuilder()
            .setPolicy(policy)
            .setUpdateMask(mask)
            .build());
      });
      output.print(updated, fields(updated));
      return ExitCode.OK;
    }
  }

  private static Fields fields(OrgPolicy policy) {
    List<String> scopes = policy.getAllowedScopesList();
    return new Fields()
        .add("max grant lifetime", Formats.duration(policy.getMaxGrantLifetime()))
        .add("require ip allowlist", policy.getRequireIpAllowlist())
        .add("allowed scopes", scopes.isEmpty() ? "(every scope)" : Formats.list(scopes))
        .add("max previous secret ttl", Formats.duration(policy.getMaxPreviousSecretTtl()))
        .add("updated", Formats.time(policy.getUpdateTime()))
        .add("etag", policy.getEtag());
  }
}
