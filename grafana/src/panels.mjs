// Small helpers, one per panel kind, keyed by unit. Every dashboard in Redline is built from these,
// so the datasource, the field units and the layout rules live in one place.

/** Fixed datasource uid; provisioning/datasources/redline-influxdb.yaml declares the same uid. */
export const DATASOURCE = { type: 'influxdb', uid: 'redline-influxdb' };

/** Grafana unit ids for the units Redline writes (see DESIGN.md "Results schema"). */
export const UNITS = {
  ms: 'ms',
  us: 'µs',
  rps: 'reqps',
  percent: 'percent',
  ratio: 'percentunit',
  ops: 'short',
  bytes: 'decbytes',
  // Grafana's custom "count:<unit>": the number with the word after it (2.4 stmt).
  statements: 'count:stmt',
  none: 'short',
};

function unitOf(key) {
  const unit = UNITS[key];
  if (!unit) throw new Error(`unknown unit "${key}"; known: ${Object.keys(UNITS).join(', ')}`);
  return unit;
}

/** One InfluxQL target; refId A, B, ... is assigned by the panel. */
export function influx(query, { alias, format = 'time_series' } = {}) {
  return { datasource: DATASOURCE, query, rawQuery: true, resultFormat: format, ...(alias ? { alias } : {}) };
}

function withRefIds(targets) {
  return targets.map((t, i) => ({ ...t, refId: String.fromCharCode(65 + i) }));
}

/** A time series panel; `unit` is a key of UNITS; `w` and `h` are grid cells (24 across). */
export function timeseries(title, unit, targets, { description = '', w = 12, h = 8, overrides = [], points = true } = {}) {
  return {
    type: 'timeseries',
    title,
    description,
    datasource: DATASOURCE,
    gridPos: { w, h },
    fieldConfig: {
      defaults: {
        unit: unitOf(unit),
        custom: { drawStyle: 'line', lineWidth: 1, showPoints: points ? 'always' : 'never', pointSize: 4, spanNulls: true },
      },
      overrides,
    },
    options: { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi' } },
    targets: withRefIds(targets),
  };
}

/** A table panel (latest values); `columns` maps field names to display names and units. */
export function table(title, targets, { description = '', w = 24, h = 10, columns = {}, sortBy = { displayName: 'Change %', desc: true } } = {}) {
  const overrides = Object.entries(columns).map(([field, { name, unit }]) => ({
    matcher: { id: 'byName', options: field },
    properties: [
      ...(name ? [{ id: 'displayName', value: name }] : []),
      ...(unit ? [{ id: 'unit', value: unitOf(unit) }] : []),
    ],
  }));
  return {
    type: 'table',
    title,
    description,
    datasource: DATASOURCE,
    gridPos: { w, h },
    fieldConfig: { defaults: {}, overrides },
    options: { showHeader: true, sortBy: [sortBy] },
    targets: withRefIds(targets),
  };
}

/** A single-number panel. */
export function stat(title, unit, targets, { description = '', w = 6, h = 4 } = {}) {
  return {
    type: 'stat',
    title,
    description,
    datasource: DATASOURCE,
    gridPos: { w, h },
    fieldConfig: { defaults: { unit: unitOf(unit) }, overrides: [] },
    options: { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'value' },
    targets: withRefIds(targets),
  };
}

/** Shade the area between two series (a confidence band): `low` fills up to `high`. */
export function band(lowAlias, highAlias) {
  return [
    { matcher: { id: 'byName', options: lowAlias }, properties: [{ id: 'custom.fillBelowTo', value: highAlias }, { id: 'custom.lineWidth', value: 0 }] },
    { matcher: { id: 'byName', options: highAlias }, properties: [{ id: 'custom.lineWidth', value: 0 }] },
  ];
}

/** A query variable whose values come from a tag of a measurement; multi-select with "All". */
export function tagVariable(name, measurement, key, { label = name, multi = true, where = '' } = {}) {
  const query = `SHOW TAG VALUES FROM "${measurement}" WITH KEY = "${key}"${where ? ` WHERE ${where}` : ''}`;
  return {
    type: 'query',
    name,
    label,
    datasource: DATASOURCE,
    query,
    definition: query,
    refresh: 2,
    sort: 1,
    multi,
    includeAll: multi,
    current: {},
  };
}

/** An annotation fed by an InfluxQL query (e.g. regressions from the `verdict` measurement). */
export function annotation(name, query, { color = 'red', textColumn = 'text', tagsColumn = 'status' } = {}) {
  return { name, datasource: DATASOURCE, enable: true, iconColor: color, query, textColumn, tagsColumn };
}

/** Lays panels left to right, wrapping at 24 columns, and numbers them 1..n (ids stay unique). */
export function layout(panels) {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((p, i) => {
    const { w, h } = p.gridPos;
    if (x + w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { ...p, id: i + 1, gridPos: { x, y, w, h } };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return placed;
  });
}

/**
 * A link in a dashboard's header to another dashboard by uid; it carries the time range and the
 * variables along, so a variable of the same name (suite, branch, ...) keeps its selection.
 */
export function dashboardLink(title, uid) {
  return { title, type: 'link', url: `/d/${uid}`, icon: 'dashboard', includeVars: true, keepTime: true, targetBlank: false, tooltip: '' };
}

/** A whole dashboard with a stable uid (links and provisioning rely on it). */
export function dashboard({ uid, title, description, tags = [], variables = [], annotations = [], links = [], panels, time = 'now-30d' }) {
  return {
    uid,
    title,
    description,
    tags: ['redline', ...tags],
    ...(links.length ? { links } : {}),
    timezone: 'utc',
    editable: false,
    schemaVersion: 39,
    version: 1,
    refresh: '',
    time: { from: time, to: 'now' },
    templating: { list: variables },
    annotations: {
      list: [
        { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' },
        ...annotations,
      ],
    },
    panels: layout(panels),
  };
}
