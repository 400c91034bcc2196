package dev.redline.checker.cli;

import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.StoreException;
import dev.redline.checker.store.influx.InfluxStores;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every subcommand has. */
public final class CommonOptions {
  @Option(
      names = "--history",
      paramLabel = "DIR",
      defaultValue = "${env:REDLINE_HISTORY}",
      description = {
        "Local history folder (one JSON file per run).",
        "Env: REDLINE_HISTORY. Default: .redline/history at the repository root (the nearest folder with .git), else in the working folder."
      })
  Path history;

  @Option(
      names = {"-v", "--verbose"},
      defaultValue = "${env:REDLINE_VERBOSE:-false}",
      description = {
        "Print stack traces with errors.",
        "Env: REDLINE_VERBOSE. Default: ${DEFAULT-VALUE}."
      })
  boolean verbose;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /**
   * The store to use: the local history folder, or with {@code INFLUX_URL} set InfluxDB with the
   * local history first (see {@link InfluxStores}); its one line about InfluxDB goes to stderr.
   */
  public ResultStore store() throws StoreException {
    return InfluxStores.open(
        historyDir(),
        System.getenv(),
        line ->
            (mixee == null ? new PrintWriter(System.err, true) : mixee.commandLine().getErr())
                .println(line));
  }

  public Path historyDir() {
    if (history != null) {
      return history;
    }
    return repoRoot().resolve(".redline").resolve("history");
  }

  static Path repoRoot() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return p;
      }
    }
    return cwd;
  }
}
