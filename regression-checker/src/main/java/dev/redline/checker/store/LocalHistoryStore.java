package dev.redline.checker.store;

import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.RunIds;
import dev.redline.checker.store.influx.Outbox;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The embedded default store: a folder with one {@code <run id>.json} per run and {@code
 * verdicts/<run id>.json} per comparison.
 *
 * <p>Every file is written atomically: into a hidden temp file in the same folder, flushed to disk
 * ({@code fsync}), then moved to its name, and the folder itself is flushed. A run file is created
 * with a hard link, which fails when the name exists, so of two processes saving one run exactly
 * one stores it and the other learns it was already stored; verdicts and validity changes replace
 * their file with an atomic rename. A crash at any point leaves either the old file, or the new
 * one, plus at worst a hidden {@code .*.tmp} file that readers ignore and the next open of the
 * history removes ({@link HistoryWriters} tells a dead writer's temp file from a live one's).
 */
public final class LocalHistoryStore implements ResultStore {
  private static final String SUFFIX = ".json";
  private final Path dir;

  /** Opens the history folder (created on the first write), removing dead writers' temp files. */
  public LocalHistoryStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    if (Files.isDirectory(this.dir)) {
      try {
        HistoryWriters.of(this.dir)
            .removeStaleTempFiles(
                List.of(
                    this.dir,
                    this.dir.resolve("verdicts"),
                    this.dir.resolve(Outbox.FOLDER),
                    this.dir.resolve("change-points")));
      } catch (IOException e) {
        // Best effort: leftovers are hidden and ignored by readers.
      }
    }
  }

  public Path dir() {
    return dir;
  }

  @Override
  public Saved save(Run run) throws StoreException {
    requireSafeId(run.id());
    Path target = dir.resolve(run.id() + SUFFIX);
    if (Files.exists(target)) {
      return new Saved(false, describe());
    }
    boolean created = writeAtomically(target, out -> RunJson.write(run, out), false);
    return new Saved(created, describe());
  }

  @Override
  public void saveVerdicts(Run current, List<Verdict> verdicts) throws StoreException {
    requireSafeId(current.id());
    Path target = dir.resolve("verdicts").resolve(current.id() + SUFFIX);
    writeAtomically(target, out -> RunJson.writeVerdicts(current, verdicts, out), true);
  }

  @Override
  public Optional<Run> load(String id) throws StoreException {
    if (!RunIds.isSafe(id)) {
      return Optional.empty();
    }
    Path file = dir.resolve(id + SUFFIX);
    return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
  }

  @Override
  public List<Run> list(RunQuery query) throws StoreException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Run> runs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "[!.]*" + SUFFIX)) {
      for (Path file : files) {
        Run run = read(file);
        if (query.matches(run)) {
          runs.add(run);
        }
      }
    } catch (IOException e) {
      throw new StoreException("Cannot list the history folder " + dir + ": " + e.getMessage(), e);
    }
    runs.sort(Comparator.comparing(Run::startedAt).thenComparing(Run::id).reversed());
    return runs;
  }

  @Override
  public void setValidity(String id, boolean valid, String reason) throws StoreException {
    Run run =
        load(id).orElseThrow(() -> new StoreException("No run with id " + id + " in " + dir + "."));
    Run changed = run.withValidity(valid, reason);
    writeAtomically(dir.resolve(id + SUFFIX), out -> RunJson.write(changed, out), true);
  }

  @Override
  public String describe() {
    return "local history " + dir;
  }

  private Run read(Path file) throws StoreException {
    try (InputStream in = Files.newInputStream(file)) {
      return RunJson.read(in);
    } catch (IOException | RuntimeException e) {
      throw new StoreException(
          "The history file " + file + " cannot be read (" + e.getMessage() + "); move it away.",
          e);
    }
  }

  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Temp files are created owner-only; history files and reports are read by other users too (a CI
   * artifact uploader, a web server), so they get the usual rw-r--r--.
   */
  public static void makeReadable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system: its defaults apply.
    }
  }

  /**
   * Temp file in the same folder, fsync, then an atomic rename over {@code target} ({@code
   * replace}) or a hard link that fails when {@code target} exists (not {@code replace}), fsync of
   * the folder. All under the folder's shared writer lock, so no cleaner removes the temp file.
   *
   * @return false when not replacing and {@code target} already existed: nothing was written
   */
  boolean writeAtomically(Path target, Content content, boolean replace) throws StoreException {
    Path folder = target.getParent();
    try {
      Files.createDirectories(folder);
      return HistoryWriters.of(dir).writing(() -> writeViaTempFile(target, content, replace));
    } catch (IOException e) {
      throw new StoreException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private boolean writeViaTempFile(Path target, Content content, boolean replace)
      throws IOException, StoreException {
    Path folder = target.getParent();
    Path tmp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
    try {
      makeReadable(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        content.writeTo(new NonClosing(out));
        out.flush();
        ch.force(true);
      }
      if (replace) {
        try {
          Files.move(
              tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          throw new StoreException(
              "The history folder " + folder + " does not support atomic renames; choose another.",
              e);
        }
      } else if (!createOnly(target, tmp)) {
        return false;
      }
      forceDirectory(folder);
      return true;
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Hidden and ignored by readers; the next open of the history removes it.
      }
    }
  }

  /**
   * Gives {@code tmp}'s content the name {@code target} unless that name exists, atomically:
   * link(2) fails on an existing name, where rename(2) would replace it. Where the file system has
   * no hard links, an existence check before the rename (not atomic between processes) has to do.
   */
  private static boolean createOnly(Path target, Path tmp) throws IOException {
    try {
      Files.createLink(target, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
      if (Files.exists(target)) {
        return false;
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  /** Makes the rename durable; some file systems refuse to open a folder, which we tolerate. */
  private static void forceDirectory(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // Not supported here (e.g. some non-Linux systems); the rename itself is still atomic.
    }
  }

  private void requireSafeId(String id) throws StoreException {
    if (!RunIds.isSafe(id)) {
      throw new StoreException("Run id '" + id + "' cannot be a file name in " + dir + ".");
    }
  }

  /** Keeps the JSON generator from closing the channel before we fsync it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
