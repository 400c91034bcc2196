package dev.redline.checker.harness;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@link Progress} whose lines a test reads back: progress lines in out(), warnings in err(). */
final class CapturedProgress {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Progress progress = new Progress(new PrintStream(out, true), new PrintStream(err, true), 1);

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
