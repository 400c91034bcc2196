package dev.redline.checker.store;

import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Run;
import java.util.List;
import java.util.Optional;

/**
 * Where runs live between commands. Two implementations: {@link LocalHistoryStore} (a folder, the
 * embedded default) and the InfluxDB store. Implementations never leave a partly written run
 * behind: a run is either fully saved or not at all.
 */
public interface ResultStore extends AutoCloseable {

  /** Saves a run with all its measurements and windows; fails when a run with its id exists. */
  void save(Run run) throws StoreException;

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

  /** One line for messages: {@code local history /repo/.redline/history}. */
  String describe();

  @Override
  default void close() throws StoreException {}
}
