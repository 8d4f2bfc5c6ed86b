// The deploy guard of the compose bootstrap (the n8n image has Node, not Python): the same
// fingerprints as workflows/fingerprint.py (normalised flow, key-sorted compact JSON, SHA-256).
//   node flow-guard.mjs check LIVE_DIR GIT_DIR RECORD   exit 1 when git would overwrite a flow
//                                                       edited in the editor (BMC_FLOWS_FORCE=true:
//                                                       save the live version aside, exit 0)
//   node flow-guard.mjs record LIVE_DIR GIT_DIR RECORD  record the live hashes of git's flows
//   node flow-guard.mjs hash FILE...                    print "id hash" per flow (for the tests)
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const VOLATILE_TOP = new Set([
  "createdAt", "updatedAt", "versionId", "activeVersionId", "activeVersion", "triggerCount",
  "shared", "meta", "isArchived", "versionCounter", "parentFolder", "homeProject", "scopes",
  "checksum", "usedCredentials", "staticData", "versionMetadata",
]);
const EMPTY_WHEN_UNUSED = new Set(["description", "nodeGroups", "sourceWorkflowId"]);
const isEmpty = (value) =>
  value === null || (typeof value === "object" && Object.keys(value).length === 0);
const PULL_HINT = "python -m workflows pull --url URL --api-key-file secrets/n8n_api_key";

function normalise(flow) {
  const clean = Object.fromEntries(
    Object.entries(flow).filter(
      ([key, value]) => !VOLATILE_TOP.has(key) && !(EMPTY_WHEN_UNUSED.has(key) && isEmpty(value)),
    ),
  );
  clean.pinData = {};
  clean.active = false;
  clean.tags = (flow.tags ?? []).map((tag) => (typeof tag === "object" ? tag.name : tag)).sort();
  clean.nodes = [...(flow.nodes ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return clean;
}

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const hash = (flow) => createHash("sha256").update(canonical(normalise(flow)), "utf8").digest("hex");
const readFlow = (file) => JSON.parse(readFileSync(file, "utf8"));

function readFlows(dir) {
  const flows = new Map();
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    const flow = readFlow(join(dir, name));
    flows.set(String(flow.id), flow);
  }
  return flows;
}

const [command, ...args] = process.argv.slice(2);
if (command === "hash") {
  for (const file of args) {
    const flow = readFlow(file);
    console.log(`${flow.id} ${hash(flow)}`);
  }
  process.exit(0);
}
const [liveDir, gitDir, recordPath] = args;
const live = readFlows(liveDir);
const git = readFlows(gitDir);
if (command === "record") {
  const flows = {};
  for (const id of [...git.keys()].sort()) if (live.has(id)) flows[id] = hash(live.get(id));
  writeFileSync(recordPath, `${JSON.stringify({ flows }, null, 2)}\n`);
  process.exit(0);
}
if (command !== "check") throw new Error(`unknown command ${command}`);
const recorded = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, "utf8")).flows : {};
const edited = [...git.keys()].sort().filter((id) => {
  if (!live.has(id) || !(id in recorded)) return false;
  const liveHash = hash(live.get(id));
  return liveHash !== recorded[id] && liveHash !== hash(git.get(id));
});
if (edited.length === 0) process.exit(0);
const names = edited.map((id) => `'${live.get(id).name}' (${id})`).join(", ");
if (process.env.BMC_FLOWS_FORCE !== "true") {
  console.error(`refusing to deploy: changed in the n8n editor since the last deploy: ${names}.`);
  console.error(`Bring the edits into git first: ${PULL_HINT}, review and commit the diff, deploy`);
  console.error("again; or deploy with BMC_FLOWS_FORCE=true to discard them.");
  process.exit(1);
}
const aside = join(dirname(recordPath), "discarded-flows", new Date().toISOString().replace(/[:.]/g, "-"));
mkdirSync(aside, { recursive: true });
for (const id of edited) writeFileSync(join(aside, `${id}.json`), `${JSON.stringify(live.get(id), null, 2)}\n`);
console.log(`BMC_FLOWS_FORCE: discarding the editor's changes to ${names}; their live versions are in ${aside}`);
