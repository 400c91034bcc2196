package dev.redline.checker.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in this JVM and keeps what it printed, for tests of whole commands. */
final class Cli {
  private Cli() {}

  /** Exit code, stdout and stderr of one run. */
  record Result(int code, String out, String err) {}

  static Result redline(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = RedlineCommand.run(args, new PrintStream(o, true), new PrintStream(e, true));
    return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }
}
