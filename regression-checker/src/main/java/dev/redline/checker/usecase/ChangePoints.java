package dev.redline.checker.usecase;

import dev.redline.checker.changepoint.ChangePoint;
import dev.redline.checker.changepoint.ChangePointReview;
import dev.redline.checker.changepoint.EDivisive;
import dev.redline.checker.changepoint.EnvironmentChange;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.RunQuery;
import dev.redline.checker.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Reviewing the history's change points: finding them over the stored runs (new ones are logged),
 * choosing which to show, and acknowledging one as the new normal.
 */
public final class ChangePoints {
  /** What a listing shows, and what it counted. */
  public record Listing(
      int runs,
      List<ChangePoint> shown,
      List<EnvironmentChange> environment,
      int fresh,
      long acknowledged) {}

  private final ChangePointReview review;

  /** E-divisive at {@code alpha} per permutation test, on the history in {@code historyDir}. */
  public ChangePoints(ResultStore store, Path historyDir, double alpha) throws StoreException {
    this.review =
        new ChangePointReview(
            store,
            historyDir,
            new EDivisive(alpha, permutations(alpha), EDivisive.DEFAULT_MIN_SIZE));
  }

  /**
   * Enough shuffles that the smallest p-value a permutation test reaches, 1 / (permutations + 1),
   * is at most half of {@code alpha}; never fewer than the detector's default.
   */
  static int permutations(double alpha) {
    return (int) Math.max(EDivisive.DEFAULT_PERMUTATIONS, Math.ceil(2 / alpha) - 1);
  }

  /**
   * The change points of the runs {@code query} selects: only the new ones with {@code onlyNew},
   * acknowledged ones only with {@code acknowledgedToo}, and with {@code since} only shifts (and
   * environment changes) whose first run after started then or later.
   */
  public Listing list(
      RunQuery query, Instant now, Instant since, boolean onlyNew, boolean acknowledgedToo)
      throws StoreException {
    ChangePointReview.Review r = review.review(query, now);
    List<ChangePoint> shown =
        (onlyNew ? r.fresh() : r.all())
            .stream()
                .filter(c -> acknowledgedToo || !c.acknowledged())
                .filter(c -> since == null || !c.firstAfter().startedAt().isBefore(since))
                .toList();
    List<EnvironmentChange> env =
        r.environment().stream()
            .filter(e -> since == null || !e.after().startedAt().isBefore(since))
            .toList();
    long acknowledged = r.all().stream().filter(ChangePoint::acknowledged).count();
    return new Listing(r.runs(), shown, env, r.fresh().size(), acknowledged);
  }

  /** Accepts change point {@code id} as the new normal, for {@code reason}. */
  public ChangePoint acknowledge(RunQuery query, String id, String reason, Instant now)
      throws StoreException {
    return review.acknowledge(query, id, reason, now);
  }
}
