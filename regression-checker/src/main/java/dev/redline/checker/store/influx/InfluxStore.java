package dev.redline.checker.store.influx;

import dev.redline.checker.changepoint.ChangePoint;
import dev.redline.checker.changepoint.EnvironmentChange;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.RunQuery;
import dev.redline.checker.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * The InfluxDB 1.x store, talking to the server directly: every call needs it up. The CLI wraps it
 * in {@link BufferedInfluxStore}, which writes the local history first and keeps what could not be
 * sent in an outbox.
 *
 * <p>Writes: one HTTP request per batch (one per run, one per set of verdicts), line protocol at
 * nanosecond precision. Reads: the {@code run} measurement ({@link InfluxSchema}).
 */
public final class InfluxStore implements ResultStore {
  /** Connecting to a dead host must not stall a command: 3 s to connect, 30 s per request. */
  private static final int CONNECT_TIMEOUT_S = 3;

  private static final int REQUEST_TIMEOUT_S = 30;

  private final InfluxSettings settings;
  private final InfluxDB client;
  private boolean databaseReady;

  public InfluxStore(InfluxSettings settings) {
    this.settings = settings;
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(CONNECT_TIMEOUT_S, TimeUnit.SECONDS)
            .readTimeout(REQUEST_TIMEOUT_S, TimeUnit.SECONDS)
            .writeTimeout(REQUEST_TIMEOUT_S, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false);
    this.client =
        settings.user() == null
            ? InfluxDBFactory.connect(settings.url(), http)
            : InfluxDBFactory.connect(settings.url(), settings.user(), settings.password(), http);
  }

  public InfluxSettings settings() {
    return settings;
  }

  /** Creates the database when missing ({@code CREATE DATABASE} is a no-op when it exists). */
  public void ensureDatabase() throws StoreException {
    if (databaseReady) {
      return;
    }
    run("CREATE DATABASE " + identifier(settings.database()), null);
    databaseReady = true;
  }

  /** Sends one batch of line protocol (ns precision) and returns once InfluxDB confirmed it. */
  public void write(String lineProtocol) throws StoreException {
    if (lineProtocol.isEmpty()) {
      return;
    }
    ensureDatabase();
    try {
      client.write(
          settings.database(),
          "",
          InfluxDB.ConsistencyLevel.ONE,
          TimeUnit.NANOSECONDS,
          lineProtocol);
    } catch (InfluxDBIOException e) {
      throw unavailable(e);
    } catch (InfluxDBException e) {
      throw new InfluxUnavailableException(
          settings.describe() + " refused a write: " + firstLine(e.getMessage()), e);
    }
  }

  @Override
  public Saved save(Run run) throws StoreException {
    if (load(run.id()).isPresent()) {
      return new Saved(false, describe());
    }
    // A concurrent save of the same run writes the same points (fixed tags and timestamps):
    // harmless.
    write(InfluxSchema.runBatch(run));
    return new Saved(true, describe());
  }

  @Override
  public void saveVerdicts(Run current, List<Verdict> verdicts) throws StoreException {
    write(InfluxSchema.verdictBatch(current, verdicts));
  }

  @Override
  public void publish(List<ChangePoint> changePoints, List<EnvironmentChange> environment)
      throws StoreException {
    write(InfluxSchema.changePointBatch(changePoints, environment));
  }

  @Override
  public Map<String, String> acknowledgedChangePoints() throws StoreException {
    Map<String, String> acks = new LinkedHashMap<>();
    for (QueryResult.Series s :
        query(
            "SELECT \"id\", \"reason\" FROM \""
                + InfluxSchema.CHANGE_POINT
                + "\" WHERE \"acknowledged\" = true")) {
      int id = s.getColumns().indexOf("id");
      int reason = s.getColumns().indexOf("reason");
      for (List<Object> row : s.getValues()) {
        acks.put(
            String.valueOf(row.get(id)), row.get(reason) == null ? "" : row.get(reason).toString());
      }
    }
    return acks;
  }

  @Override
  public Optional<Run> load(String id) throws StoreException {
    List<Run> runs =
        runs(
            "SELECT * FROM \"run\" WHERE \"run_id\" = "
                + literal(id)
                + " ORDER BY time DESC LIMIT 1");
    return runs.stream().findFirst();
  }

  @Override
  public List<Run> list(RunQuery query) throws StoreException {
    return runs(select(query, false, 0));
  }

  /** Filters validity and count in InfluxDB, so only the runs needed travel. */
  @Override
  public List<Run> lastGood(RunQuery query, int n) throws StoreException {
    return runs(select(query, true, n));
  }

  @Override
  public void setValidity(String id, boolean valid, String reason) throws StoreException {
    Run run =
        load(id)
            .orElseThrow(
                () -> new StoreException("No run with id " + id + " in " + describe() + "."));
    write(InfluxSchema.validityBatch(run, valid, reason));
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Runs an InfluxQL statement and returns its series; fails with one sentence on any error. */
  public List<QueryResult.Series> run(String influxQl, String database) throws StoreException {
    QueryResult result;
    try {
      result = client.query(new Query(influxQl, database));
    } catch (InfluxDBIOException e) {
      throw unavailable(e);
    } catch (InfluxDBException e) {
      throw new InfluxUnavailableException(
          settings.describe()
              + " rejected the query "
              + influxQl
              + ": "
              + firstLine(e.getMessage()),
          e);
    }
    if (result.getError() != null) {
      throw new StoreException(
          settings.describe() + " rejected " + influxQl + ": " + result.getError());
    }
    List<QueryResult.Series> series = new ArrayList<>();
    for (QueryResult.Result r : result.getResults()) {
      if (r.getError() != null) {
        throw new StoreException(
            settings.describe() + " rejected " + influxQl + ": " + r.getError());
      }
      if (r.getSeries() != null) {
        series.addAll(r.getSeries());
      }
    }
    return series;
  }

  /** Runs a query against the configured database. */
  public List<QueryResult.Series> query(String influxQl) throws StoreException {
    ensureDatabase();
    return run(influxQl, settings.database());
  }

  private List<Run> runs(String influxQl) throws StoreException {
    List<Run> runs = new ArrayList<>();
    for (QueryResult.Series s : query(influxQl)) {
      for (List<Object> values : s.getValues()) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (s.getTags() != null) {
          row.putAll(s.getTags());
        }
        for (int i = 0; i < s.getColumns().size(); i++) {
          row.put(s.getColumns().get(i), values.get(i));
        }
        try {
          runs.add(InfluxSchema.decode(row));
        } catch (IOException | RuntimeException e) {
          throw new StoreException(
              "A run in "
                  + describe()
                  + " ("
                  + row.get("run_id")
                  + ") cannot be read: "
                  + e.getMessage()
                  + ".",
              e);
        }
      }
    }
    return runs;
  }

  static String select(RunQuery q, boolean onlyValid, int limit) {
    List<String> where = new ArrayList<>();
    tagEquals(where, "suite", q.suite());
    tagEquals(where, "profile", q.profile());
    tagEquals(where, "branch", q.branch());
    tagEquals(where, "machine", q.machine());
    if (onlyValid) {
      where.add("\"valid\" = true");
    }
    return "SELECT * FROM \"run\""
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY time DESC"
        + (limit > 0 ? " LIMIT " + limit : "");
  }

  private static void tagEquals(List<String> where, String tag, String value) {
    if (value != null) {
      where.add(identifier(tag) + " = " + literal(value));
    }
  }

  /** An InfluxQL string literal: single quotes, backslash-escaped. */
  static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** An InfluxQL identifier: double quotes, backslash-escaped. */
  static String identifier(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private InfluxUnavailableException unavailable(InfluxDBIOException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return new InfluxUnavailableException(
        settings.describe() + " is unreachable (" + firstLine(why) + ")", e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
