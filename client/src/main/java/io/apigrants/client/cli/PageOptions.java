package io.apigrants.client.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --page-size}, {@code --page-token} and {@code --all} of the list commands. */
final class PageOptions {
  @Option(names = "--page-size", paramLabel = "N", defaultValue = "0",
      description = "Items per page, 1 to 1000. Default: the server's (50).")
  private int pageSize;

  @Option(names = "--page-token", paramLabel = "TOKEN", defaultValue = "",
      description = "Continue from a previous page's next-page token.")
  private String pageToken;

  @Option(names = "--all", description = "Fetch every page, not just the first.")
  private boolean all;

  /**
   * Fetches the first page, or with {@code --all} every page, calling
   * {@code call(pageSize, pageToken)}.
   */
  <R> List<R> fetch(BiFunction<Integer, String, R> call, Function<R, String> nextPageToken) {
    List<R> pages = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String token = pageToken;
    do {
      R page = call.apply(pageSize, token);
      pages.add(page);
      token = nextPageToken.apply(page);
      // A token seen before would loop for ever; the server never sends one, but stop anyway.
    } while (all && !token.isEmpty() && seen.add(token));
    return pages;
  }

  /** Tells the person at the terminal how to get the next page, if there is one. */
  void noteNextPage(OutputOptions output, String nextPageToken) {
    if (!nextPageToken.isEmpty() && !output.json()) {
      output.note("more results: add --page-token " + nextPageToken + " (or --all)");
    }
  }
}
