package dev.redline.checker.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One checkout of the repository (this one, or the gate's base worktree): where its build outputs
 * are, building the modules that are missing or older than their sources, and git look-ups.
 */
public record Checkout(Path root) {

  /** The modules the orchestrating commands need built, with the artifact that shows they are. */
  public enum Module {
    PLATFORM_API(
        "platform-api",
        "platform-api/target/platform-api.jar",
        "platform-api",
        "redline-spring-boot-starter"),
    LOAD_SIMULATIONS(
        "load-simulations",
        "load-simulations/target/redline-test-classpath.txt",
        "load-simulations"),
    REGRESSION_CHECKER(
        "regression-checker", "regression-checker/target/redline.jar", "regression-checker"),
    MICRO_BENCHMARKS(
        "micro-benchmarks",
        "micro-benchmarks/target/benchmarks.jar",
        "micro-benchmarks",
        "platform-api",
        "regression-checker");

    final String dir;
    final String artifact;
    final List<String> sources;

    Module(String dir, String artifact, String... sourceModules) {
      this.dir = dir;
      this.artifact = artifact;
      this.sources = List.of(sourceModules);
    }
  }

  public Path platformJar() {
    return root.resolve(Module.PLATFORM_API.artifact);
  }

  public Path benchmarksJar() {
    return root.resolve(Module.MICRO_BENCHMARKS.artifact);
  }

  /** The simulations' compiled classes and test class path (written by {@link #ensureBuilt}). */
  public String simulationClassPath() {
    try {
      return root.resolve("load-simulations/target/test-classes")
          + java.io.File.pathSeparator
          + Files.readString(root.resolve(Module.LOAD_SIMULATIONS.artifact)).strip();
    } catch (IOException e) {
      throw new HarnessException(
          "the simulations' class path is missing in " + root + "; build load-simulations first",
          e);
    }
  }

  /**
   * Builds, in one Maven run of this checkout's wrapper, the modules whose artifact is missing or
   * older than a file of their sources; the log goes to {@code logDir/build-<checkout>.log}.
   */
  public void ensureBuilt(List<Module> modules, Path logDir, Progress progress) {
    List<Module> stale = modules.stream().filter(this::stale).toList();
    if (stale.isEmpty()) {
      progress.say("build is up to date (" + root + ")");
      return;
    }
    String list = String.join(",", stale.stream().map(m -> m.dir).toList());
    progress.say("building " + list + " in " + root + " (a minute or two the first time)...");
    long started = System.nanoTime();
    String tag = root.getFileName().toString();
    maven(
        logDir.resolve("build-" + tag + ".log"),
        "-pl",
        list,
        "-am",
        "package",
        "-DskipTests",
        "-Dspotless.check.skip=true",
        // The jar plugin keeps a jar whose own classes did not change, and Spring Boot then keeps
        // the old nested libraries: a change to the starter alone would not reach the platform.
        "-Dmaven.jar.forceCreation=true");
    if (stale.contains(Module.LOAD_SIMULATIONS)) {
      maven(
          logDir.resolve("classpath-" + tag + ".log"),
          "-pl",
          "load-simulations",
          "dependency:build-classpath",
          "-Dmdep.includeScope=test",
          "-Dmdep.outputFile=target/redline-test-classpath.txt");
    }
    // The build writes reproducible timestamps (project.build.outputTimestamp): mark the artifacts
    // as built now, or every later run would find them older than their sources and build again.
    FileTime now = FileTime.fromMillis(System.currentTimeMillis());
    for (Module m : stale) {
      try {
        Files.setLastModifiedTime(root.resolve(m.artifact), now);
      } catch (IOException e) {
        throw new HarnessException(
            "the build of " + m.dir + " left no " + root.resolve(m.artifact), e);
      }
    }
    progress.say("built " + list + " in " + (System.nanoTime() - started) / 1_000_000_000L + " s");
  }

  private void maven(Path log, String... args) {
    List<String> cmd = new ArrayList<>(List.of("./mvnw", "-B", "-q"));
    cmd.addAll(List.of(args));
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // appended to instead
    }
    int code = Procs.run(cmd, root, log);
    if (code != 0) {
      System.err.println(Procs.tail(log, 40));
      throw new HarnessException(
          "the build failed in " + root + " (./mvnw " + String.join(" ", args) + "); log " + log);
    }
  }

  boolean stale(Module m) {
    Path artifact = root.resolve(m.artifact);
    if (!Files.isRegularFile(artifact)) {
      return true;
    }
    try {
      FileTime built = Files.getLastModifiedTime(artifact);
      for (String source : m.sources) {
        for (Path p :
            List.of(root.resolve(source).resolve("src"), root.resolve(source).resolve("pom.xml"))) {
          if (Files.exists(p) && newerThan(p, built)) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean newerThan(Path p, FileTime t) throws IOException {
    try (Stream<Path> files = Files.walk(p)) {
      return files
          .filter(Files::isRegularFile)
          .anyMatch(
              f -> {
                try {
                  return Files.getLastModifiedTime(f).compareTo(t) > 0;
                } catch (IOException e) {
                  return true;
                }
              });
    }
  }

  // ---- git ------------------------------------------------------------------------------------

  /** The commit {@code ref} names, or empty when it names none. */
  public Optional<String> resolve(String ref) {
    return git("rev-parse", "--verify", "--quiet", ref + "^{commit}");
  }

  public String commit() {
    return git("rev-parse", "HEAD").orElse("unknown");
  }

  /** The branch, or in CI's detached checkouts the branch CI names. */
  public String branch() {
    String b = git("rev-parse", "--abbrev-ref", "HEAD").orElse("unknown");
    if (b.equals("HEAD")) {
      String ci = System.getenv("GITHUB_HEAD_REF");
      if (ci == null || ci.isBlank()) {
        ci = System.getenv("GITHUB_REF_NAME");
      }
      return ci == null || ci.isBlank() ? "detached" : ci;
    }
    return b;
  }

  /** No uncommitted change to a tracked file. */
  public boolean clean() {
    return git("status", "--porcelain", "--untracked-files=no").map(String::isEmpty).orElse(false);
  }

  /** A detached worktree of {@code commit} at {@code dir}, replacing one left there before. */
  public Checkout worktree(Path dir, String commit, Path log) {
    if (Files.exists(dir)) {
      Procs.run(List.of("git", "worktree", "remove", "--force", dir.toString()), root, log);
      deleteTree(dir);
    }
    Procs.run(List.of("git", "worktree", "prune"), root, log);
    int code =
        Procs.run(
            List.of("git", "worktree", "add", "--detach", "--quiet", dir.toString(), commit),
            root,
            log);
    if (code != 0) {
      throw new HarnessException(
          "git could not check out " + commit + " at " + dir + "; log " + log);
    }
    return new Checkout(dir);
  }

  private Optional<String> git(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.getErrorStream().readAllBytes();
      return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      throw new HarnessException("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while running git", e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new HarnessException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
