package dev.redline.checker.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingTest {

  @Test
  void aCheckoutsOwnJvmOptionsFileIsTheOneUsed(@TempDir Path root) throws Exception {
    Path file = root.resolve(Gatling.JVM_OPTIONS);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "-Xmx1g\n");
    assertEquals(file.toAbsolutePath(), Gatling.jvmOptions(new Checkout(root)));
  }

  @Test
  void aCheckoutWithoutTheFileAndNoRunningOneIsRefusedByName(@TempDir Path root) {
    // REDLINE_ROOT is unset in unit tests, so the running checkout is the working directory:
    // regression-checker/, which holds no load-simulations/ folder.
    HarnessException e =
        assertThrows(HarnessException.class, () -> Gatling.jvmOptions(new Checkout(root)));
    assertTrue(e.getMessage().contains(Gatling.JVM_OPTIONS), e.getMessage());
  }

  @Test
  void theRepositorysOptionsFileHoldsGatlingsOwnLauncherDefaults() throws Exception {
    List<String> lines =
        Files.readAllLines(Path.of("..").resolve(Gatling.JVM_OPTIONS)).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertTrue(lines.contains("-XX:MaxInlineLevel=20"), lines.toString());
    assertTrue(lines.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), lines.toString());
  }

  @Test
  void theGateInjectorOptionsStartThisJvm() throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("java"));
    cmd.addAll(Gatling.gateInjectorOptions(null));
    cmd.add("-XX:+PrintFlagsFinal");
    cmd.add("-version");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.matches("(?s).*TieredStopAtLevel\\s+= 1 .*"), "C1 only");
    assertTrue(out.matches("(?s).*UseSerialGC\\s+= true .*"), "the serial collector");
  }

  @Test
  void aSetButEmptyVariableLeavesTheGateInjectorOptionsOut() {
    assertEquals(List.of(), Gatling.gateInjectorOptions(""));
    assertEquals(List.of("-Xint"), Gatling.gateInjectorOptions(" -Xint "));
  }
}
