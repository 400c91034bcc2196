package dev.redline.checker.store.influx;

import dev.redline.checker.changepoint.ChangePoint;
import dev.redline.checker.changepoint.EnvironmentChange;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.RunQuery;
import dev.redline.checker.store.StoreException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The store the CLI uses when {@code INFLUX_URL} is set: nothing is lost when InfluxDB is down.
 *
 * <ol>
 *   <li>Every write lands in the local history first (atomically), then its InfluxDB batch is
 *       recorded in the {@link Outbox}, then the outbox is sent; a batch leaves the outbox only
 *       once InfluxDB confirmed it.
 *   <li>Opening the store sends what earlier commands left pending.
 *   <li>Reads come from InfluxDB (the shared store), plus local runs still pending; when InfluxDB
 *       is unreachable they come from the local history alone.
 *   <li>{@link #close()} reports, in one line, what could not be sent, or what pending batches were
 *       delivered.
 * </ol>
 */
public final class BufferedInfluxStore implements ResultStore {
  private final LocalHistoryStore local;
  private final InfluxStore influx;
  private final Outbox outbox;
  private final Consumer<String> notices;
  private InfluxUnavailableException down;
  private int sentBatches;
  private long sentPoints;
  private int savedLocallyOnly;
  private int sentAtOpen;
  private long pointsSentAtOpen;

  /**
   * Opens the store and sends what is pending.
   *
   * @param notices receives at most one line, at {@link #close()}
   */
  public BufferedInfluxStore(LocalHistoryStore local, InfluxStore influx, Consumer<String> notices)
      throws StoreException {
    this.local = local;
    this.influx = influx;
    this.outbox = new Outbox(local.dir());
    this.notices = notices;
    if (!outbox.pending().isEmpty()) {
      send();
      sentAtOpen = sentBatches;
      pointsSentAtOpen = sentPoints;
    }
  }

  public Outbox outbox() {
    return outbox;
  }

  public InfluxStore influx() {
    return influx;
  }

  @Override
  public Saved save(Run run) throws StoreException {
    if (down == null) {
      try {
        if (influx.load(run.id()).isPresent()) {
          // Stored from another machine or clone, perhaps: not sent again, but this history folder
          // gets it when it lacks it (it is the first store, and this clone's baselines read it).
          Saved locally = local.save(run);
          return locally.stored()
              ? new Saved(
                  true, "local history " + local.dir() + " (" + influx.describe() + " had it)")
              : new Saved(false, describe());
        }
      } catch (InfluxUnavailableException e) {
        down = e;
      }
    }
    Saved locally = local.save(run);
    if (!locally.stored()) {
      return new Saved(false, down == null ? describe() : locally.where());
    }
    Outbox.Entry batch = outbox.add("run", run.id(), InfluxSchema.runBatch(run));
    send();
    if (!Files.exists(batch.file())) {
      return new Saved(true, describe());
    }
    savedLocallyOnly++;
    return new Saved(
        true,
        "local history "
            + local.dir()
            + "; "
            + (down == null ? influx.describe() + " did not confirm it" : down.getMessage())
            + ", so its batch waits in the outbox as "
            + batch.file()
            + " for the next redline command or 'redline flush'");
  }

  @Override
  public void saveVerdicts(Run current, List<Verdict> verdicts) throws StoreException {
    local.saveVerdicts(current, verdicts);
    outbox.add("verdicts", current.id(), InfluxSchema.verdictBatch(current, verdicts));
    send();
  }

  /** Through the outbox, like runs: kept when InfluxDB is down, sent by a later command. */
  @Override
  public void publish(List<ChangePoint> changePoints, List<EnvironmentChange> environment)
      throws StoreException {
    String batch = InfluxSchema.changePointBatch(changePoints, environment);
    if (!batch.isEmpty()) {
      outbox.add("changepoints", "analysis-" + System.currentTimeMillis(), batch);
      send();
    }
  }

  /** From InfluxDB; none while it is unreachable (the local log still has its own). */
  @Override
  public Map<String, String> acknowledgedChangePoints() throws StoreException {
    if (down == null) {
      try {
        return influx.acknowledgedChangePoints();
      } catch (InfluxUnavailableException e) {
        down = e;
      }
    }
    return Map.of();
  }

  @Override
  public Optional<Run> load(String id) throws StoreException {
    if (down == null) {
      try {
        Optional<Run> found = influx.load(id);
        if (found.isPresent()) {
          return found;
        }
      } catch (InfluxUnavailableException e) {
        down = e;
      }
    }
    return local.load(id);
  }

  @Override
  public List<Run> list(RunQuery query) throws StoreException {
    return merged(query, false, 0);
  }

  @Override
  public List<Run> lastGood(RunQuery query, int n) throws StoreException {
    return merged(query, true, n);
  }

  /** InfluxDB's runs plus the local runs whose batch is still pending, newest first. */
  private List<Run> merged(RunQuery query, boolean onlyValid, int limit) throws StoreException {
    if (down == null) {
      try {
        List<Run> remote = onlyValid ? influx.lastGood(query, limit) : influx.list(query);
        Set<String> pendingIds = new HashSet<>();
        for (Outbox.Entry e : outbox.pending()) {
          if (e.kind().equals("run")) {
            pendingIds.add(e.runId());
          }
        }
        if (pendingIds.isEmpty()) {
          return remote;
        }
        Map<String, Run> byId = new LinkedHashMap<>();
        remote.forEach(r -> byId.put(r.id(), r));
        for (String id : pendingIds) {
          local.load(id).filter(query::matches).ifPresent(r -> byId.putIfAbsent(r.id(), r));
        }
        List<Run> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(Run::startedAt).thenComparing(Run::id).reversed());
        return all.stream()
            .filter(r -> !onlyValid || r.valid())
            .limit(limit > 0 ? limit : Long.MAX_VALUE)
            .toList();
      } catch (InfluxUnavailableException e) {
        down = e;
      }
    }
    return onlyValid ? local.lastGood(query, limit) : local.list(query);
  }

  @Override
  public void setValidity(String id, boolean valid, String reason) throws StoreException {
    Optional<Run> run = local.load(id);
    if (run.isPresent()) {
      local.setValidity(id, valid, reason);
    } else {
      run = load(id);
    }
    Run r =
        run.orElseThrow(
            () -> new StoreException("No run with id " + id + " in " + describe() + "."));
    outbox.add("validity", id, InfluxSchema.validityBatch(r, valid, reason));
    send();
  }

  /** Sends everything pending now, whatever happened before in this process. */
  public Outbox.FlushResult flush() throws StoreException {
    down = null;
    send();
    return new Outbox.FlushResult(sentBatches, sentPoints, outbox.pending().size(), down);
  }

  /** Sends the outbox unless InfluxDB already failed in this process; true when all was sent. */
  private boolean send() throws StoreException {
    if (down != null) {
      return false;
    }
    Outbox.FlushResult r = outbox.flushTo(influx);
    sentBatches += r.sentBatches();
    sentPoints += r.sentPoints();
    down = r.failure();
    return down == null && r.pendingBatches() == 0;
  }

  @Override
  public String describe() {
    return influx.describe() + " (local history " + local.dir() + " first)";
  }

  /** The one line the command prints about InfluxDB, or null when there is nothing to say. */
  public String notice() throws StoreException {
    int pending = outbox.pending().size();
    if (down != null && pending > 0) {
      return down.getMessage()
          + ": "
          + (savedLocallyOnly > 0
              ? savedLocallyOnly + " run(s) kept in local history " + local.dir() + ", "
              : "")
          + pending
          + " batch(es) pending in "
          + outbox.dir()
          + "; the next redline command or 'redline flush' sends them.";
    }
    if (down != null) {
      return down.getMessage() + ": read the local history " + local.dir() + " instead.";
    }
    if (sentAtOpen > 0) {
      return "Sent "
          + sentAtOpen
          + " batch(es) left pending by earlier commands ("
          + pointsSentAtOpen
          + " points) to "
          + influx.describe()
          + ".";
    }
    return null;
  }

  @Override
  public void close() throws StoreException {
    try {
      String line = notice();
      if (line != null) {
        notices.accept(line);
      }
    } finally {
      influx.close();
    }
  }
}
