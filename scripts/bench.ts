/**
 * `npm run bench`: measures the quality bars of DESIGN §10 on this machine and writes them to
 * docs/PERFORMANCE.md. Synthetic data at three scales goes into fresh SQLite files under a temp
 * folder; each figure is measured against the real code (data functions and the production server),
 * and report times are compared with the raw SQL floor over the same rows.
 *
 *   npm run bench                      small and county (the targets are set at county scale)
 *   npm run bench -- --scales=small,county,national
 *   npm run bench -- --no-write        print only, leave docs/PERFORMANCE.md alone
 *   npm run bench -- --keep            keep the generated databases (for profiling a page against them)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createDb, migrate, type Db } from "~/data/db.server";
import { getComparisonReport } from "~/data/comparison.server";
import { getBaselineReport } from "~/data/reports.server";
import { saveReturnPage, submitReturn } from "~/data/returns.server";
import { importTool, type ToolRecord } from "~/data/tools.server";
import { hashPassword } from "~/auth/password.server";
import type { Viewer } from "~/domain/permissions";
import { scoreAnswers } from "~/domain/score-answers";
import type { Answers, ReturnScore } from "~/domain/scoring";

interface Scale {
  name: string;
  agencies: number;
  cycles: number;
  /** Scored items per tool: standards × items per standard. */
  standards: number;
  itemsPerStandard: number;
}

const SCALES: Record<string, Scale> = {
  small: { name: "small", agencies: 60, cycles: 3, standards: 12, itemsPerStandard: 5 },
  county: { name: "county", agencies: 600, cycles: 10, standards: 12, itemsPerStandard: 5 },
  national: { name: "national", agencies: 20_000, cycles: 3, standards: 12, itemsPerStandard: 5 },
};

const TARGETS = { baselineMs: 150, comparisonMs: 250, saveP95Ms: 20, pageP95Ms: 50, floorRatio: 3, rssMb: 300 };

// ---------------------------------------------------------------------------------------------
// Measuring

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

interface Timing {
  median: number;
  p95: number;
  p99: number;
  n: number;
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length };
}

async function time<T>(runs: number, work: (run: number) => Promise<T>, warmup = 2): Promise<Timing> {
  for (let run = 0; run < warmup; run += 1) await work(-1 - run);
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await work(run);
    samples.push(performance.now() - start);
  }
  return summarise(samples);
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : "–");

// ---------------------------------------------------------------------------------------------
// Synthetic data

/** A tool shaped like the S11 tool (radiogroups on a 4-point scale with N/A), of the scale's size. */
function syntheticTool(scale: Scale): unknown {
  const choices = ["fully", "mostly", "partly", "not", "na"].map((value) => ({ value, text: value }));
  const standards = Array.from({ length: scale.standards }, (_, s) => ({ code: `B-${s + 1}`, title: `Benchmark standard ${s + 1}`, dimension: ["setting", "achieving", "improving"][s % 3], selfRating: `b${s + 1}_self` }));
  const items: Record<string, unknown> = {};
  const pages = standards.map((standard, s) => {
    const elements: unknown[] = [];
    for (let i = 0; i < scale.itemsPerStandard; i += 1) {
      const name = `b${s + 1}_q${i + 1}`;
      items[name] = { standard: standard.code, points: { fully: 3, mostly: 2, partly: 1, not: 0 }, notApplicable: ["na"], ...(i === 0 ? { essential: true } : {}) };
      elements.push({ type: "radiogroup", name, title: `Question ${i + 1} of standard ${s + 1}`, isRequired: true, choices });
      elements.push({ type: "comment", name: `${name}_na`, title: "Why does this not apply?", visibleIf: `{${name}} = 'na'`, isRequired: true });
    }
    elements.push({ type: "comment", name: `b${s + 1}_evidence`, title: "Evidence", isRequired: true });
    elements.push({ type: "radiogroup", name: `b${s + 1}_self`, title: "Self rating", choices: ["fully", "mostly", "partly", "not"] });
    return { name: standard.code, title: standard.title, elements };
  });
  return {
    code: "bench",
    version: `${scale.standards * scale.itemsPerStandard}.1`,
    title: "Benchmark tool",
    kind: "custom",
    bands: [
      { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
      { code: "mostly", label: "Mostly met", min: 60, colour: "#85994b" },
      { code: "partly", label: "Partially met", min: 30, colour: "#f47738" },
      { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
    ],
    dimensions: [
      { code: "setting", title: "Setting quality standards" },
      { code: "achieving", title: "Ensuring standards are achieved" },
      { code: "improving", title: "Fostering continuous improvement" },
    ],
    standards,
    items,
    survey: { pages },
  };
}

/** Deterministic answers: pattern `seed` picks each item's answer from a fixed sequence. */
function answersFor(tool: ToolRecord, seed: number): Answers {
  const answers: Answers = {};
  const values = ["fully", "mostly", "partly", "not", "mostly", "fully", "na"];
  let k = seed;
  for (const [name] of Object.entries(tool.definition.items)) {
    const value = values[k % values.length];
    k = (k * 31 + 7) % 997;
    answers[name] = value;
    if (value === "na") answers[`${name}_na`] = "Not commissioned here.";
  }
  for (const standard of tool.definition.standards) {
    answers[`${standard.code.replace("B-", "b")}_evidence`] = "Policy, audit and training records.";
    if (standard.selfRating) answers[standard.selfRating] = values[(seed + standard.code.length) % 4];
  }
  return answers;
}

async function insertChunks(db: Db, table: string, rows: Record<string, unknown>[], size = 400): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const inserted = await db(table).insert(rows.slice(start, start + size)).returning("id");
    for (const row of inserted) ids.push(typeof row === "object" ? row.id : row);
  }
  return ids;
}

interface Seeded {
  db: Db;
  url: string;
  tool: ToolRecord;
  cycleIds: number[];
  draftCycleId: number;
  leads: Viewer[];
  draftReturnIds: number[];
  qa: Viewer;
  seconds: number;
}

const SENSITIVE_PASSWORD = "bench-password-1";

/**
 * Fresh database of the scale: agencies, a QA user, leads for the save test, `cycles` closed cycles
 * with every return submitted and scored (scores computed by the real scoring code, 25 answer
 * patterns reused), and one open cycle of drafts for the save and submit timings.
 */
async function seed(scale: Scale, dir: string): Promise<Seeded> {
  const started = performance.now();
  const url = `file:${path.join(dir, `${scale.name}.db`)}`;
  const db = createDb(url);
  await migrate(db);
  const now = new Date().toISOString();
  const imported = await importTool(db, null, syntheticTool(scale));
  if (!imported.ok) throw new Error(`Synthetic tool invalid: ${imported.errors.join("; ")}`);
  const tool = imported.tool;

  const agencyIds = await insertChunks(
    db,
    "agencies",
    Array.from({ length: scale.agencies }, (_, index) => ({ name: `Agency ${String(index + 1).padStart(5, "0")}`, slug: `agency-${index + 1}`, sector: ["police", "health", "education", "local_authority", "voluntary"][index % 5], created_at: now, updated_at: now })),
  );
  const hash = await hashPassword(SENSITIVE_PASSWORD);
  const [qaId] = await insertChunks(db, "users", [{ email: "qa@bench.example", name: "Bench QA", role: "qa", agency_id: null, password_hash: hash, created_at: now, updated_at: now }]);
  const leadCount = Math.min(200, agencyIds.length);
  const leadIds = await insertChunks(
    db,
    "users",
    agencyIds.slice(0, leadCount).map((agencyId, index) => ({ email: `lead${index}@bench.example`, name: `Lead ${index}`, role: "agency_lead", agency_id: agencyId, password_hash: hash, created_at: now, updated_at: now })),
  );
  const leads: Viewer[] = leadIds.map((id, index) => ({ id, email: `lead${index}@bench.example`, name: `Lead ${index}`, role: "agency_lead", agencyId: agencyIds[index] }));

  const patterns = Array.from({ length: 25 }, (_, index) => {
    const answers = answersFor(tool, index + 1);
    return { answers: JSON.stringify(answers), score: scoreAnswers(tool.definition, answers) };
  });

  const cycleIds: number[] = [];
  for (let c = 0; c < scale.cycles; c += 1) {
    const [cycleId] = await insertChunks(db, "cycles", [
      { tool_id: tool.id, title: `Cycle ${2016 + c}`, status: "closed", opens_on: `${2016 + c}-01-01`, due_on: `${2016 + c}-03-31`, selection: JSON.stringify({ all: true }), created_at: now, opened_at: now, closed_at: now },
    ]);
    cycleIds.push(cycleId);
    await db.transaction(async (trx) => {
      const returnIds = await insertChunks(
        trx,
        "returns",
        agencyIds.map((agencyId, index) => ({ cycle_id: cycleId, agency_id: agencyId, status: "submitted", answers: patterns[(index + c) % patterns.length].answers, revision: 1, submitted_at: `${2016 + c}-03-${String(1 + (index % 28)).padStart(2, "0")}T10:00:00.000Z`, signoff_name: "Lead", signoff_role: "DSL", signoff_date: `${2016 + c}-03-01`, updated_at: now })),
      );
      const scoreIds = await insertChunks(
        trx,
        "scores",
        returnIds.map((returnId, index) => {
          const score: ReturnScore = patterns[(index + c) % patterns.length].score;
          return { return_id: returnId, tool_version: tool.version, rules_version: score.rulesVersion, is_current: true, overall_percent: score.overall.percent, overall_band: score.overall.band, completeness_answered: score.completeness.answered, completeness_total: score.completeness.total, dimensions: JSON.stringify(score.dimensions), computed_at: now };
        }),
      );
      const standardRows: Record<string, unknown>[] = [];
      scoreIds.forEach((scoreId, index) => {
        for (const standard of patterns[(index + c) % patterns.length].score.standards) {
          standardRows.push({ score_id: scoreId, standard_code: standard.code, percent: standard.percent, band: standard.band, essential_cap: standard.essentialCap, self_rating: standard.selfRating, included: standard.included, not_applicable: standard.notApplicable, unanswered: standard.unanswered });
        }
      });
      await insertChunks(trx, "standard_scores", standardRows, 80);
    });
  }

  const [draftCycleId] = await insertChunks(db, "cycles", [{ tool_id: tool.id, title: "Open cycle", status: "open", opens_on: "2026-01-01", due_on: "2099-03-31", selection: JSON.stringify({ all: true }), created_at: now, opened_at: now }]);
  const draftReturnIds = await insertChunks(
    db,
    "returns",
    leads.map((lead) => ({ cycle_id: draftCycleId, agency_id: lead.agencyId, status: "in_progress", answers: patterns[0].answers, revision: 1, updated_at: now })),
  );
  return { db, url, tool, cycleIds, draftCycleId, leads, draftReturnIds, qa: { id: qaId, email: "qa@bench.example", name: "Bench QA", role: "qa", agencyId: null }, seconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// The raw SQL floor: the least work any implementation must do to build the baseline

async function baselineFloor(db: Db, cycleId: number): Promise<number> {
  const rows = await db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .leftJoin("scores", function joinScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .leftJoin("standard_scores", "standard_scores.score_id", "scores.id")
    .where("returns.cycle_id", cycleId)
    .select("agencies.name", "returns.status", "scores.overall_percent", "standard_scores.standard_code", "standard_scores.percent", "standard_scores.band");
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// HTTP under load against the production server

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function startServer(url: string): Promise<{ base: string; stop: () => Promise<void>; startupMs: number; rssMb: () => number; pid: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["server.js"], { env: { ...process.env, PORT: String(port), DATABASE_URL: url, SEED_DEMO: "false", NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not yet listening
    }
    if (attempt > 600) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const startupMs = performance.now() - started;
  const rssMb = () => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? /VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb / 1024;
    } catch {
      return NaN;
    }
  };
  return {
    base,
    startupMs,
    rssMb,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/login`, { method: "POST", body: new URLSearchParams({ email, password: SENSITIVE_PASSWORD }), redirect: "manual" });
  const cookie = response.headers.get("set-cookie");
  if (!cookie) throw new Error(`bench sign-in failed for ${email}: ${response.status}`);
  return cookie.split(";")[0];
}

/** `connections` loops, each requesting one of the paths in turn, for `seconds` (bounded, loopback only). */
async function load(base: string, cookie: string, paths: string[], connections: number, seconds: number): Promise<Timing & { rps: number; errors: number }> {
  const deadline = performance.now() + seconds * 1000;
  const samples: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      let k = worker;
      while (performance.now() < deadline && samples.length < 200_000) {
        const start = performance.now();
        try {
          const response = await fetch(`${base}${paths[k % paths.length]}`, { headers: { Cookie: cookie } });
          await response.arrayBuffer();
          if (!response.ok) errors += 1;
        } catch {
          errors += 1;
        }
        samples.push(performance.now() - start);
        k += 1;
      }
    }),
  );
  return { ...summarise(samples), rps: samples.length / seconds, errors };
}

// ---------------------------------------------------------------------------------------------

interface Result {
  scale: Scale;
  seedSeconds: number;
  rows: { returns: number; standardScores: number };
  save: Timing;
  submit: Timing;
  baseline: Timing;
  comparison: Timing;
  floor: Timing;
  pages?: Awaited<ReturnType<typeof load>>;
  /** One request at a time: each page's own cost (median ms, response size in KB). */
  single?: { path: string; median: number; kb: number }[];
  startupMs?: number;
  rssMb?: number;
}

async function benchScale(scale: Scale, dir: string, withHttp: boolean): Promise<Result> {
  console.log(`\n== ${scale.name}: ${scale.agencies} agencies, ${scale.cycles} cycles, ${scale.standards * scale.itemsPerStandard} items`);
  const seeded = await seed(scale, dir);
  const { db, tool } = seeded;
  const returns = Number((await db("returns").count({ n: "*" }).first())?.n);
  const standardScores = Number((await db("standard_scores").count({ n: "*" }).first())?.n);
  console.log(`   seeded in ${seeded.seconds.toFixed(1)} s (${returns} returns, ${standardScores} standard scores)`);

  const page = tool.definition.survey.pages[0];
  const saveRuns = Math.min(400, seeded.leads.length * 2);
  const save = await time(saveRuns, (run) => {
    const index = Math.abs(run) % seeded.leads.length;
    const answers: Answers = {};
    for (const element of page.elements) if (element.type === "radiogroup" && element.name.endsWith("_q1")) answers[element.name] = run % 2 ? "fully" : "mostly";
    return saveReturnPage(db, seeded.leads[index], seeded.draftReturnIds[index], page.name, answers);
  });
  console.log(`   save a page: median ${ms(save.median)} ms, p95 ${ms(save.p95)} ms`);

  const submitRuns = Math.min(100, seeded.leads.length - 2);
  const submit = await time(
    submitRuns,
    async (run) => {
      const index = run < 0 ? seeded.leads.length + run : run;
      const result = await submitReturn(db, seeded.leads[index], seeded.draftReturnIds[index], { name: "Lead", role: "DSL", date: "2026-01-01" });
      if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
    },
    2,
  );
  console.log(`   submit (validate, score, store): median ${ms(submit.median)} ms, p95 ${ms(submit.p95)} ms`);

  const cycleId = seeded.cycleIds[seeded.cycleIds.length - 1];
  const baseline = await time(10, () => getBaselineReport(db, seeded.qa, cycleId));
  const floor = await time(10, () => baselineFloor(db, cycleId));
  const earlierCycleId = seeded.cycleIds[seeded.cycleIds.length - 2];
  const comparison = await time(10, async () => {
    const result = await getComparisonReport(db, seeded.qa, earlierCycleId, cycleId);
    if (!result?.ok) throw new Error(`comparison failed: ${result ? result.message : "no report"}`);
  });
  console.log(`   comparison report model: median ${ms(comparison.median)} ms`);
  console.log(`   baseline report model: median ${ms(baseline.median)} ms; raw SQL floor ${ms(floor.median)} ms (×${(baseline.median / floor.median).toFixed(2)})`);

  const result: Result = { scale, seedSeconds: seeded.seconds, rows: { returns, standardScores }, save, submit, baseline, comparison, floor };
  await db.destroy();

  if (withHttp) {
    const server = await startServer(seeded.url);
    try {
      const cookie = await signIn(server.base, "qa@bench.example");
      const paths = ["/cycles", `/cycles/${cycleId}`, `/cycles/${cycleId}/baseline`, "/agencies"];
      await load(server.base, cookie, paths, 4, 2);
      result.single = [];
      for (const pagePath of paths) {
        let kb = 0;
        const timing = await time(10, async () => {
          const response = await fetch(`${server.base}${pagePath}`, { headers: { Cookie: cookie } });
          kb = (await response.arrayBuffer()).byteLength / 1024;
        });
        result.single.push({ path: pagePath.replace(String(cycleId), ":cycle"), median: timing.median, kb });
      }
      console.log(`   one request at a time: ${result.single.map((entry) => `${entry.path} ${ms(entry.median)} ms (${entry.kb.toFixed(0)} KB)`).join(", ")}`);
      result.pages = await load(server.base, cookie, paths, 20, 10);
      result.startupMs = server.startupMs;
      result.rssMb = server.rssMb();
      console.log(`   pages at 20 connections: p50 ${ms(result.pages.median)} ms, p95 ${ms(result.pages.p95)} ms, p99 ${ms(result.pages.p99)} ms, ${result.pages.rps.toFixed(0)} req/s, ${result.pages.errors} errors`);
      console.log(`   server start-up ${ms(result.startupMs)} ms, peak RSS ${ms(result.rssMb)} MB`);
    } finally {
      await server.stop();
    }
  }
  return result;
}

function verdict(value: number | undefined, target: number): string {
  if (value === undefined || !Number.isFinite(value)) return "not measured";
  return value <= target ? "met" : "**missed**";
}

function markdown(results: Result[], machine: string): string {
  const county = results.find((result) => result.scale.name === "county");
  const lines: string[] = [
    "# Performance",
    "",
    "Measured by `npm run bench` (scripts/bench.ts); this file is rewritten by it. Synthetic data goes into fresh",
    "SQLite files; timings use the real data functions and, for pages, the production server (`server.js`) under",
    "load from 20 concurrent connections on loopback. The floor is the raw SQL that fetches the same rows the",
    "baseline report reads (returns, current scores and standard scores of one cycle).",
    "",
    `Machine: ${machine}. Run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    "",
    "## Targets at county scale (DESIGN §10)",
    "",
    "| target | measured | verdict |",
    "|---|---|---|",
  ];
  if (county) {
    const ratio = county.baseline.median / county.floor.median;
    lines.push(
      `| baseline report ≤ ${TARGETS.baselineMs} ms | ${ms(county.baseline.median)} ms (median of ${county.baseline.n}) | ${verdict(county.baseline.median, TARGETS.baselineMs)} |`,
      `| baseline within ${TARGETS.floorRatio}× the raw SQL floor | ×${ratio.toFixed(2)} (floor ${ms(county.floor.median)} ms) | ${verdict(ratio, TARGETS.floorRatio)} |`,
      `| save a page p95 ≤ ${TARGETS.saveP95Ms} ms | ${ms(county.save.p95)} ms (n = ${county.save.n}) | ${verdict(county.save.p95, TARGETS.saveP95Ms)} |`,
      `| submit p95 ≤ ${TARGETS.saveP95Ms} ms | ${ms(county.submit.p95)} ms (n = ${county.submit.n}) | ${verdict(county.submit.p95, TARGETS.saveP95Ms)} |`,
      `| main pages p95 ≤ ${TARGETS.pageP95Ms} ms at 20 connections | ${ms(county.pages?.p95 ?? NaN)} ms | ${verdict(county.pages?.p95, TARGETS.pageP95Ms)} |`,
      `| server RSS ≤ ${TARGETS.rssMb} MB | ${ms(county.rssMb ?? NaN)} MB (peak) | ${verdict(county.rssMb, TARGETS.rssMb)} |`,
      `| comparison report ≤ ${TARGETS.comparisonMs} ms | ${ms(county.comparison.median)} ms (median of ${county.comparison.n}) | ${verdict(county.comparison.median, TARGETS.comparisonMs)} |`,
    );
  } else {
    lines.push("| (county scale not run) | | |");
  }
  lines.push("", "## By scale", "", "| scale | agencies × cycles | returns | standard scores | seed | save p95 | submit p95 | baseline (median) | comparison | floor | ratio | pages p50 / p95 / p99 | req/s | start-up | peak RSS |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const result of results) {
    lines.push(
      `| ${result.scale.name} | ${result.scale.agencies} × ${result.scale.cycles} | ${result.rows.returns} | ${result.rows.standardScores} | ${result.seedSeconds.toFixed(1)} s | ${ms(result.save.p95)} ms | ${ms(result.submit.p95)} ms | ${ms(result.baseline.median)} ms | ${ms(result.comparison.median)} ms | ${ms(result.floor.median)} ms | ×${(result.baseline.median / result.floor.median).toFixed(2)} | ${result.pages ? `${ms(result.pages.median)} / ${ms(result.pages.p95)} / ${ms(result.pages.p99)} ms` : "–"} | ${result.pages ? result.pages.rps.toFixed(0) : "–"} | ${result.startupMs ? `${ms(result.startupMs)} ms` : "–"} | ${result.rssMb ? `${ms(result.rssMb)} MB` : "–"} |`,
    );
  }
  lines.push("", "## Each page on its own (one request at a time)", "", "| scale | page | median | size |", "|---|---|---|---|");
  for (const result of results) for (const entry of result.single ?? []) lines.push(`| ${result.scale.name} | \`${entry.path}\` | ${ms(entry.median)} ms | ${entry.kb.toFixed(0)} KB |`);
  lines.push(
    "",
    "Where a target is missed, the findings and the plan to meet it are in",
    "[docs/decisions/005-page-speed-findings.md](decisions/005-page-speed-findings.md).",
    "",
    "## How to reproduce",
    "",
    "```sh",
    "npm run build                                   # the page figures use the production build",
    "npm run bench                                   # small and county",
    "npm run bench -- --scales=small,county,national # and the 20,000-agency scale",
    "```",
    "",
    "Figures vary with what else the machine is doing: run it on a quiet machine. The pages measured are the",
    "cycles list, a cycle's returns, its baseline report and the agencies list, signed in as a QA member.",
    "",
  );
  return lines.join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const scales = (args.find((arg) => arg.startsWith("--scales="))?.split("=")[1] ?? "small,county").split(",").map((name) => {
    const scale = SCALES[name.trim()];
    if (!scale) throw new Error(`Unknown scale "${name}": use small, county or national`);
    return scale;
  });
  if (!fs.existsSync("build/index.js")) throw new Error("No production build: run `npm run build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-bench-"));
  const results: Result[] = [];
  try {
    for (const scale of scales) results.push(await benchScale(scale, dir, true));
  } finally {
    if (args.includes("--keep")) console.log(`\nKept the generated databases in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const text = markdown(results, machine);
  if (!args.includes("--no-write")) {
    fs.writeFileSync("docs/PERFORMANCE.md", text);
    console.log("\nWrote docs/PERFORMANCE.md");
  } else {
    console.log(`\n${text}`);
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
