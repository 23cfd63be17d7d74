package io.apigrants.client.cli;

import java.io.PrintWriter;

/** The human form of a response, printed on stdout where {@code --json} would print JSON. */
interface TextView {
  /** Prints the view's lines. */
  void print(PrintWriter out);
}
