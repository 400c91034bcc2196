package dev.redline.checker.store.influx;

import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.StoreException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Which store a command uses: InfluxDB (local history first) when INFLUX_URL is set. */
public final class InfluxStores {
  private InfluxStores() {}

  /**
   * The local history alone without {@code INFLUX_URL}; else a {@link BufferedInfluxStore} over it,
   * which sends what earlier commands left pending right away.
   *
   * @param notices receives the store's one line about InfluxDB when it is closed
   */
  public static ResultStore open(Path historyDir, Map<String, String> env, Consumer<String> notices)
      throws StoreException {
    LocalHistoryStore local = new LocalHistoryStore(historyDir);
    Optional<InfluxSettings> settings;
    try {
      settings = InfluxSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new StoreException(e.getMessage(), e);
    }
    if (settings.isEmpty()) {
      return local;
    }
    return new BufferedInfluxStore(local, new InfluxStore(settings.get()), notices);
  }
}
