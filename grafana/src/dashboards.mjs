// Redline's Grafana dashboards. Measurement, tag and field names are exactly the ones the checker
// writes (DESIGN.md "Results schema"); the InfluxDB integration test runs every query below.
import { annotation, band, dashboard, dashboardLink, influx, stat, table, tagVariable, timeseries } from './panels.mjs';

/**
 * `"tag" =~ /^${var:regex}$/` for each variable: Grafana's regex format escapes a single value (a
 * branch such as `feature/x`) and renders several, or "All", as `(a|b)`.
 */
const re = (name) => `\${${name}:regex}`;
const match = (...tags) => tags.map((t) => `"${t}" =~ /^${re(t)}$/`).join(' AND ');

const LOAD_FILTER = match('suite', 'profile', 'branch', 'request');
const regressionsAnnotation = annotation(
  'Regressions',
  `SELECT "change_pct", "measurement", "status" FROM "verdict" WHERE "status" = 'regression' AND "branch" =~ /^${re('branch')}$/ AND $timeFilter`,
  { textColumn: 'measurement', tagsColumn: 'status' },
);

function loadMetric(title, field, unit, description) {
  return timeseries(
    title,
    unit,
    [influx(`SELECT "${field}" FROM "gatling_request" WHERE ${LOAD_FILTER} AND $timeFilter GROUP BY "request", "branch"`, { alias: '$tag_request [$tag_branch]' })],
    { description },
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
    tagVariable('request', 'gatling_request', 'request', { where: `"suite" =~ /^${re('suite')}$/` }),
  ],
  annotations: [regressionsAnnotation],
  links: [dashboardLink('Service trends', 'redline-service-trends')],
  panels: [
    loadMetric('p95 response time', 'p95_ms', 'ms', 'One point per run: exact 95th percentile of ok responses.'),
    loadMetric('p99 response time', 'p99_ms', 'ms', 'One point per run: exact 99th percentile of ok responses.'),
    loadMetric('Throughput', 'rps', 'rps', 'Requests per second over the run.'),
    loadMetric('Error rate', 'error_rate', 'ratio', 'KO / all requests, per run.'),
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
const SERVICE_FILTER = match('suite', 'profile', 'branch', 'route');
const SERVICE_RUN_FILTER = match('suite', 'profile', 'branch');
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
    // HTTP routes only: "JVM" carries no per-request field, the GC panel reads it directly.
    tagVariable('route', 'service_request', 'route', { where: `"suite" =~ /^${re('suite')}$/ AND "route" != 'JVM'` }),
  ],
  annotations: [regressionsAnnotation],
  links: [dashboardLink('Load trends', 'redline-load-trends')],
  panels: [
    serviceMetric('Service time p50', 'service_p50_us', 'us', 'One point per run: median server-side time of successful requests, from the histogram buckets.'),
    serviceMetric('Service time p95', 'service_p95_us', 'us', 'One point per run: 95th percentile of server-side time, interpolated inside its bucket.'),
    serviceMetric('CPU per request', 'cpu_us_per_req', 'us', 'CPU time per request (redline starter); without the starter one series "all routes (process)" from the process CPU.'),
    serviceMetric('Allocated per request', 'alloc_bytes_per_req', 'bytes', 'Heap bytes allocated per request (redline starter); without it "all routes (process)" from the JVM allocation counter.'),
    serviceMetric('SQL statements per request', 'sql_per_req', 'statements', 'JDBC statements per request (the redline starter\'s DataSource proxy).'),
    timeseries(
      'GC pause per window',
      'ms',
      [
        influx(`SELECT "gc_pause_ms" FROM "service_request" WHERE ${SERVICE_RUN_FILTER} AND "route" = 'JVM' AND $timeFilter GROUP BY "suite", "branch"`, {
          alias: '$tag_suite [$tag_branch]',
        }),
      ],
      { description: 'Total JVM GC pause during the load run (jvm_gc_pause_seconds_sum, end minus start).' },
    ),
    table(
      'Runs by commit',
      [
        influx(
          `SELECT "service_p50_us", "service_p95_us", "service_p99_us", "cpu_us_per_req", "alloc_bytes_per_req", "sql_per_req", "requests" FROM "service_request" WHERE ${SERVICE_FILTER} AND $timeFilter GROUP BY "commit", "route"`,
          { format: 'table' },
        ),
      ],
      {
        columns: {
          service_p50_us: { name: 'p50', unit: 'us' },
          service_p95_us: { name: 'p95', unit: 'us' },
          service_p99_us: { name: 'p99', unit: 'us' },
          cpu_us_per_req: { name: 'CPU/req', unit: 'us' },
          alloc_bytes_per_req: { name: 'alloc/req', unit: 'bytes' },
          sql_per_req: { name: 'SQL/req', unit: 'statements' },
        },
        sortBy: { displayName: 'p95', desc: true },
      },
    ),
  ],
});

const WINDOW_FILTER = match('suite', 'branch', 'commit', 'request');
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
  description: 'Per-second windows of one Gatling run: pick the suite, branch and commit.',
  tags: ['gatling'],
  time: 'now-7d',
  variables: [
    tagVariable('suite', 'gatling_window', 'suite', { multi: false }),
    tagVariable('branch', 'gatling_window', 'branch', { multi: false }),
    tagVariable('commit', 'gatling_window', 'commit', { multi: false, where: `"suite" =~ /^${re('suite')}$/ AND "branch" =~ /^${re('branch')}$/` }),
    tagVariable('request', 'gatling_window', 'request', { where: `"suite" =~ /^${re('suite')}$/` }),
  ],
  panels: [
    windowMetric('Requests per second', 'rps', 'rps'),
    windowMetric('p95 per second', 'p95_ms', 'ms'),
    windowMetric('Active users', 'active_users', 'none'),
    windowMetric('KO per second', 'ko', 'none'),
  ],
});

const JMH_FILTER = match('benchmark', 'params', 'branch');
const jmhTrends = dashboard({
  uid: 'redline-jmh-trends',
  title: 'Redline / Micro-benchmark trends',
  description: 'JMH scores per benchmark and params, with the 99.9% confidence interval as a band.',
  tags: ['jmh'],
  variables: [
    tagVariable('benchmark', 'jmh_benchmark', 'benchmark'),
    tagVariable('params', 'jmh_benchmark', 'params', { where: `"benchmark" =~ /^${re('benchmark')}$/` }),
    tagVariable('branch', 'jmh_benchmark', 'branch'),
  ],
  annotations: [regressionsAnnotation],
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

const verdicts = dashboard({
  uid: 'redline-verdicts',
  title: 'Redline / Gate verdicts',
  description: 'What the regression gate decided: the latest regressions and their size.',
  tags: ['gate'],
  variables: [tagVariable('branch', 'verdict', 'branch')],
  panels: [
    stat('Regressions in range', 'none', [influx(`SELECT count("change_pct") FROM "verdict" WHERE "status" = 'regression' AND "branch" =~ /^${re('branch')}$/ AND $timeFilter`)]),
    stat('Noisy measurements in range', 'none', [influx(`SELECT count("change_pct") FROM "verdict" WHERE "status" = 'noisy' AND "branch" =~ /^${re('branch')}$/ AND $timeFilter`)]),
    timeseries(
      'Verdicts per day',
      'none',
      [influx(`SELECT count("change_pct") FROM "verdict" WHERE "branch" =~ /^${re('branch')}$/ AND $timeFilter GROUP BY time(1d), "status" fill(none)`, { alias: '$tag_status' })],
    ),
    table(
      'Latest regressions',
      [
        influx(
          `SELECT last("change_pct") AS "change_pct", last("baseline") AS "baseline", last("current") AS "current", last("threshold_pct") AS "threshold_pct", last("p_value") AS "p_value" FROM "verdict" WHERE "status" = 'regression' AND "branch" =~ /^${re('branch')}$/ AND $timeFilter GROUP BY "measurement", "commit"`,
          { format: 'table' },
        ),
      ],
      { columns: { change_pct: { name: 'Change %', unit: 'percent' }, threshold_pct: { name: 'Limit %', unit: 'percent' }, p_value: { name: 'p' } } },
    ),
  ],
});

export const DASHBOARDS = { 'load-trends': loadTrends, 'service-trends': serviceTrends, 'run-detail': runDetail, 'jmh-trends': jmhTrends, 'verdicts': verdicts };
