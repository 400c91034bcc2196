package dev.redline.checker.store;

import java.nio.file.Path;

/**
 * Child process for {@link LocalHistoryStoreTest}: starts saving a run, writes part of it into the
 * temp file, says so, and stalls there until it is killed.
 */
public final class StallingWriter {
  public static void main(String[] args) throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(Path.of(args[0]));
    store.writeAtomically(
        store.dir().resolve("stalled.json"),
        out -> {
          out.write("{\"format\":\"redline-run/1\",".getBytes());
          out.flush();
          System.out.println("writing");
          System.out.flush();
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        false);
  }
}
