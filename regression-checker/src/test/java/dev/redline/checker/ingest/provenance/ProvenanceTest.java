package dev.redline.checker.ingest.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

  @TempDir Path tmp;

  @Test
  void readsCommitAndBranchOfTheCheckout() throws Exception {
    run(tmp, "git", "init", "-q", "-b", "perf-branch");
    run(
        tmp,
        "git",
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x");
    String head = run(tmp, "git", "rev-parse", "HEAD");

    Provenance p = Provenance.detect(tmp, Map.of());

    assertThat(p.commit()).isEqualTo(head).hasSize(40);
    assertThat(p.branch()).isEqualTo("perf-branch");
  }

  @Test
  void outsideGitFallsBackToCiVariablesOrNothing() {
    Provenance none = Provenance.detect(tmp, Map.of());
    assertThat(none.commit()).isEmpty();
    assertThat(none.branch()).isEmpty();

    Provenance ci =
        Provenance.detect(
            tmp,
            Map.of(
                "GITHUB_SHA",
                "abc123",
                "GITHUB_HEAD_REF",
                "feature/x",
                "GITHUB_REF_NAME",
                "7/merge"));
    assertThat(ci.commit()).isEqualTo("abc123");
    assertThat(ci.branch()).isEqualTo("feature/x");
  }

  @Test
  void describesThisMachineAndJdk() {
    Provenance p = Provenance.detect(tmp, Map.of());
    assertThat(p.javaVersion()).isEqualTo(System.getProperty("java.version"));
    assertThat(p.javaVendor()).isNotEmpty();
    assertThat(p.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(p.cpuModel()).isNotBlank();
    assertThat(p.osName()).isNotEmpty();
    assertThat(p.jvmFlags()).isNotNull();
  }

  @Test
  void fingerprintIsStableShortAndFreeOfTheHostName() throws Exception {
    Provenance a = Provenance.detect(tmp, Map.of());
    Provenance b = Provenance.detect(tmp, Map.of());
    assertThat(a.machineFingerprint()).isEqualTo(b.machineFingerprint()).matches("[0-9a-f]{12}");
    String host = InetAddress.getLocalHost().getHostName();
    assertThat(a.machineFingerprint()).doesNotContain(host);
    assertThat(Provenance.fingerprint("Linux", "amd64", "CPU X", 2, 24L << 30))
        .isEqualTo(Provenance.fingerprint("Linux", "amd64", "CPU X", 2, (24L << 30) + 123_456))
        .isNotEqualTo(Provenance.fingerprint("Linux", "amd64", "CPU X", 4, 24L << 30));
  }

  @Test
  void namesWhatMakesRunsIncomparable() {
    Provenance here = Provenance.detect(tmp, Map.of()).withToolVersion("gatling", "3.15.1");
    assertThat(here.differencesFrom(here)).isEmpty();
    assertThat(here.toolVersions()).containsEntry("gatling", "3.15.1");

    Provenance otherJdk =
        new Provenance(
            here.commit(),
            here.branch(),
            "21.0.4",
            here.javaVendor(),
            List.of(),
            here.osName(),
            here.osVersion(),
            here.osArch(),
            here.cpuModel(),
            here.cpuCount(),
            here.memoryBytes(),
            here.toolVersions(),
            here.machineFingerprint());
    assertThat(here.differencesFrom(otherJdk))
        .containsExactly("JDK " + here.javaVersion() + " vs 21.0.4");

    Provenance otherMachine =
        new Provenance(
            here.commit(),
            here.branch(),
            here.javaVersion(),
            here.javaVendor(),
            List.of(),
            here.osName(),
            here.osVersion(),
            here.osArch(),
            "Other CPU",
            64,
            here.memoryBytes(),
            here.toolVersions(),
            "0123456789ab");
    assertThat(here.differencesFrom(otherMachine))
        .singleElement()
        .asString()
        .startsWith("machine ");
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }
}
