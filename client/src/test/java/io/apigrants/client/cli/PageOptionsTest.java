package io.apigrants.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.v1.ListUsersResponse;
import io.apigrants.v1.User;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class PageOptionsTest {
  private static final Map<String, ListUsersResponse> PAGES = Map.of(
      "", page("p2", "alice", "bob"),
      "p2", page("p3", "carol"),
      "p3", page("", "dave"));

  private final Listing listing = new Listing();
  private final CommandLine commandLine = new CommandLine(listing);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<String> tokensAsked = new ArrayList<>();

  PageOptionsTest() {
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
  }

  @Test
  void allJoinsEveryPageAndKeepsTheLastPagesToken() {
    commandLine.parseArgs("--all", "--page-size", "2");

    ListUsersResponse joined = fetch(PAGES);

    assertThat(usernames(joined)).containsExactly("alice", "bob", "carol", "dave");
    assertThat(joined.getNextPageToken()).isEmpty();
    assertThat(tokensAsked).containsExactly("", "p2", "p3");
  }

  @Test
  void withoutAllOnlyThePageAskedForIsFetched() {
    commandLine.parseArgs("--page-token", "p2");

    ListUsersResponse page = fetch(PAGES);

    assertThat(usernames(page)).containsExactly("carol");
    assertThat(page.getNextPageToken()).isEqualTo("p3");
    assertThat(tokensAsked).containsExactly("p2");
  }

  @Test
  void aTokenSeenBeforeEndsTheFetch() {
    commandLine.parseArgs("--all");

    ListUsersResponse joined = fetch(Map.of("", page("p2", "alice"), "p2", page("p2", "bob")));

    assertThat(usernames(joined)).containsExactly("alice", "bob");
    assertThat(tokensAsked).containsExactly("", "p2");
  }

  @Test
  void printShowsTheTableAndNotesTheNextPageOnStderr() {
    commandLine.parseArgs();

    ListUsersResponse page = fetch(PAGES);
    listing.pages.print(listing.output, page, Table.withHeaders("USERNAME").row("alice"));

    assertThat(out.toString().lines()).containsExactly("USERNAME", "alice");
    assertThat(err.toString().lines())
        .containsExactly("more results: add --page-token p2 (or --all)");
  }

  @Test
  void printWithJsonPrintsOnlyTheResponse() {
    commandLine.parseArgs("--json");

    ListUsersResponse page = fetch(PAGES);
    listing.pages.print(listing.output, page, Table.withHeaders("USERNAME").row("alice"));

    assertThat(out.toString()).contains("\"nextPageToken\": \"p2\"").doesNotContain("USERNAME");
    assertThat(err.toString()).isEmpty();
  }

  private ListUsersResponse fetch(Map<String, ListUsersResponse> pages) {
    return listing.pages.fetch((size, token) -> {
      tokensAsked.add(token);
      return pages.get(token);
    });
  }

  private static ListUsersResponse page(String nextPageToken, String... usernames) {
    ListUsersResponse.Builder page = ListUsersResponse.newBuilder()
        .setNextPageToken(nextPageToken);
    for (String username : usernames) {
      page.addUsers(User.newBuilder().setUsername(username));
    }
    return page.build();
  }

  private static List<String> usernames(ListUsersResponse response) {
    return response.getUsersList().stream().map(User::getUsername).toList();
  }

  @Command(name = "list")
  static final class Listing {
    @Mixin
    PageOptions pages;

    @Mixin
    OutputOptions output;
  }
}
