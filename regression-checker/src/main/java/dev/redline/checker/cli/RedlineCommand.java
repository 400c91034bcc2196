package dev.redline.checker.cli;

import dev.redline.checker.harness.HarnessException;
import dev.redline.checker.usecase.Exit;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code redline}: the top command. Errors of every boundary (input files, the store, the
 * comparison, the config) are caught here once: one sentence on stderr, exit 2, a stack trace only
 * with {@code --verbose}.
 */
@Command(
    name = "redline",
    mixinStandardHelpOptions = true,
    versionProvider = RedlineCommand.Version.class,
    description =
        "Reads Gatling and JMH results, stores them, compares them with a baseline and decides.",
    subcommands = {
      CompareCommand.class,
      ReportCommand.class,
      IngestCommand.class,
      HistoryCommand.class,
      FlushCommand.class,
      NoiseCommand.class,
      GateCommand.class,
      CalibrateCommand.class,
      GateProofCommand.class,
      RunCommand.class,
      BenchCommand.class,
      PlatformCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {"  0  pass", "  1  regression", "  2  usage or input error"})
public final class RedlineCommand implements Runnable {
  public static final int PASS = Exit.PASS;
  public static final int REGRESSION = Exit.REGRESSION;
  public static final int BAD_INPUT = Exit.BAD_INPUT;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand.");
  }

  /** Runs the CLI and returns the exit code (tests call this directly). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
    CommandLine cli = new CommandLine(new RedlineCommand());
    cli.setOut(o);
    cli.setErr(e);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(Path.class, new PathArguments());
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          CommandLine c = ex.getCommandLine();
          if (ex.getCause() instanceof PathArguments.UnnamablePathException unnamable) {
            c.getErr().println("error: " + unnamable.getMessage());
            return BAD_INPUT;
          }
          c.getErr().println(ex.getMessage() + " (got: " + String.join(" ", a) + ")");
          c.usage(c.getErr());
          return BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          boolean verbose =
              parsed.hasMatchedOption("--verbose")
                  || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
          c.getErr().println(sentence(ex));
          if (verbose) {
            ex.printStackTrace(c.getErr());
          }
          return BAD_INPUT;
        });
    int code = cli.execute(args);
    o.flush();
    e.flush();
    return code;
  }

  /** The one sentence to print for an error. */
  static String sentence(Throwable ex) {
    return ex instanceof HarnessException ? "error: " + ex.getMessage() : Exit.sentence(ex);
  }

  /**
   * {@code redline 0.1.0-SNAPSHOT (commit 1a2b3c4)} from the jar's manifest, which the build writes
   * (Implementation-Version, Git-Commit, Git-Dirty); {@code redline dev} when run from classes.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {describe(manifest())};
    }

    static String describe(Manifest manifest) {
      if (manifest == null) {
        return "redline dev";
      }
      Attributes a = manifest.getMainAttributes();
      String version = known(a.getValue("Implementation-Version"));
      String commit = known(a.getValue("Git-Commit"));
      if (version == null) {
        return "redline dev";
      }
      String dirty = "true".equals(a.getValue("Git-Dirty")) ? ", uncommitted changes" : "";
      return "redline "
          + version
          + " (commit "
          + (commit == null ? "unknown" : commit)
          + dirty
          + ")";
    }

    /** Null for a missing value or one the build could not fill in (no .git: {@code ${...}}). */
    private static String known(String v) {
      return v == null || v.isBlank() || v.startsWith("${") ? null : v;
    }

    private static Manifest manifest() {
      try {
        var source = RedlineCommand.class.getProtectionDomain().getCodeSource();
        if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
          return null;
        }
        try (JarFile jar = new JarFile(new java.io.File(source.getLocation().toURI()))) {
          return jar.getManifest();
        }
      } catch (java.io.IOException | java.net.URISyntaxException | SecurityException e) {
        return null;
      }
    }
  }
}
