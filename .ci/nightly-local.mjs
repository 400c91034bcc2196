#!/usr/bin/env node
// Runs the steps of .github/workflows/nightly-performance.yml on this machine, in order, as the runner
// would: the same `run:` scripts with the job's environment (plus the overrides given in
// NIGHTLY_OVERRIDES, e.g. a small size), the same `if:` conditions, and the `uses:` steps emulated:
//   checkout, setup-java      this checkout and the java on the PATH
//   cache/restore, cache/save a cache folder under the work folder (keys and restore-keys as GitHub)
//   upload-artifact           every path must exist (the run fails otherwise)
//   action-junit-report       its report_paths must match files; tests and failures are counted
// Each night gets a fresh workspace state (REPORT_DIR, REDLINE_HOME) like a fresh runner; only the
// cache carries the history from one night to the next.
//   node .ci/nightly-local.mjs WORK_DIR NIGHTS
// Called by nightly-local.sh, which sets the overrides.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { context, evaluate, globRegExp, interpolate, jobEnv, loadWorkflow, onlyJob, pathsRead } from './workflows.mjs';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const WORKFLOW = join(ROOT, '.github/workflows/nightly-performance.yml');
const [work, nightsArg] = process.argv.slice(2);
const nights = Number(nightsArg ?? 2);
const overrides = JSON.parse(process.env.NIGHTLY_OVERRIDES ?? '{}');
const lock = process.env.REDLINE_MEASURE_LOCK ?? '';
const cacheDir = join(work, 'cache');
const say = (s) => console.log(`[nightly-local ${new Date().toISOString().slice(11, 19)}] ${s}`);
const branch = git('rev-parse', '--abbrev-ref', 'HEAD') || 'main';

function git(...args) {
  const r = spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** Every file under `dir` (workspace-relative names when `dir` is relative). */
function walk(dir) {
  const abs = isAbsolute(dir) ? dir : join(ROOT, dir);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [dir];
  return readdirSync(abs).flatMap((f) => walk(join(dir, f)));
}

/** Files matching a path, folder or glob (relative to the workspace, or absolute). */
function matches(pattern) {
  if (!pattern.includes('*')) return walk(pattern.replace(/\/$/, ''));
  const fixed = pattern.slice(0, pattern.indexOf('*')).replace(/[^/]*$/, '').replace(/\/$/, '');
  const re = globRegExp(pattern);
  return walk(fixed || '.').filter((f) => re.test(f) || re.test(f.replace(/^\.\//, '')));
}

const problems = [];
const jobFailures = [];
let previous = {};
const workflow = loadWorkflow(WORKFLOW);
const job = onlyJob(workflow, 'nightly-performance.yml');
for (let night = 1; night <= nights; night++) {
  const nightDir = join(work, `night-${night}`);
  rmSync(nightDir, { recursive: true, force: true });
  mkdirSync(nightDir, { recursive: true });
  const summary = join(nightDir, 'job-summary.md');
  writeFileSync(summary, '');
  const ctx = context({
    github: { run_id: String(night), ref_name: branch, event_name: 'schedule', repository: 'local/redline', event: { inputs: {} } },
  });
  const nightOverrides = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, String(v).replaceAll('{night}', nightDir)]));
  const env = jobEnv(workflow, job, ctx, nightOverrides);
  ctx.hashFiles = (...globs) => (globs.some((g) => matches(g).length) ? 'present' : '');
  const started = Date.now();
  const skipped = new Set();
  say(`night ${night} of ${nights}: REPORT_DIR=${env.REPORT_DIR} REDLINE_HOME=${env.REDLINE_HOME} REDLINE_HISTORY=${env.REDLINE_HISTORY}`);
  for (const [i, step] of job.steps.entries()) {
    const name = step.name ?? step.uses;
    const condition = step.if === undefined ? 'success()' : String(step.if).replace(/^\$\{\{\s*|\s*\}\}$/g, '');
    if (!evaluate(condition, ctx)) {
      say(`step ${i + 1} ${name}: skipped (if: ${condition})`);
      skipped.add(i);
      if (step.id) ctx.steps[step.id] = { outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const t0 = Date.now();
    let ok = true;
    if (step.run) {
      const stepEnv = { ...process.env, ...env, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: join(nightDir, 'output.txt'), GITHUB_REF_NAME: branch, GITHUB_RUN_ID: String(night), GITHUB_WORKSPACE: ROOT };
      for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = interpolate(v, ctx);
      const script = interpolate(step.run, ctx);
      const measures = /\.\/redline (run|bench)\b/.test(script) && lock;
      say(`step ${i + 1} ${name}: ${script.split('\n')[0]}${measures ? `   (under flock ${lock})` : ''}`);
      const cmd = measures ? ['flock', [lock, 'bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', script]] : ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script]];
      const r = spawnSync(cmd[0], cmd[1], { cwd: ROOT, env: stepEnv, stdio: 'inherit' });
      ok = r.status === 0;
    } else {
      ok = emulate(step, ctx, env, i + 1, night);
    }
    const outcome = ok ? 'success' : 'failure';
    if (step.id) ctx.steps[step.id] = { outcome, conclusion: outcome };
    if (!ok) ctx.failed = true;
    say(`step ${i + 1} ${name}: ${outcome} in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  // Every file a step that ran read for the summary or kept must be there (on the first night a suite
  // has no history yet, so its verdicts may be missing: the summary says so).
  for (const [i, step] of job.steps.entries()) {
    if (skipped.has(i)) continue;
    const seen = new Set();
    for (const { how, path } of pathsRead(step, ctx)) {
      if (seen.has(`${how} ${path}`)) continue;
      seen.add(`${how} ${path}`);
      const found = matches(path).length > 0;
      const suite = path.match(/\/(load|stress|spike|soak|jmh)\/verdicts\.md$/)?.[1];
      const optional = how === 'run' && (night === 1 || (suite && !(ctx.steps[suite]?.outcome === 'success' && previous[suite]?.outcome === 'success')));
      say(`night ${night} check: ${how} ${path}: ${found ? 'present' : optional ? 'absent (first night, or the suite failed tonight or the night before)' : 'MISSING'}`);
      if (!found && !optional) problems.push(`night ${night}: step ${i + 1} (${step.name ?? step.uses}) reads ${path}, which is missing`);
    }
  }
  // A suite that fails is what the job is for (the real one fails at its Verdict step too); it is
  // reported, and fails this script only when NIGHTLY_STRICT=1. What fails it always is the
  // workflow's own mechanics: missing files, a night that did not compare.
  const failed = Object.entries(ctx.steps).filter(([, s]) => s.outcome === 'failure').map(([id]) => id);
  if (failed.length) {
    say(`night ${night}: the job would fail: steps ${failed.join(', ')} failed (see their output above)`);
    jobFailures.push(`night ${night}: ${failed.join(', ')}`);
  }
  if (night >= 2) {
    // The suites' step ids are their report folders. A suite must compare when it passed both
    // tonight and the night before; a failed night may be stored invalid (more than half of the
    // requests failed), and is then no baseline: that is the job's outcome, reported above.
    for (const s of ['load', 'stress', 'spike', 'soak', 'jmh']) {
      const md = join(env.REPORT_DIR, s, 'verdicts.md');
      const text = existsSync(md) ? readFileSync(md, 'utf8') : '';
      const compared = /baseline run\(s\)/.test(text);
      const expected = ctx.steps[s]?.outcome === 'success' && previous[s]?.outcome === 'success';
      say(`night ${night} check: ${s} compared with an earlier night: ${compared ? 'yes' : expected ? 'NO' : 'no (this night or the one before failed)'}`);
      if (!compared && expected) problems.push(`night ${night}: ${md} does not compare with an earlier night`);
    }
  }
  say(`night ${night} done in ${Math.round((Date.now() - started) / 1000)} s; job summary ${summary}`);
  previous = ctx.steps;
}
if (process.env.NIGHTLY_STRICT === '1') jobFailures.forEach((f) => problems.push(`failed steps, ${f}`));
if (problems.length) {
  problems.forEach((p) => console.error(`nightly-local: ${p}`));
  process.exit(1);
}
say(
  `${nights} nights ran every step; every file summarised or kept exists` +
    (nights >= 2 ? '; each later night compared with the one before' : '') +
    (jobFailures.length ? `; the job itself would have failed (${jobFailures.join('; ')})` : '; every step passed'),
);

/** The runner's `uses:` steps, done locally. */
function emulate(step, ctx, env, n, night) {
  const uses = step.uses ?? '';
  const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
  const name = `step ${n} ${step.name ?? uses}`;
  if (uses.startsWith('actions/checkout') || uses.startsWith('actions/setup-java')) {
    say(`${name}: this checkout and the java on the PATH`);
    return true;
  }
  if (uses.startsWith('actions/cache/restore')) {
    const keys = [w.key, ...(w['restore-keys'] ?? '').split('\n').map((k) => k.trim()).filter(Boolean)];
    const entries = existsSync(cacheDir) ? readdirSync(cacheDir).sort((a, b) => statSync(join(cacheDir, b)).mtimeMs - statSync(join(cacheDir, a)).mtimeMs) : [];
    const hit = entries.find((e) => e === w.key) ?? keys.slice(1).map((k) => entries.find((e) => e.startsWith(k))).find(Boolean);
    if (!hit) {
      say(`${name}: no cache entry for ${keys.join(', ')} (the first night)`);
      return true;
    }
    rmSync(w.path, { recursive: true, force: true });
    cpSync(join(cacheDir, hit), w.path, { recursive: true });
    say(`${name}: restored ${w.path} from cache entry ${hit} (${walk(w.path).length} files)`);
    return true;
  }
  if (uses.startsWith('actions/cache/save')) {
    if (!existsSync(w.path)) {
      say(`${name}: ${w.path} does not exist`);
      return false;
    }
    mkdirSync(cacheDir, { recursive: true });
    cpSync(w.path, join(cacheDir, w.key), { recursive: true });
    say(`${name}: saved ${w.path} as cache entry ${w.key} (${walk(w.path).length} files)`);
    return true;
  }
  if (uses.startsWith('actions/upload-artifact')) {
    let ok = true;
    for (const p of w.path.split('\n').map((x) => x.trim()).filter(Boolean)) {
      const files = matches(p);
      say(`${name}: ${p}: ${files.length} file(s)`);
      ok &&= files.length > 0;
    }
    return ok;
  }
  if (uses.startsWith('mikepenz/action-junit-report')) {
    const files = matches(w.report_paths);
    let tests = 0;
    let failures = 0;
    for (const f of files) {
      const x = readFileSync(isAbsolute(f) ? f : join(ROOT, f), 'utf8');
      tests += Number(x.match(/tests="(\d+)"/)?.[1] ?? 0);
      failures += Number(x.match(/failures="(\d+)"/)?.[1] ?? 0);
    }
    say(`${name}: ${files.length} JUnit file(s), ${tests} tests, ${failures} failures`);
    appendFileSync(join(work, `night-${night}`, 'junit-published.txt'), files.map((f) => relative(ROOT, join(ROOT, f))).join('\n') + '\n');
    return files.length > 0;
  }
  say(`${name}: not emulated, skipped`);
  return true;
}
