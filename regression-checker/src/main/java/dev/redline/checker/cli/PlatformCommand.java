package dev.redline.checker.cli;

import dev.redline.checker.harness.Gate;
import dev.redline.checker.harness.HarnessException;
import dev.redline.checker.harness.Platform;
import dev.redline.checker.harness.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code redline platform start|stop}: a platform-api that outlives the command, for builds that
 * run their own load against it (load-simulations' smoke runs start and stop theirs with these).
 */
@Command(
    name = "platform",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Starts a platform-api that keeps running, or stops it (build plumbing).",
    subcommands = {PlatformCommand.Start.class, PlatformCommand.Stop.class})
final class PlatformCommand {
  static final String PID_FILE = "platform.pid";

  @Command(
      name = "start",
      sortOptions = false,
      mixinStandardHelpOptions = true,
      description =
          "Runs a private copy of JAR in DIR (log DIR/platform.log) with the platform's"
              + " environment passed through (PLATFORM_DB_URL included: without it the platform"
              + " starts embedded PostgreSQL), waits until it is ready, writes DIR/"
              + PID_FILE
              + " and returns, leaving it running.")
  static final class Start implements Callable<Integer> {
    @Option(names = "--jar", required = true, paramLabel = "JAR", description = "platform-api jar")
    Path jar;

    @Option(names = "--port", required = true, paramLabel = "PORT")
    int port;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "its folder")
    Path dir;

    @Option(
        names = "--ready-timeout",
        paramLabel = "SECONDS",
        defaultValue = "180",
        description = "How long to wait for readiness (default ${DEFAULT-VALUE}).")
    int readyTimeout;

    @Option(
        names = "--db-schema",
        paramLabel = "NAME",
        description = "The schema to use when PLATFORM_DB_URL names a shared database.")
    String dbSchema;

    @Option(
        names = {"-e", "--env"},
        paramLabel = "K=V",
        description = "Extra environment for the platform (repeatable).")
    List<String> env = new ArrayList<>();

    @Override
    public Integer call() {
      if (!Files.isRegularFile(jar)) {
        throw new HarnessException(
            jar
                + " does not exist: build platform-api first (./mvnw verify -pl load-simulations -am)");
      }
      Map<String, String> e = new LinkedHashMap<>();
      String db = System.getenv("PLATFORM_DB_URL");
      boolean shared = db != null && !db.isBlank();
      if (shared && dbSchema != null && System.getenv("PLATFORM_DB_SCHEMA") == null) {
        e.put("PLATFORM_DB_SCHEMA", dbSchema);
      }
      e.putAll(Gate.env(env, "--env"));
      Path copy = dir.resolve("platform-api.jar");
      try {
        Files.createDirectories(dir);
        // A jar rebuilt under a running JVM (another build in the same tree) breaks its class
        // loading mid-run: the platform runs a copy.
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ex) {
        throw new HarnessException(
            "cannot copy " + jar + " to " + copy + ": " + ex.getMessage(), ex);
      }
      Progress progress = new Progress(System.out, System.err, 1);
      progress.say(shared ? "database PLATFORM_DB_URL=" + db : "database: embedded PostgreSQL");
      Platform.launch("platform", copy, port, dir, e, false, readyTimeout, progress)
          .detach(dir.resolve(PID_FILE));
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stops the platform `start` left in DIR, with its process tree.")
  static final class Stop implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR")
    Path dir;

    @Override
    public Integer call() {
      Platform.stopDetached(dir.resolve(PID_FILE), new Progress(System.out, System.err, 1));
      return 0;
    }
  }
}
