package dev.redline.checker.changepoint;

import dev.redline.checker.model.Run;
import dev.redline.checker.store.ChangePointLog;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.RunQuery;
import dev.redline.checker.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The use case behind {@code redline history --change-points} and {@code --ack}: analyse the stored
 * nights, match what is found with the change-point log kept with the history, record the new ones,
 * and share all of them with the store (InfluxDB: the dashboards' annotations).
 */
public final class ChangePointReview {
  private final ResultStore store;
  private final ChangePointLog log;
  private final ChangePointAnalysis analysis;

  public ChangePointReview(ResultStore store, Path historyDir, EDivisive detector)
      throws StoreException {
    this.store = store;
    this.log = new ChangePointLog(historyDir);
    this.analysis = new ChangePointAnalysis(detector);
  }

  /**
   * What a review found.
   *
   * @param runs how many runs were analysed
   * @param all every change point, as the log knows it (acknowledged ones included)
   * @param fresh the ones not in the log before this review
   * @param environment every environment change
   */
  public record Review(
      int runs,
      List<ChangePoint> all,
      List<ChangePoint> fresh,
      List<EnvironmentChange> environment) {}

  /** Analyses the runs the query selects, logs the new change points and publishes everything. */
  public Review review(RunQuery query, Instant now) throws StoreException {
    List<Run> runs = store.list(query);
    ChangePointAnalysis.Result r = analysis.analyse(runs);
    ChangePointLog.Reconciled rec =
        log.reconcile(r.changePoints(), now, store.acknowledgedChangePoints());
    log.save();
    store.publish(rec.all(), r.environment());
    return new Review(runs.size(), rec.all(), rec.fresh(), r.environment());
  }

  /**
   * Accepts a change point as the new normal: it stays in the log and in the store, marked, and is
   * no longer reported.
   *
   * @return the change point as now acknowledged
   * @throws StoreException when no change point has this id
   */
  public ChangePoint acknowledge(RunQuery query, String id, String reason, Instant now)
      throws StoreException {
    Review r = review(query, now);
    ChangePoint found =
        r.all().stream()
            .filter(c -> c.id().equals(id))
            .findFirst()
            .orElseThrow(
                () ->
                    new StoreException(
                        "No change point "
                            + id
                            + " in "
                            + store.describe()
                            + " (see 'redline history --change-points --all')."));
    log.acknowledge(id, reason, now);
    log.save();
    ChangePoint acked = found.as(id, true, reason);
    store.publish(List.of(acked), List.of());
    return acked;
  }
}
