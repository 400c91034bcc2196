package dev.redline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The named ways to run the suite, so CI calls one command each and the settings live in one place:
 *
 * <ul>
 *   <li>{@code quick}: the PR gate. The service's hot paths (no baselines, none of the checker's),
 *       one fork, one 1 s warm-up and five 1 s measurements each (about 80 s for the 11); the gate
 *       runs base and head side by side and pairs their iterations.
 *   <li>{@code full}: the nightly job. Every benchmark with the settings on its class (2 forks, 5+5
 *       iterations).
 *   <li>{@code smoke}: what {@code ./mvnw verify} runs: every benchmark, one fork, one 100 ms
 *       iteration, no warm-up, failing on the first error. Proves each runs and scores, measures
 *       nothing.
 * </ul>
 *
 * {@code quick} and {@code full} write JMH JSON ({@code -rf json}) to {@code jmh-<profile>.json} in
 * the working directory and profile allocation ({@code -prof gc}). Arguments after the profile are
 * JMH's own and win over the profile's: {@code -rff out.json}, {@code -f 3}; a regex replaces the
 * profile's selection.
 *
 * <p>Run: {@code java -cp micro-benchmarks/target/benchmarks.jar dev.redline.bench.Profiles quick
 * -rff target/jmh-quick.json}
 */
public final class Profiles {

  /** Every benchmark of this module. */
  static final String ALL = "^dev\\.redline\\.bench\\.";

  /**
   * The PR gate's selection, one JMH include regex per line: the service's hot paths only (what a
   * pull request to platform-api can slow down; the checker's own benchmarks run nightly), and no
   * multi-threaded one: the gate pins each side to one CPU.
   */
  static final List<String> QUICK =
      List.of(
          "JsonBenchmark\\.serialize(Gzip)?$",
          "CriteriaValidatorBenchmark\\.(valid|invalid)$",
          "\\.RateLimiterBenchmark\\.allowed$",
          "ResponseCacheBenchmark\\.(dashboardHit|configHit)$",
          "RoomBroadcasterBenchmark\\.publish$",
          "AccessDecisionBenchmark\\.decide$");

  /** JMH options that take no value. */
  private static final Set<String> FLAGS = Set.of("-h", "-l", "-lp", "-lprof", "-lrf");

  /** JMH options that may be given several times; the user's add to the profile's. */
  private static final Set<String> REPEATABLE = Set.of("-prof");

  private Profiles() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !List.of("quick", "full", "smoke").contains(args[0])) {
      System.err.println(
          "usage: java -cp benchmarks.jar dev.redline.bench.Profiles quick|full|smoke"
              + " [JMH options and regexes]; got "
              + (args.length == 0 ? "nothing" : "'" + args[0] + "'"));
      System.exit(2);
    }
    List<String> rest = List.of(args).subList(1, args.length);
    org.openjdk.jmh.Main.main(args(args[0], rest).toArray(String[]::new));
  }

  /** The profile's JMH options, for the Runner API. */
  public static CommandLineOptions options(String profile, String... extra)
      throws CommandLineOptionException {
    return new CommandLineOptions(args(profile, List.of(extra)).toArray(String[]::new));
  }

  /** The JMH command line of {@code profile} with {@code extra} applied over it. */
  static List<String> args(String profile, List<String> extra) {
    Map<String, List<String>> opts = new LinkedHashMap<>();
    List<String> includes = new ArrayList<>();
    switch (profile) {
      case "quick" -> {
        includes.addAll(QUICK);
        put(opts, "-f", "1", "-wi", "1", "-i", "5", "-w", "1s", "-r", "1s");
        put(opts, "-prof", "gc", "-rf", "json", "-rff", "jmh-quick.json");
      }
      case "full" -> {
        includes.add(ALL);
        put(opts, "-prof", "gc", "-rf", "json", "-rff", "jmh-full.json");
      }
      case "smoke" -> {
        includes.add(ALL);
        put(opts, "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms", "-foe", "true");
      }
      default -> throw new IllegalArgumentException("unknown profile '" + profile + "'");
    }
    List<String> userIncludes = new ArrayList<>();
    Map<String, List<String>> userOpts = new LinkedHashMap<>();
    for (int i = 0; i < extra.size(); i++) {
      String a = extra.get(i);
      if (!a.startsWith("-")) {
        userIncludes.add(a);
      } else if (FLAGS.contains(a)) {
        userOpts.computeIfAbsent(a, k -> new ArrayList<>());
      } else if (i + 1 < extra.size()) {
        userOpts.computeIfAbsent(a, k -> new ArrayList<>()).add(extra.get(++i));
      } else {
        throw new IllegalArgumentException("JMH option " + a + " needs a value");
      }
    }
    userOpts.forEach(
        (k, v) -> {
          if (REPEATABLE.contains(k)) {
            opts.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v);
          } else {
            opts.put(k, v);
          }
        });
    List<String> out = new ArrayList<>(userIncludes.isEmpty() ? includes : userIncludes);
    opts.forEach(
        (k, values) -> {
          if (values.isEmpty()) {
            out.add(k);
          }
          for (String v : values) {
            out.add(k);
            out.add(v);
          }
        });
    return out;
  }

  private static void put(Map<String, List<String>> opts, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      opts.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
    }
  }
}
