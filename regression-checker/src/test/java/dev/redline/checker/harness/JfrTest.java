package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's side-by-side table of the hottest methods, from profiles and from real recordings. */
class JfrTest {
  @TempDir Path tmp;

  @Test
  void theTableListsTheHottestOfEitherSideWithBothShares() {
    Jfr.Profile base = new Jfr.Profile(200, Map.of("a.A.x", 100L, "a.B.y", 60L, "a.C.z", 40L));
    Jfr.Profile head = new Jfr.Profile(100, Map.of("a.A.x", 30L, "a.D.w", 70L));

    List<String> lines = Jfr.sideBySide(base, head, 3);

    assertThat(lines.get(0)).contains("base 200 samples, head 100 samples");
    // D.w 70% on head, A.x 50% on base, B.y 30% on base; C.z (20%) is cut by the top 3.
    assertThat(lines.subList(2, lines.size()))
        .containsExactly(
            "    0.0%   70.0%   +70.0 pp  a.D.w",
            "   50.0%   30.0%   -20.0 pp  a.A.x", "   30.0%    0.0%   -30.0 pp  a.B.y");
  }

  @Test
  void anEmptySideIsZeroNotAnError() {
    Jfr.Profile none = new Jfr.Profile(0, Map.of());
    Jfr.Profile head = new Jfr.Profile(10, Map.of("a.A.x", 10L));

    assertThat(Jfr.sideBySide(none, head, 10))
        .last()
        .isEqualTo("    0.0%  100.0%  +100.0 pp  a.A.x");
  }

  /** Keeps one CPU busy in {@code spin} for about {@code millis}. */
  private static long spinA(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    long x = 0;
    while (System.nanoTime() < end) {
      // Work between clock reads, so that the samples land in this method, not in nanoTime.
      for (int i = 0; i < 100_000; i++) {
        x += Long.numberOfTrailingZeros(x * 31 + 7) ^ x;
      }
    }
    return x;
  }

  private static long spinB(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    long x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    return x;
  }

  private Path record(String name, java.util.function.LongConsumer work, String method)
      throws Exception {
    Path file = tmp.resolve(name + ".jfr");
    for (long millis = 1500; ; millis *= 2) {
      try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
        r.start();
        work.accept(millis);
        r.stop();
        r.dump(file);
      }
      if (Jfr.profile(List.of(file)).share(method) > 0 || millis >= 12_000) {
        return file;
      }
    }
  }

  @Test
  void twoRealRecordingsShowEachSidesOwnHotMethod() throws Exception {
    // The sampler cannot always walk a tight compiled loop's stack: a side whose own method got no
    // sample is recorded again, longer (the rule under test is how samples are counted).
    String a = JfrTest.class.getName() + ".spinA";
    String bb = JfrTest.class.getName() + ".spinB";
    Path base = record("base", millis -> spinA(millis), a);
    Path head = record("head", millis -> spinB(millis), bb);

    Jfr.Profile b = Jfr.profile(List.of(base));
    Jfr.Profile h = Jfr.profile(List.of(head));

    assertThat(b.samples()).isPositive();
    assertThat(h.samples()).isPositive();
    assertThat(b.share(a)).isGreaterThan(b.share(bb));
    assertThat(h.share(bb)).isGreaterThan(h.share(a));
    List<String> lines = Jfr.sideBySide(b, h, 10);
    assertThat(lines).anyMatch(l -> l.endsWith(a)).anyMatch(l -> l.endsWith(bb));
    // Two windows of one side add up.
    assertThat(Jfr.profile(List.of(base, head)).samples()).isEqualTo(b.samples() + h.samples());
  }
}
