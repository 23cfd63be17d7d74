package io.apigrants.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.ListScopesRequest;
import io.apigrants.v1.Scope;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ListScopes answers the catalog a server runs with; here the built-in default. */
class ListScopesTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @ParameterizedTest
  @EnumSource(Store.class)
  void defaultCatalogIsReadAndWriteOfEachFamilyInOrder(Store store) {
    AdminFixture org = servers.seeded(store);

    List<Scope> scopes =
        org.admin.listScopes(ListScopesRequest.getDefaultInstance()).getScopesList();

    assertThat(scopes).extracting(Scope::getId, Scope::getDisplayName).containsExactly(
        tuple("spreadsheets.read", "Spreadsheets (Read)"),
        tuple("spreadsheets.write", "Spreadsheets (Write)"),
        tuple("files.read", "Files (Read)"),
        tuple("files.write", "Files (Write)"),
        tuple("datatables.read", "Data tables (Read)"),
        tuple("datatables.write", "Data tables (Write)"),
        tuple("graph.read", "Graph (Read)"),
        tuple("graph.write", "Graph (Write)"),
        tuple("admin.read", "Admin (Read)"),
        tuple("admin.write", "Admin (Write)"));
  }
}
