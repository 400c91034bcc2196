package dev.redline.checker.store.influx;

import dev.redline.checker.model.RunIds;
import dev.redline.checker.store.HistoryWriters;
import dev.redline.checker.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches not yet confirmed by InfluxDB: {@code <history>/outbox/<stamp>-<kind>-<run id>.lp}, each
 * the exact line protocol to send. Files are written atomically (temp file, fsync, atomic rename),
 * sent in name order (oldest first), and deleted only after InfluxDB confirmed the write. Sending a
 * batch twice is harmless: its points have fixed tags and timestamps, so they overwrite themselves.
 */
public final class Outbox {
  public static final String FOLDER = "outbox";
  private static final String SUFFIX = ".lp";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Path dir;

  /** The outbox of a local history folder. */
  public Outbox(Path historyDir) {
    this.dir = historyDir.toAbsolutePath().normalize().resolve(FOLDER);
  }

  public Path dir() {
    return dir;
  }

  /** One pending batch. */
  public record Entry(Path file, String kind, String runId) {}

  /** What a flush did. */
  public record FlushResult(
      int sentBatches, long sentPoints, int pendingBatches, InfluxUnavailableException failure) {
    public boolean complete() {
      return failure == null && pendingBatches == 0;
    }
  }

  /**
   * Records a batch as pending.
   *
   * @param kind {@code run}, {@code verdicts} or {@code validity}
   */
  public Entry add(String kind, String runId, String lineProtocol) throws StoreException {
    if (!RunIds.isSafe(runId)) {
      throw new StoreException("Run id '" + runId + "' cannot be a file name in " + dir + ".");
    }
    // Millisecond stamp plus a per-process sequence: names sort in the order batches were made.
    String name =
        String.format(
                "%013d-%06d-%s-%s",
                System.currentTimeMillis(), SEQUENCE.incrementAndGet() % 1_000_000, kind, runId)
            + SUFFIX;
    Path target = dir.resolve(name);
    writeAtomically(target, lineProtocol);
    return new Entry(target, kind, runId);
  }

  /** Pending batches, oldest first. */
  public List<Entry> pending() throws StoreException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "[!.]*" + SUFFIX)) {
      for (Path f : files) {
        String base = f.getFileName().toString();
        base = base.substring(0, base.length() - SUFFIX.length());
        String[] parts = base.split("-", 4);
        if (parts.length == 4) {
          entries.add(new Entry(f, parts[2], parts[3]));
        }
      }
    } catch (IOException e) {
      throw new StoreException("Cannot list the outbox " + dir + ": " + e.getMessage(), e);
    }
    entries.sort((a, b) -> a.file().getFileName().compareTo(b.file().getFileName()));
    return entries;
  }

  /** Sends pending batches oldest first, stopping at the first that is not confirmed. */
  public FlushResult flushTo(InfluxStore influx) throws StoreException {
    List<Entry> entries = pending();
    int sent = 0;
    long points = 0;
    for (Entry e : entries) {
      String lines;
      try {
        lines = Files.readString(e.file(), StandardCharsets.UTF_8);
      } catch (NoSuchFileException gone) {
        // Another redline process sent it meanwhile.
        continue;
      } catch (IOException io) {
        throw new StoreException(
            "Cannot read the pending batch " + e.file() + ": " + io.getMessage(), io);
      }
      try {
        influx.write(lines);
      } catch (InfluxUnavailableException down) {
        return new FlushResult(sent, points, entries.size() - sent, down);
      }
      try {
        Files.deleteIfExists(e.file());
      } catch (IOException io) {
        throw new StoreException(
            "Sent "
                + e.file()
                + " but cannot delete it ("
                + io.getMessage()
                + "); it will be sent again, harmlessly.",
            io);
      }
      sent++;
      points += InfluxSchema.countLines(lines);
    }
    return new FlushResult(sent, points, pending().size(), null);
  }

  /** Temp file, fsync, atomic rename, under the history's shared writer lock. */
  private void writeAtomically(Path target, String content) throws StoreException {
    Path folder = target.getParent();
    try {
      Files.createDirectories(folder);
      HistoryWriters.of(dir.getParent())
          .writing(
              () -> {
                writeLocked(target, content);
                return null;
              });
    } catch (IOException e) {
      throw new StoreException(
          "Cannot write the pending batch " + target + ": " + e.getMessage(), e);
    }
  }

  private static void writeLocked(Path target, String content) throws IOException, StoreException {
    Path folder = target.getParent();
    Path tmp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new StoreException("The outbox " + folder + " does not support atomic renames.", e);
      }
      try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
        ch.force(true);
      } catch (IOException ignored) {
        // Some file systems cannot sync a folder; the rename is still atomic.
      }
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Hidden, ignored by pending(); the next open of the history removes it.
      }
    }
  }
}
