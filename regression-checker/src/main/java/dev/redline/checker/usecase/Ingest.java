package dev.redline.checker.usecase;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.ingest.RunOverrides;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Recording results in the history without comparing them ({@code redline ingest}). */
public final class Ingest {
  private Ingest() {}

  /**
   * Reads {@code paths} (with {@code merge}, as one run of parallel injectors), marks the runs
   * invalid when {@code invalidReason} is given, then stores each, printing to {@code out} where it
   * went or that it was there already.
   */
  public static List<Run> store(
      List<Path> paths,
      RunOverrides overrides,
      boolean merge,
      String invalidReason,
      Compare.Stores stores,
      PrintWriter out)
      throws InputException, StoreException {
    List<Run> runs =
        merge ? List.of(Inputs.readMerged(paths, overrides)) : Inputs.read(paths, overrides);
    try (ResultStore store = stores.open()) {
      for (Run r : runs) {
        Run toSave = invalidReason == null ? r : r.withValidity(false, invalidReason);
        ResultStore.Saved saved = store.save(toSave);
        if (!saved.stored()) {
          out.printf(
              "Run %s (%s) is already in %s; not stored again.%n",
              toSave.id(), r.provenance().getOrDefault("input", "?"), saved.where());
          continue;
        }
        out.printf(
            "Stored run %s (%s, %s, %d measurements%s) in %s%n",
            toSave.id(),
            toSave.suite(),
            toSave.profile(),
            toSave.measurements().size(),
            toSave.valid() ? "" : ", invalid: " + toSave.invalidReason(),
            saved.where());
      }
    }
    return runs;
  }
}
