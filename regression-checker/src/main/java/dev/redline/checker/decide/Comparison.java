package dev.redline.checker.decide;

import dev.redline.checker.model.Run;
import java.util.List;

/**
 * The result of comparing current runs with baseline runs.
 *
 * @param mode how the baseline was chosen: {@code ab}, {@code history} or {@code file}
 * @param baseline the baseline runs
 * @param current the current runs
 * @param verdicts one per measurement present on both sides, in the current run's order
 * @param onlyInBaseline keys measured in the baseline only (dropped or renamed)
 * @param onlyInCurrent keys measured in the current runs only (new)
 * @param config the limits that applied
 */
public record Comparison(
    String mode,
    List<Run> baseline,
    List<Run> current,
    List<Verdict> verdicts,
    List<String> onlyInBaseline,
    List<String> onlyInCurrent,
    DecisionConfig config) {

  /** True when at least one verdict is a regression: the build fails. */
  public boolean failed() {
    return count(Status.REGRESSION) > 0;
  }

  public long count(Status status) {
    return verdicts.stream().filter(v -> v.status() == status).count();
  }
}
