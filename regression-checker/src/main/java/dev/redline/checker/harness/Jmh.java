package dev.redline.checker.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a checkout's JMH benchmarks with a profile of {@code dev.redline.bench.Profiles}. */
public final class Jmh {
  private Jmh() {}

  /** The quick profile (the PR gate's subset) as JMH JSON into {@code json}; log beside it. */
  public static void quick(Checkout checkout, Path json) {
    Path jar = checkout.benchmarksJar();
    if (!Files.isRegularFile(jar)) {
      throw new HarnessException(jar + " is missing; the build did not produce it");
    }
    Path log = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", ".log"));
    int code =
        Procs.run(
            List.of(
                "java",
                "-cp",
                jar.toString(),
                "dev.redline.bench.Profiles",
                "quick",
                "-rff",
                json.toString()),
            checkout.root(),
            log);
    if (code != 0) {
      System.err.println(Procs.tail(log, 20));
      throw new HarnessException(
          "JMH failed in " + checkout.root() + " (exit " + code + "); log " + log);
    }
  }
}
