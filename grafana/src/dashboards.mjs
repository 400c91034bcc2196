// Redline's Grafana dashboards. Measurement, tag and field names are exactly the ones the checker
// writes (DESIGN.md "Results schema"); the InfluxDB integration test runs every query below.
import { annotation, band, dashboard, dashboardLink, influx, stat, table, tagVariable, timeseries } from './panels.mjs';

/**
 * `"tag" =~ /^${var:regex}$/` for each variable: Grafana's regex format escapes a single value (a
 * branch such as `feature/x`) and renders several, or "All", as `(a|b)`.
 */
const re = (name) => `\${${name}:regex}`;
const match = (...tags) => tags.map((t) => `"${t}" =~ /^${re(t)}$/`).join(' AND ');

// Trend queries read valid runs only: `redline history --invalidate` rewrites a run's points with
// valid = false, so a run disturbed by a neighbour drops out of every trend at once.
const VALID = `"valid" = true`;
const LOAD_RUN_FILTER = match('suite', 'profile', 'branch', 'machine');
const LOAD_FILTER = `${match('suite', 'profile', 'branch', 'machine', 'request')} AND ${VALID}`;

/** Regressions of the selected suites and profiles only (a JMH regression never lands on a load trend). */
const regressionsAnnotation = (filter) =>
  annotation('Regressions', `SELECT "change_pct", "measurement", "status" FROM "verdict" WHERE "status" = 'regression' AND ${filter} AND $timeFilter`, {
    textColumn: 'measurement',
    tagsColumn: 'status',
  });
/** Change points of the nightly series (redline history --change-points), tagged code or environment. */
const changePointsAnnotation = (filter) =>
  annotation('Change points', `SELECT "text", "cause" FROM "change_point" WHERE ${filter} AND $timeFilter`, { color: 'orange', textColumn: 'text', tagsColumn: 'cause' });
/** JDK, kernel, CPU model or runner image changes between two nights. */
const environmentAnnotation = (filter) =>
  annotation('Environment changes', `SELECT "text", "kind" FROM "environment_change" WHERE ${filter} AND $timeFilter`, { color: 'blue', textColumn: 'text', tagsColumn: 'kind' });

/** One panel per selected request (repeated), one series per branch: never every request at once. */
function loadMetric(title, field, unit, description) {
  return {
    ...timeseries(
      `${title}: $request`,
      unit,
      [influx(`SELECT "${field}" FROM "gatling_request" WHERE ${LOAD_FILTER} AND $timeFilter GROUP BY "branch"`, { alias: '$tag_branch' })],
      { description },
    ),
    repeat: 'request',
    repeatDirection: 'h',
    maxPerRow: 2,
  };
}

const ALL_REQUESTS = `"request" = 'All Requests'`;
/** The newest run's value of the whole suite (request "All Requests"). */
function lastNight(title, field, unit, description) {
  return stat(title, unit, [influx(`SELECT last("${field}") FROM "gatling_request" WHERE ${LOAD_RUN_FILTER} AND ${ALL_REQUESTS} AND ${VALID} AND $timeFilter`)], { description });
}

/** The service's own view beside the load results: one series per route, branches overlaid. */
function serviceBeside(title, field, unit, description) {
  return timeseries(
    title,
    unit,
    [influx(`SELECT "${field}" FROM "service_request" WHERE ${LOAD_RUN_FILTER} AND "route" != 'JVM' AND ${VALID} AND $timeFilter GROUP BY "route"`, { alias: '$tag_route' })],
    { description, w: 8 },
  );
}

const loadTrends = dashboard({
  uid: 'redline-load-trends',
  title: 'Redline / Load trends',
  description: 'Gatling results per request across runs, by branch and commit; regressions annotated.',
  tags: ['gatling'],
  variables: [
    tagVariable('suite', 'gatling_request', 'suite'),
    tagVariable('profile', 'gatling_request', 'profile'),
    tagVariable('branch', 'gatling_request', 'branch'),
    tagVariable('machine', 'gatling_request', 'machine'),
    tagVariable('request', 'gatling_request', 'request', { where: `"suite" =~ /^${re('suite')}$/` }),
  ],
  annotations: [regressionsAnnotation(LOAD_RUN_FILTER), changePointsAnnotation(LOAD_RUN_FILTER), environmentAnnotation(LOAD_RUN_FILTER)],
  links: [dashboardLink('Service trends', 'redline-service-trends'), dashboardLink('One run in detail', 'redline-run-detail')],
  panels: [
    // Last night against its baseline: the newest run of the whole suite, and what the history
    // comparison said of its p95 (change against the last good runs of the branch).
    lastNight('p95, last run', 'p95_ms', 'ms', 'All Requests p95 of the newest valid run in range.'),
    stat(
      'p95 vs baseline, last run',
      'percent',
      [influx(`SELECT last("change_pct") FROM "verdict" WHERE ${LOAD_RUN_FILTER} AND "measurement" = 'All Requests p95' AND $timeFilter`)],
      { description: 'Change of All Requests p95 against the history baseline, from the newest comparison.' },
    ),
    lastNight('Throughput, last run', 'rps', 'rps', 'All Requests per second of the newest valid run.'),
    stat(
      'Open change points',
      'none',
      [influx(`SELECT count("change_pct") FROM "change_point" WHERE ${LOAD_RUN_FILTER} AND "acknowledged" = false AND $timeFilter`)],
      { description: 'Shifts found in the nightly series and not acknowledged (redline history --change-points).' },
    ),
    loadMetric('p95 response time', 'p95_ms', 'ms', 'One point per run: exact 95th percentile of ok responses.'),
    loadMetric('p99 response time', 'p99_ms', 'ms', 'One point per run: exact 99th percentile of ok responses.'),
    loadMetric('Throughput', 'rps', 'rps', 'Requests per second over the run.'),
    loadMetric('Error rate', 'error_rate', 'ratio', 'KO / all requests, per run.'),
    serviceBeside('Service CPU per request', 'cpu_us_per_req', 'us', 'What the service spent per request, per route, in the same runs (redline starter).'),
    serviceBeside('Service allocation per request', 'alloc_bytes_per_req', 'bytes', 'Heap bytes allocated per request, per route.'),
    timeseries(
      'Service GC pause per run',
      'ms',
      [influx(`SELECT "gc_pause_ms" FROM "service_request" WHERE ${LOAD_RUN_FILTER} AND "route" = 'JVM' AND ${VALID} AND $timeFilter GROUP BY "suite"`, { alias: '$tag_suite' })],
      { description: 'Total JVM GC pause during each load run.', w: 8 },
    ),
    timeseries(
      'Service DB pool wait per run',
      'ms',
      [influx(`SELECT "pool_wait_ms" FROM "service_request" WHERE ${LOAD_RUN_FILTER} AND "route" = 'DB pool' AND ${VALID} AND $timeFilter GROUP BY "suite"`, { alias: '$tag_suite' })],
      { description: 'Mean wait for a pooled database connection during each load run (HikariCP acquire timer).', w: 8 },
    ),
    table(
      'Run metadata',
      [influx(`SELECT "commit", "jdk", "tools", "cpu", "kernel", "runner_image", "valid", "run_id" FROM "run" WHERE ${LOAD_RUN_FILTER} AND $timeFilter`, { format: 'table' })],
      { description: 'Who ran what where: commit, JDK, tool versions, CPU, kernel and runner image of each run.', sortBy: { displayName: 'Time', desc: true } },
    ),
    table(
      'Runs by commit',
      [
        influx(
          `SELECT "p95_ms", "p99_ms", "rps", "error_rate", "count" FROM "gatling_request" WHERE ${LOAD_FILTER} AND $timeFilter GROUP BY "commit", "request"`,
          { format: 'table' },
        ),
      ],
      { columns: { p95_ms: { name: 'p95', unit: 'ms' }, p99_ms: { name: 'p99', unit: 'ms' }, rps: { name: 'rps', unit: 'rps' }, error_rate: { name: 'errors', unit: 'ratio' } } },
    ),
  ],
});

// The service's own view of each load run (measurement service_request: one point per run and
// route from two Prometheus scrapes around it; route "JVM" holds the JVM-wide GC pause).
const SERVICE_RUN_FILTER = match('suite', 'profile', 'branch', 'machine');
const SERVICE_FILTER = `${match('suite', 'profile', 'branch', 'machine', 'route')} AND ${VALID}`;
function serviceMetric(title, field, unit, description) {
  return timeseries(
    title,
    unit,
    [influx(`SELECT "${field}" FROM "service_request" WHERE ${SERVICE_FILTER} AND $timeFilter GROUP BY "route", "branch"`, { alias: '$tag_route [$tag_branch]' })],
    { description },
  );
}

const serviceTrends = dashboard({
  uid: 'redline-service-trends',
  title: 'Redline / Service trends',
  description: "The service's own measurements per route across load runs (its Prometheus metrics before and after each run), by branch; regressions annotated.",
  tags: ['gatling', 'service'],
  variables: [
    tagVariable('suite', 'service_request', 'suite'),
    tagVariable('profile', 'service_request', 'profile'),
    tagVariable('branch', 'service_request', 'branch'),
    tagVariable('machine', 'service_request', 'machine'),
    // HTTP routes only: "JVM" and "DB pool" carry no per-request field; their panels read them.
    tagVariable('route', 'service_request', 'route', { where: `"suite" =~ /^${re('suite')}$/ AND "route" != 'JVM' AND "route" != 'DB pool'` }),
  ],
  annotations: [regressionsAnnotation(SERVICE_RUN_FILTER), changePointsAnnotation(SERVICE_RUN_FILTER), environmentAnnotation(SERVICE_RUN_FILTER)],
  links: [dashboardLink('Load trends', 'redline-load-trends')],
  panels: [
    serviceMetric('Service time p50', 'service_p50_us', 'us', 'One point per run: median server-side time of successful requests, from the histogram buckets.'),
    serviceMetric('Service time p95', 'service_p95_us', 'us', 'One point per run: 95th percentile of server-side time, interpolated inside its bucket.'),
    serviceMetric('CPU per request', 'cpu_us_per_req', 'us', 'CPU time per request (redline starter); without the starter one series "all routes (process)" from the process CPU.'),
    serviceMetric('Median CPU per request', 'cpu_p50_us', 'us', 'One point per run: median CPU time of one request, from the starter\'s CPU time histogram (buckets 9% apart); the gate\'s sharpest CPU figure on cheap routes.'),
    serviceMetric('Allocated per request', 'alloc_bytes_per_req', 'bytes', 'Heap bytes allocated per request (redline starter); without it "all routes (process)" from the JVM allocation counter.'),
    serviceMetric('SQL statements per request', 'sql_per_req', 'statements', 'JDBC statements per request (the redline starter\'s DataSource proxy).'),
    timeseries(
      'GC pause per window',
      'ms',
      [
        influx(`SELECT "gc_pause_ms" FROM "service_request" WHERE ${SERVICE_RUN_FILTER} AND "route" = 'JVM' AND ${VALID} AND $timeFilter GROUP BY "suite", "branch"`, {
          alias: '$tag_suite [$tag_branch]',
        }),
      ],
      { description: 'Total JVM GC pause during the load run (jvm_gc_pause_seconds_sum, end minus start).' },
    ),
    timeseries(
      'DB pool: wait for a connection',
      'ms',
      [
        influx(`SELECT "pool_wait_ms" FROM "service_request" WHERE ${SERVICE_RUN_FILTER} AND "route" = 'DB pool' AND ${VALID} AND $timeFilter GROUP BY "suite", "branch"`, {
          alias: '$tag_suite [$tag_branch]',
        }),
      ],
      { description: 'Mean wait for a pooled database connection during the load run (HikariCP hikaricp_connections_acquire_seconds, sum over count, end minus start): a pool running short shows here first.' },
    ),
    table(
      'Runs by commit',
      [
        influx(
          `SELECT "service_p50_us", "service_p95_us", "service_p99_us", "cpu_us_per_req", "cpu_p50_us", "alloc_bytes_per_req", "sql_per_req", "requests" FROM "service_request" WHERE ${SERVICE_FILTER} AND $timeFilter GROUP BY "commit", "route"`,
          { format: 'table' },
        ),
      ],
      {
        columns: {
          service_p50_us: { name: 'p50', unit: 'us' },
          service_p95_us: { name: 'p95', unit: 'us' },
          service_p99_us: { name: 'p99', unit: 'us' },
          cpu_us_per_req: { name: 'CPU/req', unit: 'us' },
          cpu_p50_us: { name: 'CPU p50', unit: 'us' },
          alloc_bytes_per_req: { name: 'alloc/req', unit: 'bytes' },
          sql_per_req: { name: 'SQL/req', unit: 'statements' },
        },
        sortBy: { displayName: 'p95', desc: true },
      },
    ),
  ],
});

const WINDOW_FILTER = match('suite', 'profile', 'branch', 'commit', 'request');
function windowMetric(title, field, unit) {
  return timeseries(
    title,
    unit,
    [influx(`SELECT "${field}" FROM "gatling_window" WHERE ${WINDOW_FILTER} AND $timeFilter GROUP BY "request"`, { alias: '$tag_request' })],
    { points: false },
  );
}

const runDetail = dashboard({
  uid: 'redline-run-detail',
  title: 'Redline / One run in detail',
  description: 'Per-second windows of one Gatling run: pick the suite, profile, branch and commit.',
  tags: ['gatling'],
  time: 'now-7d',
  variables: [
    tagVariable('suite', 'gatling_window', 'suite', { multi: false }),
    tagVariable('profile', 'gatling_window', 'profile', { multi: false, where: `"suite" =~ /^${re('suite')}$/` }),
    tagVariable('branch', 'gatling_window', 'branch', { multi: false }),
    tagVariable('commit', 'gatling_window', 'commit', { multi: false, where: `"suite" =~ /^${re('suite')}$/ AND "profile" =~ /^${re('profile')}$/ AND "branch" =~ /^${re('branch')}$/` }),
    tagVariable('request', 'gatling_window', 'request', { where: `"suite" =~ /^${re('suite')}$/` }),
  ],
  panels: [
    windowMetric('Requests per second', 'rps', 'rps'),
    windowMetric('p95 per second', 'p95_ms', 'ms'),
    windowMetric('Active users', 'active_users', 'none'),
    windowMetric('KO per second', 'ko', 'none'),
  ],
});

const JMH_FILTER = `${match('benchmark', 'params', 'profile', 'branch', 'machine')} AND ${VALID}`;
const JMH_RUN_FILTER = `"suite" = 'jmh' AND ${match('profile', 'branch', 'machine')}`;
const jmhTrends = dashboard({
  uid: 'redline-jmh-trends',
  title: 'Redline / Micro-benchmark trends',
  description: 'JMH scores per benchmark and params, with the 99.9% confidence interval as a band.',
  tags: ['jmh'],
  variables: [
    tagVariable('benchmark', 'jmh_benchmark', 'benchmark'),
    tagVariable('params', 'jmh_benchmark', 'params', { where: `"benchmark" =~ /^${re('benchmark')}$/` }),
    tagVariable('profile', 'jmh_benchmark', 'profile'),
    tagVariable('branch', 'jmh_benchmark', 'branch'),
    tagVariable('machine', 'jmh_benchmark', 'machine'),
  ],
  annotations: [regressionsAnnotation(JMH_RUN_FILTER), changePointsAnnotation(JMH_RUN_FILTER), environmentAnnotation(JMH_RUN_FILTER)],
  panels: [
    {
      ...timeseries(
        'Score with confidence interval: $benchmark',
        'none',
        [
          influx(`SELECT "score" AS "score", "ci_low" AS "ci_low", "ci_high" AS "ci_high" FROM "jmh_benchmark" WHERE ${JMH_FILTER} AND $timeFilter GROUP BY "params", "unit", "branch"`, {
            alias: '$col',
          }),
        ],
        { description: 'One panel per benchmark (repeated); unit from the benchmark tag.', w: 24, overrides: band('ci_low', 'ci_high') },
      ),
      repeat: 'benchmark',
      repeatDirection: 'v',
    },
    timeseries(
      'Allocation per operation',
      'bytes',
      [influx(`SELECT "alloc_bytes_per_op" FROM "jmh_benchmark" WHERE ${JMH_FILTER} AND $timeFilter GROUP BY "benchmark", "params"`, { alias: '$tag_benchmark $tag_params' })],
      { w: 24, description: 'gc.alloc.rate.norm from -prof gc.' },
    ),
  ],
});

const VERDICT_FILTER = match('suite', 'profile', 'branch');
const verdicts = dashboard({
  uid: 'redline-verdicts',
  title: 'Redline / Gate verdicts',
  description: 'What the regression gate decided: the latest regressions and their size.',
  tags: ['gate'],
  variables: [tagVariable('suite', 'verdict', 'suite'), tagVariable('profile', 'verdict', 'profile'), tagVariable('branch', 'verdict', 'branch')],
  panels: [
    stat('Regressions in range', 'none', [influx(`SELECT count("change_pct") FROM "verdict" WHERE "status" = 'regression' AND ${VERDICT_FILTER} AND $timeFilter`)]),
    stat('Noisy measurements in range', 'none', [influx(`SELECT count("change_pct") FROM "verdict" WHERE "status" = 'noisy' AND ${VERDICT_FILTER} AND $timeFilter`)]),
    timeseries(
      'Verdicts per day',
      'none',
      [influx(`SELECT count("change_pct") FROM "verdict" WHERE ${VERDICT_FILTER} AND $timeFilter GROUP BY time(1d), "status" fill(none)`, { alias: '$tag_status' })],
    ),
    table(
      'Latest regressions',
      [
        influx(
          `SELECT last("change_pct") AS "change_pct", last("baseline") AS "baseline", last("current") AS "current", last("threshold_pct") AS "threshold_pct", last("p_value") AS "p_value" FROM "verdict" WHERE "status" = 'regression' AND ${VERDICT_FILTER} AND $timeFilter GROUP BY "measurement", "commit"`,
          { format: 'table' },
        ),
      ],
      { columns: { change_pct: { name: 'Change %', unit: 'percent' }, threshold_pct: { name: 'Limit %', unit: 'percent' }, p_value: { name: 'p' } } },
    ),
  ],
});

export const DASHBOARDS = { 'load-trends': loadTrends, 'service-trends': serviceTrends, 'run-detail': runDetail, 'jmh-trends': jmhTrends, 'verdicts': verdicts };
