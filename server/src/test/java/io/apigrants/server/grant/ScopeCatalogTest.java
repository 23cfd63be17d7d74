package io.apigrants.server.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeCatalogTest {

  @Test
  void defaultCatalogHasReadAndWriteOfEachFamily() {
    ScopeCatalog catalog = ScopeCatalog.defaults();

    assertThat(catalog.scopes()).extracting(ScopeCatalog.Scope::id).containsExactly(
        "spreadsheets.read", "spreadsheets.write", "files.read", "files.write",
        "datatables.read", "datatables.write", "graph.read", "graph.write",
        "admin.read", "admin.write");
    assertThat(catalog.scopes().get(0).displayName()).isEqualTo("Spreadsheets (Read)");
    assertThat(catalog.scopes().get(5).displayName()).isEqualTo("Data tables (Write)");
  }

  @Test
  void fileReplacesTheDefaultsInItsOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("scopes");
    Files.writeString(file, "# Our scopes\n\nreports.read = Reports (Read)\n"
        + "billing.invoices.write=Invoices (Write)\n");

    ScopeCatalog catalog = ScopeCatalog.load(Optional.of(file));

    assertThat(catalog.scopes()).containsExactly(
        new ScopeCatalog.Scope("reports.read", "Reports (Read)"),
        new ScopeCatalog.Scope("billing.invoices.write", "Invoices (Write)"));
    assertThat(catalog.contains("spreadsheets.read")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "no-equals-sign", "Upper.Case=Name", "a..b=Name", "ok.read=", "a.read=A\na.read=Again",
      "# only a comment", "with space=Name", "x.read=Bad\u0007name"})
  void malformedFilesFailNamingTheSetting(String content) {
    assertThatThrownBy(() -> ScopeCatalog.parse(content))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_SCOPES_FILE");
  }

  @Test
  void missingFileFailsNamingTheSetting(@TempDir Path dir) {
    assertThatThrownBy(() -> ScopeCatalog.load(Optional.of(dir.resolve("absent"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_SCOPES_FILE");
  }
}
