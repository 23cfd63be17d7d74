package io.apigrants.server.grant;

import io.apigrants.server.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scopes grants can carry in this deployment, in the order admins see them.
 *
 * <p>Loaded once at start from {@code APIGRANTS_SCOPES_FILE} (one {@code id=Display name} a
 * line; blank lines and lines starting with {@code #} are ignored) or, when unset, the built-in
 * catalog of {@link #defaults()}.
 */
public final class ScopeCatalog {
  private static final Logger log = LoggerFactory.getLogger(ScopeCatalog.class);
  /** Lower-case dotted words such as {@code spreadsheets.read}; fits org_policy_scope. */
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");
  private static final int MAX_ID = 100;
  private static final int MAX_DISPLAY_NAME = 100;

  private final Map<String, Scope> byId;

  /** One scope: its stable id and what admins see. */
  public record Scope(String id, String displayName) {}

  private ScopeCatalog(List<Scope> scopes) {
    Map<String, Scope> map = new LinkedHashMap<>();
    scopes.forEach(scope -> map.put(scope.id(), scope));
    this.byId = map;
  }

  /** The built-in catalog: Spreadsheets, Files, Data tables, Graph and Admin, Read and Write. */
  public static ScopeCatalog defaults() {
    List<Scope> scopes = new ArrayList<>();
    for (String[] family : new String[][] {
        {"spreadsheets", "Spreadsheets"},
        {"files", "Files"},
        {"datatables", "Data tables"},
        {"graph", "Graph"},
        {"admin", "Admin"}}) {
      scopes.add(new Scope(family[0] + ".read", family[1] + " (Read)"));
      scopes.add(new Scope(family[0] + ".write", family[1] + " (Write)"));
    }
    return new ScopeCatalog(scopes);
  }

  /** Reads {@code file} when configured, else the built-in catalog; fails naming the setting. */
  public static ScopeCatalog load(Optional<Path> file) {
    if (file.isEmpty()) {
      ScopeCatalog catalog = defaults();
      log.info("scope catalog: the built-in {} scopes", catalog.byId.size());
      return catalog;
    }
    ScopeCatalog catalog;
    try {
      catalog = parse(Files.readString(file.get(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot read APIGRANTS_SCOPES_FILE " + file.get(), e);
    }
    log.info("scope catalog: {} scopes from {}", catalog.byId.size(), file.get());
    return catalog;
  }

  /** Parses the file format described on the class. */
  public static ScopeCatalog parse(String content) {
    List<Scope> scopes = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "APIGRANTS_SCOPES_FILE line " + (i + 1);
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new ConfigException(where + ": expected id=Display name");
      }
      String id = line.substring(0, equals).strip();
      String displayName = line.substring(equals + 1).strip();
      if (id.length() > MAX_ID || !ID.matcher(id).matches()) {
        throw new ConfigException(where + ": scope ids are lower-case dotted words of at most "
            + MAX_ID + " characters, such as spreadsheets.read");
      }
      if (displayName.isEmpty() || displayName.length() > MAX_DISPLAY_NAME
          || Texts.hasControlCharacters(displayName)) {
        throw new ConfigException(where + ": display names are 1 to " + MAX_DISPLAY_NAME
            + " printable characters");
      }
      if (seen.put(id, Boolean.TRUE) != null) {
        throw new ConfigException(where + ": scope " + id + " is listed twice");
      }
      scopes.add(new Scope(id, displayName));
    }
    if (scopes.isEmpty()) {
      throw new ConfigException("APIGRANTS_SCOPES_FILE lists no scope");
    }
    return new ScopeCatalog(scopes);
  }

  /** Every scope, in catalog order. */
  public List<Scope> scopes() {
    return List.copyOf(byId.values());
  }

  /** Whether {@code id} is a scope of this catalog. */
  public boolean contains(String id) {
    return byId.containsKey(id);
  }
}
