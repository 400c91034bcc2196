package dev.redline.checker.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is writing into a history folder, across processes, so that temp files of killed writers can
 * be removed without ever removing one that a live writer still needs.
 *
 * <p>Every writer holds a shared lock on {@code <history>/.writers.lock} from before it creates a
 * temp file until the temp file is renamed or deleted. These are operating-system advisory locks
 * ({@code fcntl}), which the kernel drops when a process dies, however it dies. {@link
 * #removeStaleTempFiles} takes the lock exclusively, which it gets only when no writer anywhere is
 * in the middle of a write; every hidden {@code .*.tmp} file it then finds was left by a writer
 * that died, and it deletes them. Where the file system has no locks, nothing is deleted (leftovers
 * are hidden and ignored by readers, as before).
 *
 * <p>Within one JVM, each lock file has exactly one open channel: on Linux, closing any channel of
 * a file drops all of the process's locks on it.
 */
public final class HistoryWriters {
  /** The lock file; hidden, so readers skip it. */
  public static final String LOCK_FILE = ".writers.lock";

  private static final ConcurrentHashMap<Path, HistoryWriters> BY_FOLDER =
      new ConcurrentHashMap<>();

  private final Path lockFile;
  private FileChannel channel;
  private int writers;

  private HistoryWriters(Path lockFile) {
    this.lockFile = lockFile;
  }

  /** The one instance of this JVM for a history folder (which must exist). */
  public static HistoryWriters of(Path historyDir) throws IOException {
    Path real = historyDir.toRealPath();
    return BY_FOLDER.computeIfAbsent(real, d -> new HistoryWriters(d.resolve(LOCK_FILE)));
  }

  /** An action that writes a temp file and renames or deletes it before it returns. */
  @FunctionalInterface
  public interface Write<T> {
    T run() throws IOException, StoreException;
  }

  /** Runs {@code write} while holding the shared lock (waiting while a cleaner holds it). */
  public <T> T writing(Write<T> write) throws IOException, StoreException {
    enter();
    try {
      return write.run();
    } finally {
      exit();
    }
  }

  /**
   * Takes the shared lock for this JVM's first writer. A writer that cannot lock (no locks on this
   * file system, a lock file it may not read) writes anyway, as before there were locks.
   */
  private synchronized void enter() {
    if (writers++ > 0) {
      return;
    }
    try {
      try {
        Files.createFile(lockFile);
      } catch (FileAlreadyExistsException exists) {
        // The usual case.
      }
      // A shared lock needs read access only, so writers of other users can take it too.
      channel = FileChannel.open(lockFile, StandardOpenOption.READ);
      channel.lock(0, Long.MAX_VALUE, true);
    } catch (IOException noLock) {
      closeQuietly();
    }
  }

  private synchronized void exit() {
    if (--writers == 0) {
      closeQuietly();
    }
  }

  /** Closing the channel also releases its lock. */
  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // The kernel drops the lock with the descriptor anyway.
      }
      channel = null;
    }
  }

  /**
   * Deletes hidden {@code .*.tmp} files in {@code folders} when no writer is at work (none in this
   * JVM, none holding the lock elsewhere); otherwise leaves everything for a later open. Best
   * effort: never fails.
   *
   * @return how many temp files were deleted
   */
  public synchronized int removeStaleTempFiles(List<Path> folders) {
    if (writers > 0 || tempFiles(folders).isEmpty()) {
      return 0;
    }
    try (FileChannel ch =
        FileChannel.open(
            lockFile,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      FileLock exclusive = ch.tryLock();
      if (exclusive == null) {
        return 0;
      }
      try {
        int deleted = 0;
        for (Path tmp : tempFiles(folders)) {
          if (Files.deleteIfExists(tmp)) {
            deleted++;
          }
        }
        return deleted;
      } finally {
        exclusive.release();
      }
    } catch (IOException | OverlappingFileLockException e) {
      return 0;
    }
  }

  private static List<Path> tempFiles(List<Path> folders) {
    List<Path> found = new ArrayList<>();
    for (Path folder : folders) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, ".*.tmp")) {
        files.forEach(found::add);
      } catch (NoSuchFileException missing) {
        // Nothing written there yet.
      } catch (IOException e) {
        // Unreadable: nothing to clean here now.
      }
    }
    return found;
  }
}
