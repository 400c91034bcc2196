package dev.redline.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checker's packages follow its data flow: results come in through {@code ingest} into the
 * {@code model}, the use cases tie store, decision and reports together, the {@code harness}
 * measures and calls the use cases, and {@code cli} only parses and prints. Read from the sources:
 * every {@code dev.redline.checker.X} a file of a top-level package names (imports, fully qualified
 * names, Javadoc links) is a dependency of that package on X.
 */
class PackageRulesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/redline/checker");
  private static final Pattern REFERENCE = Pattern.compile("dev\\.redline\\.checker\\.([a-z]+)\\b");

  /** What each package may not use. */
  private static final Map<String, Set<String>> FORBIDDEN =
      Map.of(
          "harness", Set.of("cli"),
          "usecase", Set.of("cli", "harness"),
          "ingest", Set.of("cli", "harness", "usecase"),
          "model",
              Set.of(
                  "cli",
                  "harness",
                  "usecase",
                  "ingest",
                  "store",
                  "decide",
                  "stats",
                  "report",
                  "changepoint"),
          "store", Set.of("cli", "harness", "usecase"),
          "decide", Set.of("cli", "harness", "usecase"),
          "stats", Set.of("cli", "harness", "usecase"),
          "report", Set.of("cli", "harness", "usecase"),
          "changepoint", Set.of("cli", "harness", "usecase"));

  /**
   * Dependencies against the rules kept for now, each with its reason, as {@code "from -> to:
   * file"}. Empty: there is none.
   */
  private static final Map<String, String> EXCEPTIONS = Map.of();

  /** Package -> the packages its files name, with the file naming each. */
  private static Map<String, Map<String, Set<String>>> uses;

  @BeforeAll
  static void readTheSources() throws IOException {
    uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path rel = SOURCES.relativize(f);
        if (rel.getNameCount() < 2) {
          continue; // Main, outside every package
        }
        String from = rel.getName(0).toString();
        Map<String, Set<String>> to = uses.computeIfAbsent(from, k -> new TreeMap<>());
        for (String line : lines(f)) {
          if (line.startsWith("package ")) {
            continue;
          }
          Matcher m = REFERENCE.matcher(line);
          while (m.find()) {
            if (!m.group(1).equals(from)) {
              to.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(rel.toString());
            }
          }
        }
      }
    }
  }

  @Test
  void theSourcesAreRead() {
    // A scan that found nothing would pass every rule.
    assertThat(uses).containsKeys("cli", "harness", "usecase", "ingest", "model", "store");
    assertThat(uses.get("cli")).containsKeys("harness", "usecase", "ingest");
    assertThat(uses.get("harness")).containsKeys("ingest", "usecase");
  }

  @Test
  void everyPackageUsesOnlyWhatItsPlaceInTheFlowAllows() {
    List<String> violations = new ArrayList<>();
    uses.forEach(
        (from, to) ->
            to.forEach(
                (target, files) -> {
                  if (FORBIDDEN.getOrDefault(from, Set.of()).contains(target)) {
                    for (String file : files) {
                      String v = from + " -> " + target + ": " + file;
                      if (!EXCEPTIONS.containsKey(v)) {
                        violations.add(v);
                      }
                    }
                  }
                }));
    assertThat(violations).as("dependencies against the package rules").isEmpty();
  }

  @Test
  void everyPackageHasItsRule() {
    Set<String> unruled = new TreeSet<>(uses.keySet());
    unruled.removeAll(FORBIDDEN.keySet());
    assertThat(unruled).as("packages without a rule (cli may use everything)").containsOnly("cli");
  }

  private static List<String> lines(Path f) {
    try {
      return Files.readAllLines(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
