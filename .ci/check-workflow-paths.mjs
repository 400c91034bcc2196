#!/usr/bin/env node
// Every path a workflow reads (job summary, PR comment, hashFiles) or keeps (upload-artifact, cache,
// published JUnit) must be one that the commands run before it write. The nightly job once summarised
// */summary.md that `run` never writes and uploaded a Gatling folder that runs no longer use; this
// check fails on such a path, naming the workflow, the step and the path.
//
// What each command writes is listed below with the evidence in the sources (a file and a literal in
// it); the evidence is checked too, so renaming an output in the code fails here until the list and
// the workflows follow.
//   node .ci/check-workflow-paths.mjs [.github/workflows/*.yml]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { context, globRegExp, interpolate, jobEnv, loadWorkflow, onlyJob, pathsRead, redlineCommands } from './workflows.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const GATE = 'regression-checker/src/main/java/dev/redline/checker/harness/Gate.java';
const COMPARE = 'regression-checker/src/main/java/dev/redline/checker/usecase/Compare.java';
const RUN = 'regression-checker/src/main/java/dev/redline/checker/cli/RunCommand.java';
const HOME = 'regression-checker/src/main/java/dev/redline/checker/cli/GateCommand.java';
const BENCH = 'regression-checker/src/main/java/dev/redline/checker/harness/Bench.java';
const LOCAL_RUN = 'regression-checker/src/main/java/dev/redline/checker/harness/LocalRun.java';
const PLATFORM = 'regression-checker/src/main/java/dev/redline/checker/harness/Platform.java';
const REPORTS = ['verdicts.md', 'junit.xml', 'report.html'];
const SAMPLE_RUN = '20261129T020000Z-mixed-load';

/** What `./redline <command>` writes, given its output options and the environment. */
const COMMANDS = {
  run: {
    evidence: [
      [RUN, 'home.resolve("runs").resolve(stamp + "-" + suite + "-" + profile)'],
      [RUN, 'runDir.resolve("report")'],
      [LOCAL_RUN, 'o.runDir().resolve("platform")'],
      [LOCAL_RUN, 'o.runDir().resolve("window")'],
      [LOCAL_RUN, 'o.runDir().resolve("gatling.log")'],
      [PLATFORM, 'dataDir.resolve("platform.log")'],
      [HOME, 'root.resolve(".redline")'],
      ...REPORTS.map((f) => [COMPARE, `"${f}"`]),
    ],
    writes: ({ reportDir, home, history }) => [
      ...REPORTS.map((f) => `${reportDir ?? `${home}/runs/${SAMPLE_RUN}/report`}/${f}`),
      `${home}/runs/${SAMPLE_RUN}/window/localrunsimulation-20261129020000000/index.html`,
      `${home}/runs/${SAMPLE_RUN}/gatling.log`,
      `${home}/runs/${SAMPLE_RUN}/platform/platform.log`,
      `${history}/${SAMPLE_RUN}.json`,
    ],
  },
  bench: {
    evidence: [
      [BENCH, 'redlineDir.resolve("runs").resolve(stamp + "-jmh-" + profile)'],
      [BENCH, 'runDir.resolve("report")'],
      [BENCH, 'o.reportDir(),'], // the comparison's reports go there (usecase/Check)
      [BENCH, 'runDir.resolve("jmh-" + profile + ".json")'],
      [HOME, 'root.resolve(".redline")'],
      ...REPORTS.map((f) => [COMPARE, `"${f}"`]),
    ],
    writes: ({ reportDir, home, history }) => [
      ...REPORTS.map((f) => `${reportDir ?? `${home}/runs/20261129T020000Z-jmh-full/report`}/${f}`),
      `${home}/runs/20261129T020000Z-jmh-full/jmh-full.json`,
      `${history}/20261129T020000Z-jmh-full.json`,
    ],
  },
  gate: {
    evidence: [
      [GATE, 'write(report.resolve("summary.md")'],
      [GATE, 'report.resolve("load")'],
      [GATE, 'report.resolve("jmh")'],
      [GATE, 'gateDir.resolve("report")'],
      ...REPORTS.map((f) => [COMPARE, `"${f}"`]),
    ],
    writes: ({ reportDir, home }) => {
      const dir = reportDir ?? `${home}/gate/report`;
      return [`${dir}/summary.md`, ...['load', 'jmh'].flatMap((s) => REPORTS.map((f) => `${dir}/${s}/${f}`))];
    },
  },
  history: {
    evidence: [
      ['regression-checker/src/main/java/dev/redline/checker/cli/HistoryCommand.java', 'Files.writeString(markdown'],
      ['regression-checker/src/main/java/dev/redline/checker/store/ChangePointLog.java', 'FILE = "change-points/log.json"'],
    ],
    writes: ({ markdown, history }) => [...(markdown ? [markdown] : []), `${history}/change-points/log.json`],
  },
};

/** `./mvnw ... verify|package` writes each module's target/ (test reports only with verify). */
function mavenWrites(script) {
  if (!/\.\/mvnw\b/.test(script)) return [];
  const modules = [...readFileSync(join(ROOT, 'pom.xml'), 'utf8').matchAll(/<module>([^<]+)<\/module>/g)].map((m) => m[1]);
  const out = [];
  for (const m of modules) {
    out.push(`${m}/target/${m}.jar`);
    if (/\bverify\b/.test(script)) {
      out.push(`${m}/target/surefire-reports/TEST-x.xml`);
      if (readFileSync(join(ROOT, m, 'pom.xml'), 'utf8').includes('maven-failsafe-plugin')) out.push(`${m}/target/failsafe-reports/TEST-x.xml`);
    }
  }
  return out;
}

const problems = [];
for (const [name, c] of Object.entries(COMMANDS)) {
  for (const [file, literal] of c.evidence) {
    const text = existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : '';
    if (!text.includes(literal)) problems.push(`the list of what './redline ${name}' writes rests on ${file} holding ${literal}, which it no longer does: update .ci/check-workflow-paths.mjs and the workflows`);
  }
}

/** True when `read` (a path, a folder or a glob) is covered by one of the written paths. */
function covered(read, written) {
  if (/[*]/.test(read)) {
    const re = globRegExp(read.replace(/\/$/, '/**'));
    return written.some((w) => re.test(w));
  }
  const dir = read.endsWith('/') ? read : `${read}/`;
  return written.some((w) => w === read || w.startsWith(dir));
}

const files = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(join(ROOT, '.github/workflows')).filter((f) => f.endsWith('.yml')).map((f) => join(ROOT, '.github/workflows', f));
let checked = 0;
for (const file of files) {
  const name = file.replace(/.*\//, '');
  const workflow = loadWorkflow(file);
  const job = onlyJob(workflow, name);
  const ctx = context({ github: { run_id: '1', base_ref: 'main', ref_name: 'main', repository: 'o/r' } });
  const env = jobEnv(workflow, job, ctx);
  const home = (env.REDLINE_HOME || '.redline').replace(/\/$/, '');
  const history = (env.REDLINE_HISTORY || `${home}/history`).replace(/\/$/, '');
  const written = [];
  for (const [i, step] of (job.steps ?? []).entries()) {
    const label = `${name} step ${i + 1} (${step.name ?? step.uses ?? step.run?.split('\n')[0]})`;
    for (const { how, path } of pathsRead(step, ctx)) {
      checked++;
      // A cache restored before anything ran is read back by the commands that write it.
      const pool = how === 'cache' ? [...written, ...laterWrites(job, i, ctx, home, history)] : written;
      if (!covered(path, pool)) problems.push(`${label} reads ${path} (${how}), which no command before it writes`);
    }
    for (const cmd of redlineCommands(step, ctx)) {
      const spec = COMMANDS[cmd.command];
      if (spec) written.push(...spec.writes({ ...cmd, home, history }));
    }
    if (step.run) written.push(...mavenWrites(interpolate(step.run, ctx)));
  }
}

function laterWrites(job, from, ctx, home, history) {
  const out = [];
  for (const step of job.steps.slice(from + 1)) {
    for (const cmd of redlineCommands(step, ctx)) {
      const spec = COMMANDS[cmd.command];
      if (spec) out.push(...spec.writes({ ...cmd, home, history }));
    }
  }
  return out;
}

if (problems.length) {
  problems.splice(0, problems.length, ...new Set(problems));
  problems.forEach((p) => console.error(`workflow paths: ${p}`));
  process.exit(1);
}
console.log(`workflow paths: ${checked} paths read or kept by ${files.length} workflows, each written by a command before it`);
