// Reading the GitHub workflows the way the runner does, for two users:
//  - .ci/check-workflow-paths.mjs: every path a workflow reads or uploads is one its commands write;
//  - .ci/nightly-local.mjs: runs a workflow's steps locally, in order.
// Needs `npm ci --prefix .ci` (the `yaml` package).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The parsed workflow file. */
export function loadWorkflow(file) {
  return parse(readFileSync(file, 'utf8'));
}

/** The one job of a workflow (every Redline workflow has one). */
export function onlyJob(workflow, file = 'workflow') {
  const jobs = Object.entries(workflow.jobs ?? {});
  if (jobs.length !== 1) throw new Error(`${file}: expected one job, found ${jobs.length}`);
  const [id, job] = jobs[0];
  return { id, ...job };
}

/**
 * Evaluates a GitHub expression (the inside of `${{ }}` or an `if:`) against `ctx`: env, steps
 * (outcomes), inputs and a few github fields; secrets are empty. Supports the operators and functions
 * the Redline workflows use: ! && || == != always() cancelled() success() failure() hashFiles() format().
 */
export function evaluate(expression, ctx) {
  const js = expression.replace(
    /(?<![\w'.])(env|secrets|github|steps|inputs|vars|runner)((?:\.[A-Za-z_][\w-]*)+)/g,
    (_, root, rest) => `ctx.get(${JSON.stringify(root + rest)})`,
  );
  const fn = new Function('ctx', 'always', 'cancelled', 'success', 'failure', 'hashFiles', 'format', `return (${js});`);
  return fn(
    ctx,
    () => true,
    () => false,
    () => !ctx.failed,
    () => ctx.failed,
    (...globs) => (ctx.hashFiles ? ctx.hashFiles(...globs) : ''),
    (f, ...args) => f.replace(/\{(\d+)\}/g, (m, i) => String(args[Number(i)] ?? '')),
  );
}

/** Replaces every `${{ ... }}` in `text` by its value. */
export function interpolate(text, ctx) {
  return String(text).replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, e) => {
    const v = evaluate(e, ctx);
    return v === undefined || v === null ? '' : String(v);
  });
}

/** A context for `evaluate`: values by dotted path (`env.REPORT_DIR`, `steps.load.outcome`). */
export function context({ env = {}, steps = {}, inputs = {}, github = {} } = {}) {
  const ctx = {
    env,
    steps,
    failed: false,
    get(path) {
      const [root, ...rest] = path.split('.');
      if (root === 'secrets' || root === 'vars') return '';
      if (root === 'env') return env[rest.join('.')] ?? '';
      if (root === 'steps') return steps[rest[0]]?.[rest[1]] ?? '';
      if (root === 'inputs') return inputs[rest[0]] ?? '';
      if (root === 'github' && rest[0] === 'event' && rest[1] === 'inputs') return inputs[rest[2]] ?? '';
      let v = github;
      for (const k of rest) v = v?.[k];
      return v ?? '';
    },
  };
  return ctx;
}

/**
 * The workflow's and the job's env, interpolated in order (later entries may use earlier ones), then
 * `overrides` (a local run's smaller sizes) over it.
 */
export function jobEnv(workflow, job, ctx, overrides = {}) {
  const env = ctx.env;
  for (const [k, v] of Object.entries({ ...(workflow.env ?? {}), ...(job.env ?? {}) })) {
    env[k] = k in overrides ? overrides[k] : interpolate(v, ctx);
  }
  Object.assign(env, overrides);
  return env;
}

/** Expands $VAR, ${VAR} and "$VAR" in a shell word with `vars`; unknown variables stay as they are. */
function expandShell(word, vars) {
  return word
    .replace(/^["']|["']$/g, '')
    .replace(/"/g, '')
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a, b) => (vars[a ?? b] !== undefined ? vars[a ?? b] : m));
}

/**
 * The files a step reads, as paths relative to the workspace (globs allowed), each with how:
 * `upload` (upload-artifact path), `cache` (cache path), `junit` (test report paths), `hashFiles`,
 * or `run` (a file a run script cats, tests with -f or reads with readFileSync). `for v in a b c`
 * loops of the script are expanded.
 */
export function pathsRead(step, ctx) {
  const out = [];
  const add = (how, p) => {
    for (const line of String(p).split('\n')) {
      const t = line.trim();
      if (t && !t.startsWith('#')) out.push({ how, path: normalise(t) });
    }
  };
  const uses = step.uses ?? '';
  const withs = step.with ?? {};
  if (uses.startsWith('actions/upload-artifact')) add('upload', interpolate(withs.path, ctx));
  if (uses.startsWith('actions/cache')) add('cache', interpolate(withs.path, ctx));
  if (withs.report_paths) add('junit', interpolate(withs.report_paths, ctx));
  if (step.if) {
    for (const m of String(step.if).matchAll(/hashFiles\(([^)]*\)?)\)/g)) {
      const inner = evaluateSafely(`[${m[1]}]`, ctx);
      if (Array.isArray(inner)) inner.forEach((g) => add('hashFiles', g));
    }
  }
  if (step.run) {
    const script = interpolate(step.run, ctx);
    const vars = { ...ctx.env };
    const loops = {};
    for (const m of script.matchAll(/for (\w+) in ([^;\n]+);/g)) loops[m[1]] = m[2].trim().split(/\s+/);
    const words = [];
    for (const m of script.matchAll(/\bcat\s+("[^"]+"|\S+)/g)) words.push(m[1]);
    for (const m of script.matchAll(/\[\s+-[fs]\s+("[^"]+"|\S+)\s+\]/g)) words.push(m[1]);
    for (const m of script.matchAll(/readFileSync\(\s*'([^']+)'/g)) words.push(m[1]);
    for (const w of words) {
      if (/GITHUB_STEP_SUMMARY|GITHUB_OUTPUT/.test(w)) continue;
      let variants = [w];
      for (const [v, values] of Object.entries(loops)) {
        if (!new RegExp(`\\$\\{?${v}\\b`).test(w)) continue;
        variants = variants.flatMap((x) => values.map((val) => x.replace(new RegExp(`\\$\\{${v}\\}|\\$${v}\\b`, 'g'), expandShell(val, vars))));
      }
      for (const x of variants) add('run', expandShell(x, vars));
    }
  }
  return out;
}

function evaluateSafely(expression, ctx) {
  try {
    return evaluate(expression, ctx);
  } catch {
    return undefined;
  }
}

function normalise(p) {
  return p.replace(/^\.\//, '').replace(/\/+$/, (m) => (m ? '/' : ''));
}

/**
 * The `./redline` commands of a run script with the output locations they were given:
 * `{ command, reportDir, markdown }` (undefined when not given), env variables expanded.
 */
export function redlineCommands(step, ctx) {
  if (!step.run) return [];
  const script = interpolate(step.run, ctx);
  const out = [];
  for (const line of script.split('\n')) {
    const m = line.match(/\.\/redline\s+(\w+)(.*)$/);
    if (!m) continue;
    const opt = (name) => {
      const o = m[2].match(new RegExp(`${name}(?:=|\\s+)("[^"]+"|\\S+)`));
      return o ? expandShell(o[1], ctx.env) : undefined;
    };
    out.push({ command: m[1], args: m[2], reportDir: opt('--report-dir'), markdown: opt('--markdown') });
  }
  return out;
}

/** A glob (`*`, `**`) as a RegExp over workspace-relative paths. */
export function globRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
