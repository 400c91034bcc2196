package dev.redline.checker.store.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.changepoint.ChangePoint;
import dev.redline.checker.changepoint.EnvironmentChange;
import dev.redline.checker.changepoint.Night;
import dev.redline.checker.decide.Decider;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Status;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every query of every committed dashboard ({@code grafana/dashboards/*.json}) against a real
 * InfluxDB holding real Gatling and JMH runs (the fixtures, on two branches and several commits;
 * one suite's runs with the service's own Prometheus metrics) and the gate's verdicts: variables
 * filled in the way Grafana does, then each panel target and annotation must return the series it
 * is meant to show. Plus the structural checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {
  private static final Path DASHBOARDS = Path.of("../grafana/dashboards");
  private static final String DATASOURCE_UID = "redline-influxdb";
  private static final Set<String> BUILT_IN =
      Set.of("timeFilter", "__interval", "__timeFilter", "col", "__all");
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::regex)?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern REGEX_CONDITION =
      Pattern.compile("\"(\\w+)\" =~ /\\^\\$\\{?(\\w+)(?::regex})?\\$/");
  private static final Pattern EQUALS_CONDITION = Pattern.compile("\"(\\w+)\" = '([^']*)'");
  private static final Pattern NOT_EQUALS_CONDITION = Pattern.compile("\"(\\w+)\" != '([^']*)'");
  private static final String VALID_ONLY = "\"valid\" = true";
  private static final Pattern MEASUREMENT = Pattern.compile("FROM \"(\\w+)\"");
  private static final String FEATURE = "feature/faster-cart";
  private static final String SERVICE_SUITE_FOLDER = "shopsimulation-";

  private final JsonMapper json = JsonMapper.shared();
  private InfluxSettings settings;
  private InfluxStore store;

  /** Ingested tag values per measurement and tag key: what the variables must offer. */
  private final Map<String, Set<String>> ingested = new HashMap<>();

  private int changePoints;

  @BeforeAll
  void ingestRealRuns(@TempDir Path runFolders) throws Exception {
    settings = InfluxServers.freshDatabase("redline_dash");
    store = new InfluxStore(settings);
    Decider decider = new Decider(DecisionConfig.defaults());
    for (Path fixture : FixtureRuns.gatlingFolders()) {
      // The Shop suite's runs also hold the service's own metrics (a scrape pair), the Checkout
      // suite's do not: the service dashboard must show the one and leave out the other.
      Path folder =
          fixture.getFileName().toString().startsWith(SERVICE_SUITE_FOLDER)
              ? FixtureRuns.withServiceMetrics(fixture, runFolders)
              : fixture;
      Run r = FixtureRuns.read(folder);
      Run c1 = FixtureRuns.variant(r, "c1", "main", "c1aaaaaaaa", Duration.ofDays(-2), 1.0);
      Run c2 = FixtureRuns.variant(r, "c2", "main", "c2bbbbbbbb", Duration.ofDays(-1), 1.02);
      // The feature branch is 30% slower: the gate flags real regressions on it.
      Run c3 = FixtureRuns.variant(r, "c3", FEATURE, "c3cccccccc", Duration.ofHours(-6), 1.3);
      // A run disturbed by a neighbour, marked invalid after it was stored: trends leave it out.
      Run c4 = FixtureRuns.variant(r, "c4", "main", "c4dddddddd", Duration.ofHours(-3), 3.0);
      for (Run run : List.of(c1, c2, c3, c4)) {
        save(run);
      }
      store.setValidity(c4.id(), false, "disturbed by a backup job");
      publishChangePoints(c1, c2);
      // One run against one: the raw response times decide, so a 30% slowdown is significant even
      // after the Holm adjustment over all of the suite's measurements.
      saveVerdicts(c3, decider.compare("file", List.of(c2), List.of(c3), false).verdicts());
    }
    for (Path file : FixtureRuns.jmhFiles()) {
      Run r = FixtureRuns.read(file);
      Run j1 = FixtureRuns.variant(r, "j1", "main", "c1aaaaaaaa", Duration.ofDays(-2), 1.0);
      Run j2 = FixtureRuns.variant(r, "j2", "main", "c2bbbbbbbb", Duration.ofDays(-1), 1.0);
      Run j3 = FixtureRuns.variant(r, "j3", FEATURE, "c3cccccccc", Duration.ofHours(-6), 1.0);
      for (Run run : List.of(j1, j2, j3)) {
        save(run);
      }
      publishChangePoints(j1, j2);
      List<Verdict> verdicts =
          new ArrayList<>(decider.compare("file", List.of(j1, j2), List.of(j3), false).verdicts());
      // Identical scores give no noisy verdict; the gate's "noisy" stat needs one, so one is
      // recorded as the gate reports it (large estimate, not significant).
      verdicts.add(recorded(verdicts.get(0), Status.NOISY, 118, -4, 40, 0.21));
      // And a regression, so the JMH dashboard's annotation (JMH verdicts only) has one to show.
      verdicts.add(recorded(verdicts.get(1), Status.REGRESSION, 125, 15, 35, 0.001));
      saveVerdicts(j3, verdicts);
    }
    assertThat(ingested.get("verdict.status")).contains("regression", "noisy");
    assertThat(ingested.get("service_request.suite")).containsExactly("ShopSimulation");
    assertThat(ingested.get("service_request.route"))
        .contains("JVM", "DB pool", "GET /api/v1/optimization/sessions")
        .hasSizeGreaterThan(2);
  }

  /** A verdict of {@code like}'s measurement as the gate records it: baseline 100, limit 10%. */
  private static Verdict recorded(
      Verdict like, Status status, double current, double ciLow, double ciHigh, double p) {
    return new Verdict(
        like.name(),
        Metric.SCORE,
        like.unit(),
        Direction.LOWER_IS_BETTER,
        status,
        100,
        current,
        current - 100,
        ciLow,
        ciHigh,
        p,
        10,
        2,
        1,
        "welch-t");
  }

  /**
   * A change point of the first measurement between two runs, and a JDK change on the same night:
   * what {@code redline history --change-points} publishes (its analysis needs longer series than
   * these fixtures make; {@code ChangePointAnalysisTest} covers it).
   */
  private void publishChangePoints(Run before, Run after) throws Exception {
    Night from = new Night(before.id(), before.commit(), before.startedAt());
    Night to = new Night(after.id(), after.commit(), after.startedAt());
    var m = after.measurements().get(0);
    EnvironmentChange jdk =
        new EnvironmentChange(
            after.suite(),
            after.profile(),
            after.branch(),
            after.machine(),
            "jdk",
            "17.0.14",
            after.jdk(),
            from,
            to);
    ChangePoint c =
        new ChangePoint(
            "cp-" + String.format("%08x", ++changePoints),
            after.suite(),
            after.profile(),
            after.branch(),
            after.machine(),
            m.key(),
            m.unit(),
            m.direction(),
            m.value() / 1.2,
            m.value(),
            0.0005,
            from,
            to,
            List.of(jdk),
            Set.of(after.id()),
            false,
            "");
    store.publish(List.of(c), List.of(jdk));
  }

  @AfterAll
  void dropDatabase() throws Exception {
    if (store != null) {
      store.run("DROP DATABASE " + InfluxStore.identifier(settings.database()), null);
      store.close();
    }
  }

  @TestFactory
  Stream<DynamicNode> everyDashboard() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(DASHBOARDS)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files.stream().map(f -> f.getFileName().toString()))
        .contains(
            "load-trends.json",
            "service-trends.json",
            "run-detail.json",
            "jmh-trends.json",
            "verdicts.json");
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path f : files) {
      JsonNode d = json.readTree(f.toFile());
      String name = f.getFileName().toString();
      nodes.add(
          DynamicContainer.dynamicContainer(
              name,
              Stream.of(
                  DynamicTest.dynamicTest("panel ids are unique", () -> uniquePanelIds(d)),
                  DynamicTest.dynamicTest(
                      "every InfluxDB datasource is " + DATASOURCE_UID, () -> knownDatasource(d)),
                  DynamicTest.dynamicTest(
                      "every variable used is defined", () -> variablesDefined(d)),
                  DynamicTest.dynamicTest(
                      "every variable, panel and annotation query returns its series",
                      () -> queriesReturnTheirSeries(name, d)))));
    }
    return nodes.stream();
  }

  @Test
  void serviceRouteVariableOffersEveryHttpRouteAndNotTheJvmOrPoolPoint() throws Exception {
    JsonNode d = json.readTree(DASHBOARDS.resolve("service-trends.json").toFile());
    Map<String, List<String>> selected = new LinkedHashMap<>();
    Map<String, Boolean> multi = new HashMap<>();
    List<String> routes = null;
    for (JsonNode v : d.path("templating").path("list")) {
      String name = v.path("name").asText();
      List<String> values =
          tagValues(store.query(interpolate(v.path("query").asText(), selected, multi)));
      selected.put(name, values);
      multi.put(name, true);
      if (name.equals("route")) {
        routes = values;
      }
    }
    Set<String> httpRoutes = new TreeSet<>(ingested.get("service_request.route"));
    httpRoutes.remove("JVM");
    httpRoutes.remove("DB pool");
    assertThat(routes).containsExactlyInAnyOrderElementsOf(httpRoutes);
  }

  @Test
  void trendsLeaveOutARunMarkedInvalidAfterItWasStored() throws Exception {
    JsonNode d = json.readTree(DASHBOARDS.resolve("load-trends.json").toFile());
    String table = null;
    for (JsonNode p : d.path("panels")) {
      if (p.path("title").asText().equals("Runs by commit")) {
        table = p.path("targets").get(0).path("query").asText();
      }
    }
    assertThat(table).contains(VALID_ONLY);
    Map<String, List<String>> all = new HashMap<>();
    Map<String, Boolean> multi = new HashMap<>();
    for (JsonNode v : d.path("templating").path("list")) {
      String name = v.path("name").asText();
      all.put(name, tagValues(store.query(interpolate(v.path("query").asText(), all, multi))));
      multi.put(name, true);
    }
    Set<String> commits = new TreeSet<>();
    for (QueryResult.Series s : store.query(interpolate(table, all, multi))) {
      commits.add(s.getTags().get("commit"));
    }
    assertThat(commits).contains("c1aaaaaaaa", "c2bbbbbbbb").doesNotContain("c4dddddddd");
    assertThat(ingested.get("gatling_request.commit")).contains("c4dddddddd");
  }

  // ---- structure ----------------------------------------------------------------------------

  private static void uniquePanelIds(JsonNode d) {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : d.path("panels")) {
      assertThat(ids.add(p.path("id").asInt())).as("panel id %s is unique", p.path("id")).isTrue();
    }
    assertThat(ids).isNotEmpty();
  }

  private static void knownDatasource(JsonNode d) {
    List<String> uids = new ArrayList<>();
    walk(
        d,
        node -> {
          JsonNode ds = node.get("datasource");
          if (ds != null && "influxdb".equals(ds.path("type").asText())) {
            uids.add(ds.path("uid").asText());
          }
        });
    assertThat(uids).isNotEmpty().containsOnly(DATASOURCE_UID);
  }

  private static void variablesDefined(JsonNode d) {
    Set<String> defined = new HashSet<>();
    d.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
    List<String> used = new ArrayList<>();
    for (String part : List.of("panels", "templating", "annotations")) {
      walkStrings(
          d.path(part),
          s -> {
            Matcher m = VARIABLE.matcher(s);
            while (m.find()) {
              used.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
          });
    }
    for (JsonNode p : d.path("panels")) {
      if (p.hasNonNull("repeat")) {
        used.add(p.path("repeat").asText());
      }
    }
    assertThat(used)
        .filteredOn(v -> !BUILT_IN.contains(v) && !v.startsWith("tag_"))
        .allSatisfy(v -> assertThat(defined).as("variables defined").contains(v));
  }

  // ---- queries ------------------------------------------------------------------------------

  private void queriesReturnTheirSeries(String dashboard, JsonNode d) throws Exception {
    Map<String, List<String>> selected = new LinkedHashMap<>();
    Map<String, Boolean> multi = new HashMap<>();
    for (JsonNode v : d.path("templating").path("list")) {
      String name = v.path("name").asText();
      String q = v.path("query").asText();
      boolean isMulti = v.path("multi").asBoolean() || v.path("includeAll").asBoolean();
      List<String> values = tagValues(store.query(interpolate(q, selected, multi)));
      String measurement = measurementOf(q);
      String key = q.replaceAll(".*WITH KEY = \"(\\w+)\".*", "$1");
      assertThat(values).as("%s: variable %s (%s)", dashboard, name, q).isNotEmpty();
      assertThat(ingested.get(measurement + "." + key))
          .as("%s: values of %s", dashboard, name)
          .containsAll(values);
      multi.put(name, isMulti);
      selected.put(name, isMulti ? values : List.of(pick(name, values)));
    }
    int queries = 0;
    for (JsonNode p : d.path("panels")) {
      for (JsonNode t : p.path("targets")) {
        check(
            dashboard + " / " + p.path("title").asText() + " / " + t.path("refId").asText(),
            t.path("query").asText(),
            selected,
            multi,
            List.of());
        queries++;
      }
    }
    for (JsonNode a : d.path("annotations").path("list")) {
      if (a.has("query")) {
        check(
            dashboard + " / annotation " + a.path("name").asText(),
            a.path("query").asText(),
            selected,
            multi,
            List.of(a.path("textColumn").asText(), a.path("tagsColumn").asText()));
        queries++;
      }
    }
    assertThat(queries).isPositive();
  }

  /** Runs one query and checks its columns, its non-empty values and its series. */
  private void check(
      String what,
      String raw,
      Map<String, List<String>> selected,
      Map<String, Boolean> multi,
      List<String> extraColumns)
      throws Exception {
    String q = interpolate(raw, selected, multi);
    List<QueryResult.Series> series = store.query(q);
    assertThat(series).as("%s returns series: %s", what, q).isNotEmpty();
    List<String> columns = new ArrayList<>(selectedColumns(raw));
    columns.addAll(extraColumns);
    for (String c : columns) {
      boolean someValue = false;
      for (QueryResult.Series s : series) {
        assertThat(s.getColumns()).as("%s columns", what).contains(c);
        int i = s.getColumns().indexOf(c);
        someValue |= s.getValues().stream().anyMatch(row -> row.get(i) != null);
      }
      assertThat(someValue).as("%s: column %s has a value", what, c).isTrue();
    }
    List<String> groupTags = groupByTags(raw);
    if (!groupTags.isEmpty()) {
      Set<List<String>> got = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
      for (QueryResult.Series s : series) {
        assertThat(s.getTags())
            .as("%s series tags", what)
            .containsKeys(groupTags.toArray(String[]::new));
        got.add(groupTags.stream().map(s.getTags()::get).toList());
      }
      Set<List<String>> expected = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
      expected.addAll(expectedSeries(measurementOf(raw), raw, groupTags, selected));
      assertThat(got).as("%s: one series per %s", what, groupTags).isEqualTo(expected);
    }
  }

  /**
   * The series a query should return, worked out without InfluxQL: every stored series of the
   * measurement ({@code SHOW SERIES}) that the query's conditions keep, projected on the GROUP BY
   * tags.
   */
  private Set<List<String>> expectedSeries(
      String measurement, String raw, List<String> groupTags, Map<String, List<String>> selected)
      throws Exception {
    Set<List<String>> out = new HashSet<>();
    // Every series holding a value of any field selected, unfiltered but for validity (GROUP BY *).
    String valid = raw.contains(VALID_ONLY) ? " WHERE " + VALID_ONLY : "";
    for (String field : selectedFields(raw)) {
      for (QueryResult.Series s :
          store.query(
              "SELECT count(\""
                  + field
                  + "\") FROM \""
                  + measurement
                  + "\""
                  + valid
                  + " GROUP BY *")) {
        Map<String, String> tags = s.getTags();
        if (keeps(raw, tags, selected)) {
          out.add(groupTags.stream().map(tags::get).toList());
        }
      }
    }
    return out;
  }

  private static boolean keeps(
      String raw, Map<String, String> tags, Map<String, List<String>> selected) {
    Matcher rx = REGEX_CONDITION.matcher(raw);
    while (rx.find()) {
      if (!selected.get(rx.group(2)).contains(tags.get(rx.group(1)))) {
        return false;
      }
    }
    Matcher eq = EQUALS_CONDITION.matcher(raw);
    while (eq.find()) {
      if (!eq.group(2).equals(tags.get(eq.group(1)))) {
        return false;
      }
    }
    Matcher ne = NOT_EQUALS_CONDITION.matcher(raw);
    while (ne.find()) {
      if (ne.group(2).equals(tags.get(ne.group(1)))) {
        return false;
      }
    }
    return true;
  }

  /** {@code measurement,k=v,k2=v\ 2}: commas, equals signs and spaces are escaped. */
  static Map<String, String> parseSeriesKey(String key) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' && i + 1 < key.length()) {
        cur.append(c).append(key.charAt(++i));
      } else if (c == ',') {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    Map<String, String> tags = new HashMap<>();
    for (String part : parts.subList(1, parts.size())) {
      int eq = -1;
      for (int i = 0; i < part.length(); i++) {
        if (part.charAt(i) == '\\') {
          i++;
        } else if (part.charAt(i) == '=') {
          eq = i;
          break;
        }
      }
      tags.put(unescape(part.substring(0, eq)), unescape(part.substring(eq + 1)));
    }
    return tags;
  }

  private static String unescape(String s) {
    return s.replaceAll("\\\\([,= ])", "$1");
  }

  /** Columns a SELECT returns besides time: the alias, else the field or tag, else the function. */
  static List<String> selectedColumns(String q) {
    String list = q.substring(q.indexOf("SELECT ") + 7, q.indexOf(" FROM "));
    List<String> out = new ArrayList<>();
    for (String item : list.split(",\\s*")) {
      Matcher alias = Pattern.compile("AS \"(\\w+)\"").matcher(item);
      if (alias.find()) {
        out.add(alias.group(1));
      } else if (item.contains("(")) {
        out.add(item.substring(0, item.indexOf('(')).trim());
      } else {
        out.add(item.trim().replace("\"", ""));
      }
    }
    return out;
  }

  /** The field of each SELECT item (the first quoted name in it). */
  private static List<String> selectedFields(String q) {
    String list = q.substring(q.indexOf("SELECT ") + 7, q.indexOf(" FROM "));
    List<String> out = new ArrayList<>();
    for (String item : list.split(",\\s*")) {
      Matcher m = Pattern.compile("\"(\\w+)\"").matcher(item);
      assertThat(m.find()).as("a field in %s", item).isTrue();
      out.add(m.group(1));
    }
    return out;
  }

  static List<String> groupByTags(String q) {
    int at = q.indexOf("GROUP BY ");
    if (at < 0) {
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    Matcher m = Pattern.compile("\"(\\w+)\"").matcher(q.substring(at));
    while (m.find()) {
      tags.add(m.group(1));
    }
    return tags;
  }

  private static String measurementOf(String q) {
    Matcher m = MEASUREMENT.matcher(q);
    assertThat(m.find()).as("measurement of %s", q).isTrue();
    return m.group(1);
  }

  /**
   * What Grafana's InfluxDB datasource sends: a wide {@code $timeFilter}; each variable
   * regex-escaped, several values as {@code (a|b)}.
   */
  static String interpolate(
      String q, Map<String, List<String>> selected, Map<String, Boolean> multi) {
    Instant now = Instant.now();
    String out =
        q.replace(
            "$timeFilter",
            "time >= "
                + now.minus(Duration.ofDays(3650)).toEpochMilli()
                + "ms and time <= "
                + now.plus(Duration.ofDays(365)).toEpochMilli()
                + "ms");
    Matcher m = VARIABLE.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      List<String> values = selected.get(m.group(1) != null ? m.group(1) : m.group(2));
      if (values == null) {
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
        continue;
      }
      List<String> escaped = values.stream().map(DashboardQueriesIT::regexEscape).toList();
      String v = escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String regexEscape(String s) {
    return s.replaceAll("[\\\\^$*+?.()|\\[\\]{}/]", "\\\\$0");
  }

  /** Single-value variables: the Shop suite, the main branch, its newest commit. */
  private static String pick(String name, List<String> values) {
    for (String preferred : List.of("ShopSimulation", "main", "c2bbbbbbbb")) {
      if (values.contains(preferred)) {
        return preferred;
      }
    }
    return values.get(values.size() - 1);
  }

  private static List<String> tagValues(List<QueryResult.Series> series) {
    List<String> out = new ArrayList<>();
    for (QueryResult.Series s : series) {
      for (List<Object> row : s.getValues()) {
        out.add(String.valueOf(row.get(1)));
      }
    }
    return out;
  }

  // ---- ingest -------------------------------------------------------------------------------

  private void save(Run run) throws Exception {
    store.save(run);
    String batch = InfluxSchema.runBatch(run);
    for (String line : batch.split("\n")) {
      Map<String, String> tags = parseSeriesKey(line.substring(0, unescapedSpace(line)));
      String m = line.substring(0, line.indexOf(','));
      tags.forEach((k, v) -> ingested.computeIfAbsent(m + "." + k, x -> new TreeSet<>()).add(v));
    }
  }

  private void saveVerdicts(Run run, List<Verdict> verdicts) throws Exception {
    store.saveVerdicts(run, verdicts);
    for (Verdict v : verdicts) {
      ingested.computeIfAbsent("verdict.status", x -> new TreeSet<>()).add(v.status().label());
      ingested.computeIfAbsent("verdict.suite", x -> new TreeSet<>()).add(run.suite());
      ingested.computeIfAbsent("verdict.profile", x -> new TreeSet<>()).add(run.profile());
      ingested.computeIfAbsent("verdict.branch", x -> new TreeSet<>()).add(run.branch());
      ingested.computeIfAbsent("verdict.machine", x -> new TreeSet<>()).add(run.machine());
    }
  }

  private static int unescapedSpace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\\') {
        i++;
      } else if (line.charAt(i) == ' ') {
        return i;
      }
    }
    return line.length();
  }

  private interface Visitor {
    void visit(JsonNode node);
  }

  private static void walk(JsonNode n, Visitor v) {
    if (n.isObject()) {
      v.visit(n);
    }
    n.forEach(child -> walk(child, v));
  }

  private interface StringVisitor {
    void visit(String s);
  }

  private static void walkStrings(JsonNode n, StringVisitor v) {
    if (n.isTextual()) {
      v.visit(n.asText());
    }
    n.forEach(child -> walkStrings(child, v));
  }
}
