package dev.redline.checker.store;

import dev.redline.checker.changepoint.ChangePoint;
import dev.redline.checker.changepoint.EnvironmentChange;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Run;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs live between commands. Two implementations: {@link LocalHistoryStore} (a folder, the
 * embedded default) and the InfluxDB store. Implementations never leave a partly written run
 * behind: a run is either fully saved or not at all.
 */
public interface ResultStore extends AutoCloseable {

  /**
   * Saves a run with all its measurements and windows, unless a run with its id is stored already:
   * then nothing is written and {@link Saved#stored()} is false. Of two processes saving one run at
   * the same time, one stores it and the other is told it was already stored.
   */
  Saved save(Run run) throws StoreException;

  /**
   * What {@link #save} did.
   *
   * @param stored true when this call stored the run, false when it was stored already
   * @param where where the run now is, a phrase for messages ({@code local history /x/history})
   */
  record Saved(boolean stored, String where) {}

  /** Saves the verdicts of comparing {@code current} with a baseline. */
  void saveVerdicts(Run current, List<Verdict> verdicts) throws StoreException;

  /** The run with this id, if stored. */
  Optional<Run> load(String id) throws StoreException;

  /** Runs matching the query, newest first (by start time). */
  List<Run> list(RunQuery query) throws StoreException;

  /** The newest {@code n} valid runs matching the query, newest first: the history baseline. */
  default List<Run> lastGood(RunQuery query, int n) throws StoreException {
    return list(query).stream().filter(Run::valid).limit(n).toList();
  }

  /** Replaces a stored run's validity (e.g. a run disturbed by other load); atomic per run. */
  void setValidity(String id, boolean valid, String reason) throws StoreException;

  /**
   * Shares the change points and environment changes of a nightly analysis with the store's readers
   * (the dashboards' annotations). The local history keeps them in its own {@link ChangePointLog},
   * so by default there is nothing more to do.
   */
  default void publish(List<ChangePoint> changePoints, List<EnvironmentChange> environment)
      throws StoreException {}

  /**
   * The change points acknowledged in a shared store (InfluxDB), id to reason: a history folder
   * that starts empty (a lost cache) still knows what was accepted as the new normal. The local
   * history's own {@link ChangePointLog} is read apart, so by default there is nothing here.
   */
  default Map<String, String> acknowledgedChangePoints() throws StoreException {
    return Map.of();
  }

  /** One line for messages: {@code local history /repo/.redline/history}. */
  String describe();

  @Override
  default void close() throws StoreException {}
}
