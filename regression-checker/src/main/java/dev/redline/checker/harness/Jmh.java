package dev.redline.checker.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a checkout's JMH benchmarks with a profile of {@code dev.redline.bench.Profiles}. */
public final class Jmh {
  private Jmh() {}

  /**
   * Starts the quick profile as JMH JSON into {@code json} (log beside it), pinned with {@code
   * taskset} to {@code cpu} when it is not null (the benchmark JVMs JMH forks inherit the pinning).
   */
  public static Process startQuick(Checkout checkout, Path json, String cpu) {
    Path jar = checkout.benchmarksJar();
    if (!Files.isRegularFile(jar)) {
      throw new HarnessException(jar + " is missing; the build did not produce it");
    }
    List<String> cmd = new java.util.ArrayList<>();
    if (cpu != null) {
      cmd.addAll(List.of("taskset", "-c", cpu));
    }
    cmd.addAll(
        List.of(
            "java",
            // Duet rounds run two JMH instances at once on purpose; JMH's lock would refuse the
            // second.
            "-Djmh.ignoreLock=true",
            "-cp",
            jar.toString(),
            "dev.redline.bench.Profiles",
            "quick",
            "-rff",
            json.toString()));
    return Procs.start(new ProcessBuilder(cmd).directory(checkout.root().toFile()), log(json));
  }

  /** Waits for a run {@link #startQuick} started; fails naming its log. */
  public static void await(Process p, Checkout checkout, Path json) {
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      Procs.stop(p.toHandle(), 5);
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted during JMH", e);
    }
    if (code != 0 || !Files.isRegularFile(json)) {
      System.err.println(Procs.tail(log(json), 20));
      throw new HarnessException(
          "JMH failed in " + checkout.root() + " (exit " + code + "); log " + log(json));
    }
  }

  private static Path log(Path json) {
    return json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", ".log"));
  }

  /** The quick profile (the PR gate's subset) as JMH JSON into {@code json}; log beside it. */
  public static void quick(Checkout checkout, Path json) {
    await(startQuick(checkout, json, null), checkout, json);
  }
}
