package dev.redline.checker.ingest.gatling;

import dev.redline.checker.ingest.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Streams the records of a binary Gatling {@link #GATLING_VERSION} {@code simulation.log} to a
 * {@link RecordVisitor}, in file order, without building any per-record object.
 *
 * <p>The format (learned from Gatling's {@code LogFileDataWriter}; pinned by this module's contract
 * tests against real logs): big-endian; a record is a one-byte type then its fields. Strings are an
 * int length, the bytes of Java's internal representation and a coder byte (0 Latin-1, 1 UTF-16 in
 * the writer's native order, little-endian on x86 and ARM); an empty string is length 0 alone.
 * "Cached" strings start with an int index: positive means a new string follows and gets that
 * index, negative means the string of index {@code -i} seen before. Times are int milliseconds
 * relative to the run record's epoch-ms start.
 *
 * <ul>
 *   <li>0 run: version, simulation class, start (long epoch ms), description, scenario names (int n
 *       + strings), assertions (int n + length-prefixed blobs).
 *   <li>1 request: groups (int n + cached strings), cached name, start, end, ok (boolean byte),
 *       cached message ("" when none).
 *   <li>2 user: scenario index (int), start (boolean: true start, false end), time.
 *   <li>3 group: groups, start, end, cumulated response time (int ms), ok.
 *   <li>4 error: cached message, time.
 * </ul>
 */
public final class SimulationLogDecoder {
  /**
   * The only Gatling version whose logs this decoder accepts: the one the build's load suite runs
   * ({@code gatling.version} in the root pom, filtered into {@code gatling.properties}); the run
   * record names the writer's.
   */
  public static final String GATLING_VERSION = buildGatlingVersion();

  private static final byte RUN = 0;
  private static final byte REQUEST = 1;
  private static final byte USER = 2;
  private static final byte GROUP = 3;
  private static final byte ERROR = 4;

  /** Longer than any version string; a bigger length means the file is not a Gatling log. */
  private static final int MAX_VERSION_LENGTH = 64;

  private static final int BUFFER_BYTES = 1 << 20;
  private static final String[] NO_GROUPS = new String[0];
  private static final boolean UTF16_LITTLE_ENDIAN =
      ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  /** The run record, first in every log. */
  public record RunHeader(
      String gatlingVersion,
      String simulationClassName,
      long startEpochMs,
      String runDescription,
      List<String> scenarios,
      List<byte[]> assertions) {
    public RunHeader {
      scenarios = List.copyOf(scenarios);
      assertions = List.copyOf(assertions);
    }
  }

  /** Receives the records of one log. Times are ms relative to {@link RunHeader#startEpochMs()}. */
  public interface RecordVisitor {
    void run(RunHeader header);

    /**
     * @param groups enclosing group names, outermost first; a shared empty array when none (do not
     *     modify)
     * @param message the failure message, "" when none
     */
    void request(String[] groups, String name, int startMs, int endMs, boolean ok, String message);

    void user(int scenarioIndex, boolean start, int timeMs);

    default void group(
        String[] groups, int startMs, int endMs, int cumulatedResponseTimeMs, boolean ok) {}

    default void error(String message, int timeMs) {}
  }

  private final Path file;
  private final FileChannel channel;
  private final long fileBytes;
  private ByteBuffer buffer;
  private byte[] buf;
  private int pos;
  private int limit;
  private long consumedBefore;
  private boolean eof;
  private final List<String> stringCache = new ArrayList<>();

  private SimulationLogDecoder(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.fileBytes = channel.size();
    this.buf = new byte[BUFFER_BYTES];
    this.buffer = ByteBuffer.wrap(buf);
    stringCache.add(null); // index 0 is never used by the writer
  }

  /**
   * Decodes the whole log at {@code log}, calling {@code visitor} once per record.
   *
   * @return the number of records, the run record included
   * @throws InputException when the file is missing, empty, truncated mid-record, not a Gatling
   *     log, or written by another Gatling version
   */
  public static long decode(Path log, RecordVisitor visitor) throws InputException {
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      if (channel.size() == 0) {
        throw new InputException(log, "The Gatling log " + log + " is empty.");
      }
      return new SimulationLogDecoder(log, channel).decodeAll(visitor);
    } catch (NoSuchFileException e) {
      throw new InputException(log, "The Gatling log " + log + " does not exist.", e);
    } catch (IOException e) {
      throw new InputException(
          log, "The Gatling log " + log + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  private long decodeAll(RecordVisitor visitor) throws IOException, InputException {
    long record = 1;
    long recordStart = 0;
    try {
      if (!ensure(1) || buf[pos++] != RUN) {
        throw new InputException(
            file, "The file " + file + " is not a Gatling simulation.log (no run record first).");
      }
      visitor.run(readRunHeader());
      while (true) {
        recordStart = consumedBefore + pos;
        if (!ensure(1)) {
          return record;
        }
        record++;
        byte type = buf[pos++];
        switch (type) {
          case REQUEST -> readRequest(visitor);
          case USER -> {
            need(9);
            int scenario = int32();
            boolean start = buf[pos++] != 0;
            visitor.user(scenario, start, int32());
          }
          case GROUP -> {
            String[] groups = readGroups();
            need(13);
            int start = int32();
            int end = int32();
            int cumulated = int32();
            visitor.group(groups, start, end, cumulated, buf[pos++] != 0);
          }
          case ERROR -> {
            String message = readCachedString();
            need(4);
            visitor.error(message, int32());
          }
          default ->
              throw new InputException(
                  file,
                  "The Gatling log "
                      + file
                      + " is corrupt: record "
                      + record
                      + " at byte "
                      + recordStart
                      + " has unknown type "
                      + type
                      + ".");
        }
      }
    } catch (Corrupt c) {
      throw new InputException(
          file,
          "The Gatling log "
              + file
              + " is corrupt: record "
              + record
              + " at byte "
              + recordStart
              + " "
              + c.getMessage()
              + ".",
          c);
    } catch (Truncated t) {
      throw new InputException(
          file,
          "The Gatling log "
              + file
              + " is truncated: it ends inside record "
              + record
              + " (which starts at byte "
              + recordStart
              + " of "
              + channel.size()
              + ").");
    }
  }

  private RunHeader readRunHeader() throws IOException, InputException {
    need(4);
    int versionLength = int32();
    if (versionLength < 0 || versionLength > MAX_VERSION_LENGTH) {
      throw new InputException(
          file,
          "The file " + file + " is not a Gatling simulation.log (no version in its header).");
    }
    pos -= 4;
    String version = readString();
    if (!GATLING_VERSION.equals(version)) {
      throw new InputException(
          file,
          "The Gatling log "
              + file
              + " was written by Gatling "
              + version
              + ", but Redline reads Gatling "
              + GATLING_VERSION
              + " logs only.");
    }
    String simulation = readString();
    need(8);
    long start = int64();
    String description = readString();
    need(4);
    int scenarioCount = int32();
    List<String> scenarios = new ArrayList<>(scenarioCount);
    for (int i = 0; i < scenarioCount; i++) {
      scenarios.add(readString());
    }
    need(4);
    int assertionCount = int32();
    List<byte[]> assertions = new ArrayList<>(assertionCount);
    for (int i = 0; i < assertionCount; i++) {
      need(4);
      int length = int32();
      need(length);
      assertions.add(java.util.Arrays.copyOfRange(buf, pos, pos + length));
      pos += length;
    }
    return new RunHeader(version, simulation, start, description, scenarios, assertions);
  }

  private void readRequest(RecordVisitor visitor) throws IOException {
    String[] groups = readGroups();
    String name = readCachedString();
    need(9);
    int start = int32();
    int end = int32();
    boolean ok = buf[pos++] != 0;
    String message = readCachedString();
    visitor.request(groups, name, start, end, ok, message);
  }

  private String[] readGroups() throws IOException {
    need(4);
    int n = int32();
    if (n == 0) {
      return NO_GROUPS;
    }
    String[] groups = new String[n];
    for (int i = 0; i < n; i++) {
      groups[i] = readCachedString();
    }
    return groups;
  }

  private String readCachedString() throws IOException {
    need(4);
    int index = int32();
    if (index < 0) {
      int i = -index;
      if (i >= stringCache.size()) {
        throw new Corrupt("refers to string " + i + " before it was written");
      }
      return stringCache.get(i);
    }
    String s = sanitize(readString());
    while (stringCache.size() <= index) {
      stringCache.add(null);
    }
    stringCache.set(index, s);
    return s;
  }

  private String readString() throws IOException {
    need(4);
    int length = int32();
    if (length == 0) {
      return "";
    }
    if (length < 0) {
      throw new Corrupt("has a string of negative length " + length);
    }
    need(length + 1);
    int at = pos;
    byte coder = buf[at + length];
    pos += length + 1;
    if (coder == 0) {
      return new String(buf, at, length, StandardCharsets.ISO_8859_1);
    }
    return new String(
        buf,
        at,
        length,
        UTF16_LITTLE_ENDIAN ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
  }

  /** Gatling's reader turns line breaks and tabs in names and messages into spaces; so do we. */
  private static String sanitize(String s) {
    if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\t') < 0) {
      return s;
    }
    return s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }

  private int int32() {
    int v =
        (buf[pos] & 0xff) << 24
            | (buf[pos + 1] & 0xff) << 16
            | (buf[pos + 2] & 0xff) << 8
            | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  private long int64() {
    long hi = int32() & 0xffffffffL;
    long lo = int32() & 0xffffffffL;
    return hi << 32 | lo;
  }

  /** Makes {@code n} bytes available or throws {@link Truncated}. */
  private void need(int n) throws IOException {
    if (!ensure(n)) {
      throw new Truncated();
    }
  }

  /** Makes {@code n} bytes available; false when the file ends first. */
  private boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (consumedBefore + pos + n > fileBytes) {
      return false;
    }
    if (n > buf.length) {
      byte[] bigger = new byte[Math.max(n, buf.length * 2)];
      System.arraycopy(buf, pos, bigger, 0, limit - pos);
      consumedBefore += pos;
      limit -= pos;
      pos = 0;
      buf = bigger;
      buffer = ByteBuffer.wrap(buf);
    } else {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      consumedBefore += pos;
      limit -= pos;
      pos = 0;
    }
    while (!eof && limit < n) {
      buffer.limit(buf.length).position(limit);
      int read = channel.read(buffer);
      if (read < 0) {
        eof = true;
      } else {
        limit += read;
      }
    }
    return limit - pos >= n;
  }

  /** The file ended inside a record. */
  private static final class Truncated extends IOException {
    Truncated() {
      super(null, null);
    }
  }

  /** A record's content is impossible for a Gatling log. */
  private static final class Corrupt extends IOException {
    Corrupt(String what) {
      super(what);
    }
  }

  private static String buildGatlingVersion() {
    Properties p = new Properties();
    try (InputStream in = SimulationLogDecoder.class.getResourceAsStream("gatling.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = p.getProperty("version", "");
    if (version.isEmpty() || version.startsWith("$")) {
      throw new IllegalStateException(
          "gatling.properties holds no Gatling version: the build did not filter it.");
    }
    return version;
  }
}
