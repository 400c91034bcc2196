package dev.redline.simulations.support;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatling.javaapi.core.Simulation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several Gatling runs in one JVM, as the gate's kept injectors make them: each run ends with its
 * exit code in its done file, sees its own properties and none of the run before, and draws from
 * its own seed.
 */
class InjectorServerTest {
  @TempDir Path tmp;

  /** One user that writes its run's seed property and its first draw to {@code echo.file}. */
  public static class EchoSeed extends Simulation {
    {
      Path file = Path.of(System.getProperty("echo.file"));
      setUp(
          scenario("echo")
              .exec(
                  session -> {
                    String line =
                        System.getProperty("seed")
                            + " "
                            + Dice.of(session, 1).nextLong()
                            + " "
                            + System.getProperty("only.first");
                    try {
                      Files.writeString(file, line);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                    return session;
                  })
              .injectOpen(atOnceUsers(1)));
    }
  }

  private String run(int n, String seed, String extra) {
    Path results = tmp.resolve("results-" + n);
    return String.join(
        "\t",
        List.of(
            "seed=" + seed,
            "echo.file=" + tmp.resolve("echo-" + n),
            extra,
            InjectorServer.DONE + "=" + tmp.resolve("done-" + n),
            "--",
            "-s",
            EchoSeed.class.getName(),
            "-rf",
            results.toString(),
            "-rd",
            "run " + n,
            "-nr"));
  }

  @Test
  void runsEachRunWithItsOwnPropertiesAndSeed() throws Exception {
    String input =
        run(1, "11", "only.first=yes")
            + "\n"
            + "\n"
            + run(2, "12", "other=x")
            + "\n"
            + run(3, "11", "other=y")
            + "\n";
    int runs = InjectorServer.serve(new BufferedReader(new StringReader(input)));

    assertEquals(3, runs);
    for (int n = 1; n <= 3; n++) {
      assertEquals("0", Files.readString(tmp.resolve("done-" + n)), "exit code of run " + n);
    }
    String[] first = Files.readString(tmp.resolve("echo-1")).split(" ");
    String[] second = Files.readString(tmp.resolve("echo-2")).split(" ");
    String[] third = Files.readString(tmp.resolve("echo-3")).split(" ");
    assertEquals("11", first[0]);
    assertEquals("yes", first[2]);
    assertEquals("null", second[2], "a property of the run before is cleared");
    assertEquals("12", second[0]);
    assertNotEquals(first[1], second[1], "another seed, other draws");
    assertEquals(first[1], third[1], "the same seed again, the same draws");
    assertNull(System.getProperty("other"), "the last run's properties are cleared at the end");
  }

  @Test
  void aRunWithABadPropertyIsSkippedAndTheNextRuns() throws Exception {
    String input = "not-a-property\t--\t-s\tx\n" + run(1, "5", "a=b") + "\n";
    int runs = InjectorServer.serve(new BufferedReader(new StringReader(input)));

    assertEquals(1, runs);
    assertTrue(Files.isRegularFile(tmp.resolve("done-1")));
  }
}
