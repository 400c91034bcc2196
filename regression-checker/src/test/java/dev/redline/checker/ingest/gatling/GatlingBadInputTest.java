package dev.redline.checker.ingest.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.ingest.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad Gatling input gives one sentence that names the file and the problem. */
class GatlingBadInputTest {
  private final GatlingLogReader reader = new GatlingLogReader();

  @TempDir Path tmp;

  @Test
  void missingFolderIsNamed() {
    Path missing = tmp.resolve("no-such-run");
    assertOneSentence(missing, "does not exist");
  }

  @Test
  void folderWithoutLogIsNamed() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("not-a-run"));
    assertOneSentence(folder, "holds no simulation.log");
  }

  @Test
  void emptyLogIsNamed() throws Exception {
    Path log = Files.createFile(tmp.resolve("simulation.log"));
    assertOneSentence(log, "is empty");
  }

  @Test
  void logCutMidRecordIsTruncated() throws Exception {
    byte[] real = Files.readAllBytes(realLog());
    // every record is at least 10 bytes, so dropping the last 5 cuts the last one in the middle
    Path log = tmp.resolve("simulation.log");
    Files.write(log, Arrays.copyOf(real, real.length - 5));
    assertOneSentence(log, "is truncated").hasMessageContaining("ends inside record");
  }

  @Test
  void logCutInsideTheRunRecordIsTruncated() throws Exception {
    byte[] real = Files.readAllBytes(realLog());
    Path log = tmp.resolve("simulation.log");
    Files.write(log, Arrays.copyOf(real, 20));
    assertOneSentence(log, "is truncated").hasMessageContaining("record 1 ");
  }

  @Test
  void logOfAnotherGatlingVersionNamesBothVersions() throws Exception {
    byte[] real = Files.readAllBytes(realLog());
    byte[] version = SimulationLogDecoder.GATLING_VERSION.getBytes(StandardCharsets.ISO_8859_1);
    // the version is the run record's first string: type byte, int length, then its bytes
    assertThat(Arrays.copyOfRange(real, 5, 5 + version.length)).isEqualTo(version);
    byte[] other = real.clone();
    System.arraycopy("3.14.9".getBytes(StandardCharsets.ISO_8859_1), 0, other, 5, version.length);
    Path log = tmp.resolve("simulation.log");
    Files.write(log, other);
    assertOneSentence(log, "was written by Gatling 3.14.9")
        .hasMessageContaining(SimulationLogDecoder.GATLING_VERSION);
  }

  @Test
  void textFileIsNotAGatlingLog() throws Exception {
    Path log = tmp.resolve("simulation.log");
    Files.writeString(log, "RUN\tfixtures.Shop\tshop\t1700000000000\t \t3.9.5\n");
    assertOneSentence(log, "is not a Gatling simulation.log");
  }

  @Test
  void logWithoutRequestsIsRefused() throws Exception {
    Path log = tmp.resolve("simulation.log");
    try (SimulationLogWriter w = new SimulationLogWriter(log)) {
      w.run(
          new SimulationLogDecoder.RunHeader(
              SimulationLogDecoder.GATLING_VERSION,
              "fixtures.Empty",
              1_700_000_000_000L,
              "",
              List.of("s"),
              List.of()));
      w.user(0, true, 5);
      w.user(0, false, 10);
    }
    assertOneSentence(log, "holds no request records");
  }

  @Test
  void unknownRecordTypeIsCorrupt() throws Exception {
    byte[] real = Files.readAllBytes(realLog());
    Path log = tmp.resolve("simulation.log");
    byte[] corrupt = Arrays.copyOf(real, real.length + 1);
    corrupt[real.length] = 9; // no record type 9 in 3.15.1
    Files.write(log, corrupt);
    assertOneSentence(log, "is corrupt").hasMessageContaining("unknown type 9");
  }

  @Test
  void referenceToAStringNeverWrittenIsCorrupt() throws Exception {
    Path log = tmp.resolve("simulation.log");
    try (SimulationLogWriter w = new SimulationLogWriter(log)) {
      w.run(
          new SimulationLogDecoder.RunHeader(
              SimulationLogDecoder.GATLING_VERSION,
              "fixtures.Bad",
              1_700_000_000_000L,
              "",
              List.of("s"),
              List.of()));
    }
    // a request whose name is "cached string 7", which was never written
    java.nio.ByteBuffer record = java.nio.ByteBuffer.allocate(1 + 4 + 4 + 4 + 4 + 1 + 4);
    record.put((byte) 1).putInt(0).putInt(-7).putInt(1).putInt(2).put((byte) 1).putInt(0);
    Files.write(log, record.array(), java.nio.file.StandardOpenOption.APPEND);
    assertOneSentence(log, "is corrupt").hasMessageContaining("string 7");
  }

  private static Path realLog() {
    return Fixtures.run("shopsimulation").resolve("simulation.log");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertOneSentence(
      Path input, String problem) {
    return assertThatThrownBy(() -> reader.read(input))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(input.toString())
        .hasMessageContaining(problem)
        .hasMessageEndingWith(".")
        .hasMessageNotContaining("\n")
        .satisfies(e -> assertThat(((InputException) e).file()).isEqualTo(input));
  }
}
