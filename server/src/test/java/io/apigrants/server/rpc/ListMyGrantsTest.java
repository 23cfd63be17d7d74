package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.Grant;
import io.apigrants.v1.ListMyGrantsRequest;
import io.apigrants.v1.ListMyGrantsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestServer.Store.class)
class ListMyGrantsTest {
  private static SecretScenario scenario;

  @Parameter
  TestServer.Store store;

  private final String org = GrantRows.newOrg();

  @BeforeParameterizedClassInvocation
  static void startServer(TestServer.Store store) {
    scenario = SecretScenario.start(store);
  }

  @AfterParameterizedClassInvocation
  static void stopServer() {
    scenario.close();
  }

  @Test
  void listsOnlyTheCallersOwnGrantsOfTheirOrganisation() {
    UUID first = scenario.rows().grant(org, "alice").insert();
    UUID second = scenario.rows().grant(org, "alice").insert();
    scenario.rows().grant(org, "bob").insert();
    scenario.rows().grant(GrantRows.newOrg(), "alice").insert();

    ListMyGrantsResponse response = scenario.listMyGrants(org, "alice");

    assertThat(response.getGrantsList()).extracting(Grant::getName)
        .containsExactly(GrantNames.format(first), GrantNames.format(second));
    assertThat(response.getNextPageToken()).isEmpty();
  }

  @Test
  void showsSecretMetadataButNeverTheSecret() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId, Duration.ofMinutes(5)).getSecret();

    ListMyGrantsResponse response = scenario.listMyGrants(org, "alice");

    Grant grant = response.getGrants(0);
    assertThat(grant.getSecretState()).isEqualTo(Grant.SecretState.ACTIVE);
    assertThat(grant.getSecretHint()).isEqualTo(secret.substring(10, 16));
    assertThat(grant.hasSecretCreateTime()).isTrue();
    assertThat(response.toString()).doesNotContain(secret.substring(10));
  }

  @Test
  void userWithoutGrantsGetsAnEmptyList() {
    ListMyGrantsResponse response = scenario.listMyGrants(org, "nobody");

    assertThat(response.getGrantsList()).isEmpty();
    assertThat(response.getNextPageToken()).isEmpty();
  }

  @Test
  void pagesCoverEveryGrantOnceInCreationOrder() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(GrantNames.format(scenario.rows().grant(org, "alice").insert()));
    }

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = "";
    do {
      ListMyGrantsResponse page = scenario.server().user(org, "alice").listMyGrants(
          ListMyGrantsRequest.newBuilder().setPageSize(2).setPageToken(token).build());
      page.getGrantsList().forEach(grant -> seen.add(grant.getName()));
      pageSizes.add(page.getGrantsCount());
      token = page.getNextPageToken();
    } while (!token.isEmpty());

    assertThat(seen).isEqualTo(created);
    assertThat(pageSizes).containsExactly(2, 2, 1);
  }

  @Test
  void pageTokenOfAnotherUserIsRefused() {
    scenario.rows().grant(org, "alice").insert();
    scenario.rows().grant(org, "alice").insert();
    String aliceToken = scenario.server().user(org, "alice")
        .listMyGrants(ListMyGrantsRequest.newBuilder().setPageSize(1).build())
        .getNextPageToken();

    StatusRuntimeException failure = failureOf(() -> scenario.server().user(org, "bob")
        .listMyGrants(ListMyGrantsRequest.newBuilder().setPageToken(aliceToken).build()));

    assertThat(aliceToken).isNotEmpty();
    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly("page_token");
  }

  @Test
  void badPageSizeAndTokenAreNamedTogether() {
    for (int pageSize : new int[] {-1, 1001}) {
      ListMyGrantsRequest request = ListMyGrantsRequest.newBuilder()
          .setPageSize(pageSize)
          .setPageToken("bm90LWEtdG9rZW4")
          .build();

      StatusRuntimeException failure =
          failureOf(() -> scenario.server().user(org, "alice").listMyGrants(request));

      assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(badRequestFields(failure)).containsExactly("page_size", "page_token");
    }
  }

  @Test
  void lastUseAppearsOnceFlushed() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    Grant neverUsed = scenario.listMyGrants(org, "alice").getGrants(0);
    scenario.verify(org, secret, "2001:db8:0:0:0:0:0:7");

    scenario.server().server().flushLastUse();

    Grant afterFlush = scenario.listMyGrants(org, "alice").getGrants(0);
    assertThat(neverUsed.hasLastUsedTime()).isFalse();
    assertThat(afterFlush.getLastUsedTime())
        .isEqualTo(GrantMessages.timestamp(scenario.clock().instant()));
    assertThat(afterFlush.getLastUsedIp()).isEqualTo("2001:db8::7");
  }

  @Test
  void lastUseKeepsTheLatestVerification() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    scenario.verify(org, secret, "10.0.0.1");
    scenario.clock().advance(Duration.ofSeconds(3));
    scenario.verify(org, secret, "10.0.0.2");
    scenario.verify(org, secret, "10.0.0.3", "not.granted");

    scenario.server().server().flushLastUse();

    Grant grant = scenario.listMyGrants(org, "alice").getGrants(0);
    assertThat(grant.getLastUsedIp()).isEqualTo("10.0.0.2");
    assertThat(grant.getLastUsedTime())
        .isEqualTo(GrantMessages.timestamp(scenario.clock().instant()));
  }
}
