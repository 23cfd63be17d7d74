package io.apigrants.server.verify;

import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.store.LeakReportStore;
import java.util.Optional;

/**
 * Takes reports of secrets found in the wild and invalidates the ones that are live.
 *
 * <p>The reporter learns nothing: a malformed, unknown, already revoked or live secret all get
 * the same empty answer, and every well-formed secret costs the same hashing and lookup. Any
 * verifier may report a secret of any organisation, since holding a secret already gives all
 * its power and killing it only helps. Every report is recorded in the reporter's organisation;
 * {@link LeakReportStore} says what each organisation's trail learns.
 */
public final class LeakReports {
  static final int MAX_REPORTER_LENGTH = 200;
  static final int MAX_LOCATION_LENGTH = 2000;
  private static final String REDACTED = "[reported secret]";

  private final SecretFormat format;
  private final SecretHasher hasher;
  private final LeakReportStore store;

  public LeakReports(SecretFormat format, SecretHasher hasher, LeakReportStore store) {
    this.format = format;
    this.hasher = hasher;
    this.store = store;
  }

  /**
   * Invalidates {@code secretText} if it is live and records who found it where, whatever the
   * secret was.
   *
   * @throws io.apigrants.server.grant.InvalidArgumentException when the secret or reporter is
   *     missing or a field is too long; never because of what the secret is
   */
  public void report(CallerIdentity caller, String secretText, String reporter, String location) {
    FieldViolations violations = new FieldViolations();
    if (secretText.isEmpty()) {
      violations.add("secret", "required");
    }
    if (reporter.isBlank()) {
      violations.add("reporter", "required: who or what found the secret");
    } else if (reporter.length() > MAX_REPORTER_LENGTH) {
      violations.add("reporter", "at most " + MAX_REPORTER_LENGTH + " characters");
    }
    if (location.length() > MAX_LOCATION_LENGTH) {
      violations.add("location", "at most " + MAX_LOCATION_LENGTH + " characters");
    }
    violations.throwIfAny();

    // People paste the whole finding, URL query and all: the audit trail must not keep the secret,
    // nor a mistyped or truncated copy of it.
    LeakReportStore.Report report = new LeakReportStore.Report(caller.org(), caller.username(),
        format.redact(secretText, reporter, REDACTED),
        format.redact(secretText, location, REDACTED));
    Optional<Secret> secret = format.parse(secretText);
    if (secret.isEmpty()) {
      store.recordMalformed(report);
      return;
    }
    // Not yet: a live secret's report answers later than an unknown one's, by its extra writes.
    store.revokeLeaked(hasher.hashesUnderEveryPepper(secret.get()), report);
  }
}
