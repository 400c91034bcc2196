package dev.redline.checker.cli;

import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.StoreException;
import dev.redline.checker.store.influx.InfluxSettings;
import dev.redline.checker.store.influx.InfluxStore;
import dev.redline.checker.store.influx.Outbox;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code redline flush}: sends the batches InfluxDB has not confirmed yet. */
@Command(
    name = "flush",
    mixinStandardHelpOptions = true,
    description = {
      "Sends the runs and verdicts that InfluxDB has not confirmed yet (the outbox in the history folder).",
      "Settings from the environment only: INFLUX_URL (required), INFLUX_DB (default redline), INFLUX_USER, INFLUX_PASSWORD."
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  nothing is pending any more",
      "  2  something is still pending (the reason is printed)"
    })
final class FlushCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LocalHistoryStore local = new LocalHistoryStore(common.historyDir());
    Outbox outbox = new Outbox(local.dir());
    Optional<InfluxSettings> settings;
    try {
      settings = InfluxSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new StoreException(e.getMessage(), e);
    }
    int pending = outbox.pending().size();
    if (pending == 0) {
      out.println("Nothing pending in " + outbox.dir() + ".");
      return 0;
    }
    if (settings.isEmpty()) {
      throw new StoreException(
          "INFLUX_URL is not set, so the "
              + pending
              + " batch(es) pending in "
              + outbox.dir()
              + " cannot be sent; set it and run redline flush again.");
    }
    try (InfluxStore influx = new InfluxStore(settings.get())) {
      Outbox.FlushResult r = outbox.flushTo(influx);
      if (r.failure() != null) {
        throw new StoreException(
            r.failure().getMessage()
                + ": sent "
                + r.sentBatches()
                + " batch(es), "
                + r.pendingBatches()
                + " still pending in "
                + outbox.dir()
                + ".",
            r.failure());
      }
      out.println(
          "Sent "
              + r.sentBatches()
              + " pending batch(es) ("
              + r.sentPoints()
              + " points) to "
              + influx.describe()
              + "; nothing pending.");
      return 0;
    }
  }
}
