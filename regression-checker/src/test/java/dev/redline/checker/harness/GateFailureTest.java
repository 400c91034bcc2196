package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's rules when something breaks, with real processes: stand-in platforms started by the
 * gate's own lifecycle, a base whose build fails, a gate JVM stopped as Ctrl-C stops it. The
 * command line turns the {@link HarnessException}s into one sentence and exit 2.
 */
class GateFailureTest {
  @TempDir Path dir;

  @Test
  void aPlatformThatDiesMidRoundIsNamedWithItsLogAndNothingIsRecorded() throws Exception {
    Path repo = dir.resolve("repo");
    Checkout head = GateRepo.create(repo);
    Path redline = dir.resolve("redline");
    BaseDiesInItsWindow load = new BaseDiesInItsWindow();
    Gate gate = new Gate(head, redline, GateRepo.options("HEAD", 2), GateRepo.QUIET, load);

    assertThatThrownBy(gate::run)
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining("platform-api (base) died during round 1/2")
        .hasMessageContaining("(exit " + StandInPlatform.DIED + ")")
        .hasMessageContaining(
            redline.resolve("gate/work/fork-1/base-platform/platform.log").toString());

    // the round is not kept, nothing is decided, no history written
    assertThat(redline.resolve("gate/work/runs.tsv")).doesNotExist();
    assertThat(redline.resolve("gate/report")).isEmptyDirectory();
    assertThat(repo.resolve(".redline")).doesNotExist();
    assertThat(redline.resolve("history")).doesNotExist();
    // and the head platform, still alive when the base died, is stopped
    assertThat(load.platforms).extracting(Platform::name).containsExactlyInAnyOrder("base", "head");
    for (Platform p : load.platforms) {
      assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false))
          .as(p.name() + " still running")
          .isFalse();
    }
  }

  @Test
  void withWsWindowsBothPlatformsGetTwoUnrecordedOnesBeforeTheFirstRound() throws Exception {
    Checkout head = GateRepo.create(dir.resolve("repo"));
    Path client = WsRun.classes(head).resolve(WsRun.CLIENT.replace('.', '/') + ".class");
    Files.createDirectories(client.getParent());
    Files.createFile(client);
    BaseDiesInItsWindow load = new BaseDiesInItsWindow();
    Gate.Options ws =
        new Gate.Options(
            "HEAD", 2, 1, 1, 1, 1, 0, Gate.Mode.SEQUENTIAL, null, Map.of(), Map.of(), 42L, 3, 1);
    Gate gate = new Gate(head, dir.resolve("redline"), ws, GateRepo.QUIET, load);

    assertThatThrownBy(gate::run).hasMessageContaining("died during round 1/2");

    assertThat(load.calls)
        .startsWith(
            "ws /ws warm-up 1/2 base",
            "ws /ws warm-up 1/2 head",
            "ws /ws warm-up 2/2 base",
            "ws /ws warm-up 2/2 head")
        .anyMatch(c -> c.startsWith("window "));
  }

  @Test
  void aBaseThatDoesNotBuildIsNamedWithItsBuildLog() throws IOException {
    Path repo = dir.resolve("repo");
    Checkout head = GateRepo.create(repo);
    Path mvnw = repo.resolve("mvnw");
    Files.writeString(mvnw, "#!/bin/sh\necho '[ERROR] COMPILATION ERROR in the base'\nexit 1\n");
    assertThat(mvnw.toFile().setExecutable(true)).isTrue();
    GateRepo.commitAll(repo, "base: does not compile");
    Files.writeString(repo.resolve("README.md"), "the head\n");
    GateRepo.commitAll(repo, "head");
    Path redline = dir.resolve("redline");
    BaseDiesInItsWindow load = new BaseDiesInItsWindow();
    Gate gate = new Gate(head, redline, GateRepo.options("HEAD~1", 2), GateRepo.QUIET, load);

    Path log = redline.resolve("logs/build-base-tree.log");
    assertThatThrownBy(gate::run)
        .isInstanceOf(HarnessException.class)
        .hasMessageStartingWith("the base HEAD~1 (")
        .hasMessageContaining("does not build")
        .hasMessageContaining("log " + log);
    assertThat(log).content().contains("COMPILATION ERROR in the base");
    assertThat(load.platforms).isEmpty();
    assertThat(redline.resolve("gate/work/runs.tsv")).doesNotExist();
  }

  @Test
  void ctrlCDuringARoundStopsEveryPlatformAndLeavesTheHistoryAlone() throws Exception {
    Path repo = dir.resolve("repo");
    GateRepo.create(repo);
    Path redline = dir.resolve("redline");
    Path pids = dir.resolve("pids.txt");
    Path inRound = dir.resolve("in-round");
    Path out = dir.resolve("gate-jvm.log");
    Process gateJvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GateUntilSignalled.class.getName(),
                repo.toString(),
                redline.toString(),
                pids.toString(),
                inRound.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(inRound) && gateJvm.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(inRound).as("the gate reached a round; its output:%n%s", read(out)).exists();
      List<ProcessHandle> platforms =
          Files.readAllLines(pids).stream()
              .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
              .toList();
      assertThat(platforms).hasSize(2).allMatch(ProcessHandle::isAlive);

      gateJvm.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C (SIGINT)
      assertThat(gateJvm.waitFor(60, TimeUnit.SECONDS)).isTrue();

      for (ProcessHandle p : platforms) {
        p.onExit().get(60, TimeUnit.SECONDS);
        assertThat(p.isAlive()).isFalse();
      }
      assertThat(redline.resolve("gate/work/runs.tsv")).doesNotExist();
      assertThat(redline.resolve("gate/report")).isEmptyDirectory();
      assertThat(repo.resolve(".redline")).doesNotExist();
    } finally {
      gateJvm.destroyForcibly();
    }
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "(none)";
  }

  /** Loads nothing; the base platform exits (code 3) in its first window. */
  static final class BaseDiesInItsWindow implements Gate.Load {
    final List<Platform> platforms = new CopyOnWriteArrayList<>();

    /** The windows started, in order: {@code ws LABEL SIDE} and {@code window LABEL}. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Gate.WsWindow startWs(Platform platform, Path result, String label) {
      calls.add("ws " + label + " " + platform.name());
      return progress -> java.util.Optional.empty();
    }

    @Override
    public void warmUp(List<Platform> ps, Path forkDir) {
      platforms.addAll(ps);
    }

    @Override
    public Gate.Window start(Platform platform, Path out, String label, long seed) {
      calls.add("window " + label);
      return new Gate.Window() {
        @Override
        public Path finish(Progress progress) {
          try {
            Files.createDirectories(out);
            if (platform.name().equals("base")) {
              try {
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create(platform.url() + "/exit")).build(),
                        HttpResponse.BodyHandlers.discarding());
              } catch (IOException closedAsItExited) {
                // it may exit before the answer arrives
              }
              ProcessHandle.of(platform.pid())
                  .ifPresent(h -> h.onExit().orTimeout(60, TimeUnit.SECONDS).join());
            }
            return out;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }

        @Override
        public boolean measuredByService() {
          return true;
        }
      };
    }
  }
}
