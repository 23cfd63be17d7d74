package io.apigrants.server.verify;

import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.store.SecretStore;
import java.util.Optional;

/**
 * Takes reports of secrets found in the wild and invalidates the ones that are live.
 *
 * <p>The reporter learns nothing: a malformed, unknown, already revoked or live secret all get
 * the same empty answer, and every well-formed secret costs the same hashing and lookup. Any
 * verifier may report a secret of any organisation, since holding a secret already gives all
 * its power and killing it only helps; the report goes to the audit trail of the grant's
 * organisation.
 */
public final class LeakReports {
  static final int MAX_REPORTER_LENGTH = 200;
  static final int MAX_LOCATION_LENGTH = 2000;
  private static final String REDACTED = "[reported secret]";

  private final SecretFormat format;
  private final SecretHasher hasher;
  private final SecretStore store;

  public LeakReports(SecretFormat format, SecretHasher hasher, SecretStore store) {
    this.format = format;
    this.hasher = hasher;
    this.store = store;
  }

  /**
   * Invalidates {@code secretText} if it is live and records who found it where.
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

    Optional<Secret> secret = format.parse(secretText);
    if (secret.isEmpty()) {
      return;
    }
    // People paste the whole finding, URL query and all: the audit trail must not keep the secret.
    // Not yet: a live secret's report answers later than an unknown one's, by its extra writes.
    store.revokeLeaked(hasher.hashesUnderEveryPepper(secret.get()), caller.username(),
        caller.org(), secret.get().redactFrom(reporter, REDACTED),
        secret.get().redactFrom(location, REDACTED));
  }
}
