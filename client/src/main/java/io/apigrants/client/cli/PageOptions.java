package io.apigrants.client.cli;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/**
 * {@code --page-size}, {@code --page-token} and {@code --all} of the list commands, and how a
 * listing is fetched and printed.
 *
 * <p>Every list response has its items in repeated fields and a {@code next_page_token} string
 * field, so pages can be joined and their token read without knowing the response type.
 */
final class PageOptions {
  private static final String NEXT_PAGE_TOKEN = "next_page_token";

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
   * {@code call(pageSize, pageToken)}, and joins them into one response: the items of every page
   * in order, and the last page's next-page token.
   */
  <R extends Message> R fetch(BiFunction<Integer, String, R> call) {
    R first = call.apply(pageSize, pageToken);
    FieldDescriptor tokenField = tokenField(first);
    Message.Builder joined = first.toBuilder();
    Set<String> seen = new HashSet<>();
    String token = (String) first.getField(tokenField);
    // A token seen before would loop for ever; the server never sends one, but stop anyway.
    while (all && !token.isEmpty() && seen.add(token)) {
      R page = call.apply(pageSize, token);
      joined.mergeFrom(page);
      token = (String) page.getField(tokenField);
      // mergeFrom appends the items but keeps the earlier token when the last page has none.
      joined.setField(tokenField, token);
    }
    @SuppressWarnings("unchecked") // a message's builder builds a message of the same type
    R response = (R) joined.build();
    return response;
  }

  /**
   * Prints a fetched listing as proto3 JSON with {@code --json}, or else as {@code table} and,
   * when there is a next page, a note on how to get it.
   */
  void print(OutputOptions output, Message listing, Table table) {
    output.print(listing, table);
    String nextPageToken = (String) listing.getField(tokenField(listing));
    if (!nextPageToken.isEmpty() && !output.json()) {
      output.note("more results: add --page-token " + nextPageToken + " (or --all)");
    }
  }

  private static FieldDescriptor tokenField(Message listing) {
    FieldDescriptor field = listing.getDescriptorForType().findFieldByName(NEXT_PAGE_TOKEN);
    if (field == null) {
      throw new IllegalArgumentException(
          listing.getDescriptorForType().getName() + " has no " + NEXT_PAGE_TOKEN);
    }
    return field;
  }
}
