package dev.redline.checker.ingest.provenance;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where and with what a run was measured: source revision, JDK, JVM flags, OS, CPU, memory and tool
 * versions, plus a machine fingerprint that identifies the hardware class without naming the host.
 *
 * <p>Only {@link #branch}, {@link #javaVersion}, {@link #javaVendor} and {@link
 * #machineFingerprint} are fit for tags; the rest (commit, flags, CPU text) are fields.
 *
 * @param commit full git commit hash, "" when unknown
 * @param branch git branch, "" when unknown or detached without a CI variable naming it
 * @param javaVersion {@code java.version} of the JVM that detected this, e.g. {@code 17.0.15}
 * @param javaVendor {@code java.vendor}
 * @param jvmFlags JVM input arguments (never a tag: may carry paths)
 * @param osName {@code os.name}
 * @param osVersion {@code os.version} (the kernel on Linux; not part of the fingerprint)
 * @param osArch {@code os.arch}
 * @param cpuModel the first "model name" of /proc/cpuinfo, else {@code os.arch}
 * @param cpuCount processors available to the JVM
 * @param memoryBytes physical memory (MemTotal of /proc/meminfo), 0 when unknown
 * @param toolVersions tool name to version, e.g. {@code gatling -> 3.15.1}, {@code jmh -> 1.37}
 * @param machineFingerprint 12 hex digits of SHA-256 over OS name and arch, CPU model, CPU count
 *     and memory in whole GiB: equal on machines of one kind, no host name or id in it
 */
public record Provenance(
    String commit,
    String branch,
    String javaVersion,
    String javaVendor,
    List<String> jvmFlags,
    String osName,
    String osVersion,
    String osArch,
    String cpuModel,
    int cpuCount,
    long memoryBytes,
    SortedMap<String, String> toolVersions,
    String machineFingerprint) {

  private static final long GIB = 1L << 30;
  private static final long GIT_TIMEOUT_SECONDS = 10;

  public Provenance {
    jvmFlags = List.copyOf(jvmFlags);
    toolVersions = Collections.unmodifiableSortedMap(new TreeMap<>(toolVersions));
  }

  /**
   * Detects the provenance of a run measured now on this machine from the checkout at {@code
   * workDir}. Never fails: what cannot be found is "" (or 0).
   *
   * <p>Commit and branch come from {@code git -C workDir}; on a detached checkout (as CI makes) the
   * branch comes from {@code GITHUB_HEAD_REF} (pull requests) or {@code GITHUB_REF_NAME}.
   */
  public static Provenance detect(Path workDir) {
    return detect(workDir, System.getenv());
  }

  static Provenance detect(Path workDir, Map<String, String> env) {
    String commit = git(workDir, "rev-parse", "HEAD");
    if (commit.isEmpty()) {
      commit = env.getOrDefault("GITHUB_SHA", "");
    }
    String branch = git(workDir, "rev-parse", "--abbrev-ref", "HEAD");
    if (branch.isEmpty() || branch.equals("HEAD")) {
      String head = env.getOrDefault("GITHUB_HEAD_REF", "");
      branch = !head.isEmpty() ? head : env.getOrDefault("GITHUB_REF_NAME", "");
    }
    String osName = System.getProperty("os.name", "");
    String osArch = System.getProperty("os.arch", "");
    String cpuModel = readCpuModel(osArch);
    int cpuCount = Runtime.getRuntime().availableProcessors();
    long memoryBytes = readMemoryBytes();
    return new Provenance(
        commit,
        branch,
        System.getProperty("java.version", ""),
        System.getProperty("java.vendor", ""),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        osName,
        System.getProperty("os.version", ""),
        osArch,
        cpuModel,
        cpuCount,
        memoryBytes,
        new TreeMap<>(),
        fingerprint(osName, osArch, cpuModel, cpuCount, memoryBytes));
  }

  /** The same provenance with one more tool version, e.g. {@code ("gatling", "3.15.1")}. */
  public Provenance withToolVersion(String tool, String version) {
    SortedMap<String, String> tools = new TreeMap<>(toolVersions);
    tools.put(tool, version);
    return new Provenance(
        commit,
        branch,
        javaVersion,
        javaVendor,
        jvmFlags,
        osName,
        osVersion,
        osArch,
        cpuModel,
        cpuCount,
        memoryBytes,
        tools,
        machineFingerprint);
  }

  /**
   * The same provenance with the JVM flags of the measured JVM (e.g. JMH's {@code jvmArgs}) instead
   * of the detecting JVM's.
   */
  public Provenance withJvmFlags(List<String> flags) {
    return new Provenance(
        commit,
        branch,
        javaVersion,
        javaVendor,
        flags,
        osName,
        osVersion,
        osArch,
        cpuModel,
        cpuCount,
        memoryBytes,
        toolVersions,
        machineFingerprint);
  }

  /**
   * What makes runs measured here and under {@code other} not comparable: a different machine
   * fingerprint, JDK version or vendor. Empty when comparable. Each entry is a short phrase naming
   * both values, e.g. {@code "JDK 17.0.15 vs 21.0.4"}.
   */
  public List<String> differencesFrom(Provenance other) {
    List<String> differences = new ArrayList<>();
    if (!machineFingerprint.equals(other.machineFingerprint)) {
      differences.add(
          "machine "
              + describeMachine()
              + " ["
              + machineFingerprint
              + "] vs "
              + other.describeMachine()
              + " ["
              + other.machineFingerprint
              + "]");
    }
    if (!javaVersion.equals(other.javaVersion)) {
      differences.add("JDK " + javaVersion + " vs " + other.javaVersion);
    }
    if (!javaVendor.equals(other.javaVendor)) {
      differences.add("JDK vendor " + javaVendor + " vs " + other.javaVendor);
    }
    return differences;
  }

  private String describeMachine() {
    return String.format(
        Locale.ROOT,
        "%s, %d CPUs, %d GiB",
        cpuModel,
        cpuCount,
        Math.round((double) memoryBytes / GIB));
  }

  static String fingerprint(
      String osName, String osArch, String cpuModel, int cpuCount, long memoryBytes) {
    String identity =
        String.join(
            "|",
            osName,
            osArch,
            cpuModel,
            Integer.toString(cpuCount),
            Long.toString(Math.round((double) memoryBytes / GIB)));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String readCpuModel(String fallback) {
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
        return line.substring(colon + 1).trim().replaceAll("\\s+", " ");
      }
    }
    return fallback;
  }

  private static long readMemoryBytes() {
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
        try {
          return Long.parseLong(parts[0]) * 1024; // reported in kB
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The trimmed first line git prints, "" when git is missing, fails or takes too long. */
  private static String git(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-C");
    command.add(workDir.toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "";
      }
      if (process.exitValue() != 0) {
        return "";
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      int newline = text.indexOf('\n');
      return newline < 0 ? text : text.substring(0, newline).trim();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
