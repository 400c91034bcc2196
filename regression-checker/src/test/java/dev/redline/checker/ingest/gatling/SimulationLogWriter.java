package dev.redline.checker.ingest.gatling;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Test tool: writes a binary simulation.log in the format of the Gatling version the decoder
 * accepts (see {@link SimulationLogDecoder}), with the same string cache rules, so tests can split
 * real logs and generate big synthetic ones; shared through the test-jar (micro-benchmarks uses
 * it). Also a {@link SimulationLogDecoder.RecordVisitor}, to copy records.
 */
public final class SimulationLogWriter
    implements SimulationLogDecoder.RecordVisitor, AutoCloseable {
  private final DataOutputStream out;
  private final Map<String, Integer> cache = new HashMap<>();
  private int nextIndex = 1;

  public SimulationLogWriter(Path file) {
    try {
      OutputStream os = Files.newOutputStream(file);
      this.out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void run(SimulationLogDecoder.RunHeader h) {
    try {
      out.writeByte(0);
      string(h.gatlingVersion());
      string(h.simulationClassName());
      out.writeLong(h.startEpochMs());
      string(h.runDescription());
      out.writeInt(h.scenarios().size());
      for (String s : h.scenarios()) {
        string(s);
      }
      out.writeInt(h.assertions().size());
      for (byte[] a : h.assertions()) {
        out.writeInt(a.length);
        out.write(a);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void request(
      String[] groups, String name, int startMs, int endMs, boolean ok, String message) {
    try {
      out.writeByte(1);
      groups(groups);
      cached(name);
      out.writeInt(startMs);
      out.writeInt(endMs);
      out.writeBoolean(ok);
      cached(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void user(int scenarioIndex, boolean start, int timeMs) {
    try {
      out.writeByte(2);
      out.writeInt(scenarioIndex);
      out.writeBoolean(start);
      out.writeInt(timeMs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void group(
      String[] groups, int startMs, int endMs, int cumulatedResponseTimeMs, boolean ok) {
    try {
      out.writeByte(3);
      groups(groups);
      out.writeInt(startMs);
      out.writeInt(endMs);
      out.writeInt(cumulatedResponseTimeMs);
      out.writeBoolean(ok);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void error(String message, int timeMs) {
    try {
      out.writeByte(4);
      cached(message);
      out.writeInt(timeMs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void groups(String[] groups) throws IOException {
    out.writeInt(groups.length);
    for (String g : groups) {
      cached(g);
    }
  }

  private void cached(String s) throws IOException {
    Integer index = cache.get(s);
    if (index != null) {
      out.writeInt(-index);
      return;
    }
    out.writeInt(nextIndex);
    string(s);
    cache.put(s, nextIndex++);
  }

  /** Java's internal string bytes: Latin-1 with coder 0 when it fits, else UTF-16 with coder 1. */
  private void string(String s) throws IOException {
    if (s.isEmpty()) {
      out.writeInt(0);
      return;
    }
    boolean latin1 = s.chars().allMatch(c -> c < 256);
    byte[] bytes =
        latin1
            ? s.getBytes(StandardCharsets.ISO_8859_1)
            : s.getBytes(
                ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                    ? StandardCharsets.UTF_16LE
                    : StandardCharsets.UTF_16BE);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.writeByte(latin1 ? 0 : 1);
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
