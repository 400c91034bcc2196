package dev.redline.checker.harness;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a checkout's JMH benchmarks with a profile of {@code dev.redline.bench.Profiles}. */
public final class Jmh {
  /** The profiles of {@code dev.redline.bench.Profiles}. */
  public static final List<String> PROFILES = List.of("quick", "full");

  private Jmh() {}

  /**
   * Starts the quick profile as JMH JSON into {@code json} (log beside it), pinned with {@code
   * taskset} to {@code cpu} when it is not null (the benchmark JVMs JMH forks inherit the pinning).
   */
  public static Process startQuick(Checkout checkout, Path json, String cpu) {
    // Duet rounds run two JMH instances at once on purpose; JMH's lock would refuse the second.
    return start(
        checkout, "quick", json, log(json), cpu, List.of("-Djmh.ignoreLock=true"), List.of());
  }

  /**
   * Runs {@code profile} into {@code json} with {@code jmhArgs} over the profile's options, its
   * output in {@code log} and copied to {@code echo} as JMH prints it; returns JMH's exit code.
   */
  public static int run(
      Checkout checkout,
      String profile,
      Path json,
      Path log,
      List<String> jmhArgs,
      PrintStream echo) {
    long from = sizeOf(log);
    Process p = start(checkout, profile, json, log, null, List.of(), jmhArgs);
    return Procs.follow(p, log, from, echo);
  }

  private static Process start(
      Checkout checkout,
      String profile,
      Path json,
      Path log,
      String cpu,
      List<String> jvmOptions,
      List<String> jmhArgs) {
    if (!PROFILES.contains(profile)) {
      throw new IllegalArgumentException(
          "unknown JMH profile '" + profile + "'; use " + String.join(" or ", PROFILES));
    }
    Path jar = checkout.benchmarksJar();
    if (!Files.isRegularFile(jar)) {
      throw new HarnessException(jar + " is missing; the build did not produce it");
    }
    List<String> cmd = new ArrayList<>();
    if (cpu != null) {
      cmd.addAll(List.of("taskset", "-c", cpu));
    }
    cmd.add("java");
    cmd.addAll(jvmOptions);
    cmd.addAll(
        List.of(
            "-cp", jar.toString(), "dev.redline.bench.Profiles", profile, "-rff", json.toString()));
    cmd.addAll(jmhArgs);
    return Procs.start(new ProcessBuilder(cmd).directory(checkout.root().toFile()), log);
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

  private static long sizeOf(Path log) {
    try {
      return Files.isRegularFile(log) ? Files.size(log) : 0;
    } catch (java.io.IOException e) {
      throw new HarnessException("cannot read " + log + ": " + e.getMessage(), e);
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
