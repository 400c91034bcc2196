package dev.redline.checker.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Child process for {@link StoreCrashTest}: saves large runs, and rewrites their validity, in a
 * loop until it is killed.
 */
public final class CrashingWriter {
  public static void main(String[] args) throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(Path.of(args[0]));
    System.out.println("ready");
    System.out.flush();
    for (int i = 0; ; i++) {
      String id = "run-" + i;
      store.save(StoreFixtures.run(id, "main", Instant.ofEpochSecond(i), 200_000, i));
      store.setValidity(id, i % 2 == 0, "rewritten");
      if (i == 0) {
        System.out.println("saved");
        System.out.flush();
      }
    }
  }
}
