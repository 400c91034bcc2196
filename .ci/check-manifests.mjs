// Kubernetes manifests as code, checked without a cluster: every overlay under deploy/overlays is
// rendered with `kubectl kustomize` and every object validated against the Kubernetes OpenAPI
// schemas (kubernetes-models, pinned in .ci/package.json: types, required fields, enums), plus the
// rules the scale-out run depends on; then every image definition under deploy/images is checked.
// Usage: node .ci/check-manifests.mjs [KUSTOMIZATION_DIR...]   (default: deploy/overlays/*)
// Exit 0 when all is valid, 1 with one line per problem otherwise.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const problems = [];
const say = (m) => console.log(`[manifests] ${m}`);

const dirs = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(path.join(root, "deploy/overlays"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join("deploy/overlays", d.name));

function render(dir) {
  try {
    return execFileSync("kubectl", ["kustomize", dir], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    problems.push(`${dir}: kubectl kustomize failed: ${(e.stderr || e.message).trim()}`);
    return null;
  }
}

function model(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  try {
    return require(module)[kind];
  } catch {
    return undefined;
  }
}

function containersOf(obj) {
  const pod = obj.spec?.template?.spec ?? obj.spec?.jobTemplate?.spec?.template?.spec;
  return pod ? [...(pod.initContainers ?? []), ...(pod.containers ?? [])] : [];
}

const images = new Set();
for (const dir of dirs) {
  const text = render(dir);
  if (text === null) continue;
  const objects = parseAllDocuments(text).map((d) => d.toJS());
  for (const obj of objects) {
    const where = `${dir}: ${obj?.kind ?? "?"} ${obj?.metadata?.name ?? "?"}`;
    const Model = obj?.apiVersion && obj?.kind ? model(obj.apiVersion, obj.kind) : undefined;
    if (!Model) {
      problems.push(`${where}: no Kubernetes schema for apiVersion ${obj?.apiVersion} kind ${obj?.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
    for (const c of containersOf(obj)) {
      if (!c.resources?.requests) problems.push(`${where}: container ${c.name} requests no resources`);
      if (typeof c.image === "string" && c.image.startsWith("redline/")) images.add(c.image.split(":")[0]);
    }
  }
  // the rules the scale-out run depends on
  const byName = (kind, name) =>
    objects.find((o) => o?.kind === kind && o.metadata?.name?.startsWith(name));
  const injectors = byName("Job", "redline-injectors");
  const config = byName("ConfigMap", "load-config");
  if (!injectors || injectors.spec?.completionMode !== "Indexed") {
    problems.push(`${dir}: the injectors must be an Indexed Job named redline-injectors`);
  } else if (
    String(injectors.spec.completions) !== config?.data?.INJECTORS ||
    injectors.spec.parallelism !== injectors.spec.completions
  ) {
    problems.push(
      `${dir}: redline-injectors runs ${injectors.spec.completions} completions with parallelism ` +
        `${injectors.spec.parallelism}, but load-config says INJECTORS=${config?.data?.INJECTORS}; ` +
        `all three must be equal`,
    );
  }
  if (!byName("Job", "redline-decide")) problems.push(`${dir}: no redline-decide Job`);
  const api = byName("Deployment", "platform-api");
  const c = api?.spec?.template?.spec?.containers?.[0];
  if (!c?.readinessProbe?.httpGet?.path?.startsWith("/actuator/health/readiness")
      || !c?.livenessProbe?.httpGet?.path?.startsWith("/actuator/health/liveness")) {
    problems.push(`${dir}: platform-api needs readiness and liveness probes on /actuator/health/*`);
  }
  say(`${dir}: ${objects.length} objects`);
}

// ---- image definitions -----------------------------------------------------------------------
const KNOWN = new Set(["FROM", "RUN", "COPY", "ADD", "USER", "WORKDIR", "ENV", "ARG", "EXPOSE",
  "ENTRYPOINT", "CMD", "LABEL", "HEALTHCHECK", "VOLUME", "STOPSIGNAL", "SHELL"]);
const imageDir = path.join(root, "deploy/images");
for (const image of images) {
  const file = path.join(imageDir, `${image.slice("redline/".length)}.Dockerfile`);
  if (!existsSync(file)) problems.push(`image ${image}: no ${path.relative(root, file)}`);
}
for (const name of readdirSync(imageDir).filter((f) => f.endsWith(".Dockerfile"))) {
  const rel = `deploy/images/${name}`;
  const lines = readFileSync(path.join(imageDir, name), "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  if (!lines[0]?.startsWith("FROM ")) problems.push(`${rel}: does not start with FROM`);
  for (const line of lines) {
    const [op, ...args] = line.split(/\s+/);
    if (!KNOWN.has(op)) problems.push(`${rel}: unknown instruction ${op}`);
    if (op === "FROM" && (!args[0]?.includes(":") || args[0].endsWith(":latest"))) {
      problems.push(`${rel}: FROM ${args[0]} must name a version tag`);
    }
    if (op === "COPY" && args.some((a) => a.startsWith("--from="))) {
      // from an earlier stage: the platform image must not carry the embedded PostgreSQL layer
      if (args.some((a) => a.includes("embedded-db"))) {
        problems.push(`${rel}: COPY ${args.join(" ")}: images leave the embedded-db layer out`);
      }
    } else if (op === "COPY") {
      for (const src of args.filter((a) => !a.startsWith("--")).slice(0, -1)) {
        const target = src.indexOf("/target/");
        if (target >= 0) {
          // a build output: its module must be one of the project's
          if (!existsSync(path.join(root, src.slice(0, target), "pom.xml"))) {
            problems.push(`${rel}: COPY ${src}: ${src.slice(0, target)} is no Maven module`);
          }
        } else if (!existsSync(path.join(root, src))) {
          problems.push(`${rel}: COPY ${src}: no such file in the repository`);
        }
      }
    }
  }
  say(`${rel}: ${lines.length} instructions`);
}

for (const p of problems) console.log(`[manifests] INVALID ${p}`);
process.exit(problems.length ? 1 : 0);
