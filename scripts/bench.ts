/**
 * `npm run bench`: measures the quality bars of DESIGN §10 on this machine and writes them to
 * docs/PERFORMANCE.md. Synthetic data at three scales goes into fresh databases (SQLite files under a
 * temp folder, or a throwaway PostgreSQL cluster per scale); each figure is measured against the real
 * code (data functions, export renderers and the production server), and report times are compared
 * with the raw SQL floor over the same rows.
 *
 *   npm run bench                      small and county (the targets are set at county scale)
 *   npm run bench -- --scales=small,county,national
 *   npm run bench -- --database=postgres   the same on PostgreSQL (writes docs/PERFORMANCE-postgres.md)
 *   npm run bench -- --processes=1     pages with one app process only (default: 1 and 2, WEB_CONCURRENCY)
 *   npm run bench -- --no-write        print only, leave docs/ alone
 *   npm run bench -- --keep            keep the generated SQLite databases (for profiling a page against them)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createDb, migrate, standardScoresOfScore, type Db } from "~/data/db.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import { getBaselineReport } from "~/data/reports/baseline.server";
import type { Readable } from "node:stream";
import { streamBaselineExport } from "../reports/baseline-export";
import type { ExportFormat } from "../reports/export-format";
import { streamReportExport } from "../reports/report-export";
import { saveReturnPage, submitReturn } from "~/data/return-edits.server";
import { importTool, type ToolRecord } from "~/data/tools.server";
import { buildSurveyResults, openPractitionerSurvey, storeResponses, type ResponseRow } from "~/data/practitioner.server";
import { ROLE_GROUPS, scoreResponse } from "~/domain/practitioner";
import { PER_LINK_PER_HOUR } from "~/utils/flood-limit.server";
import { visibleQuestions } from "~/domain/survey-engine";
import { hashPassword } from "~/data/password-hash.server";
import type { Viewer } from "~/domain/permissions";
import { scoreAnswers } from "~/domain/score-answers";
import { packItemOutcomes } from "~/domain/reports/baseline-items";
import type { Answers, ReturnScore } from "~/domain/scoring";
import type { ToolDefinition } from "~/domain/tool-schema";
import { sendWavesApart, type Wave } from "./at-once-client";

interface Scale {
  name: string;
  agencies: number;
  cycles: number;
  /** Scored items per tool: standards × items per standard. */
  standards: number;
  itemsPerStandard: number;
  /** Practitioner survey responses to the county cycle (DESIGN §10 sets 100,000 at county scale). */
  practitionerResponses: number;
}

const SCALES: Record<string, Scale> = {
  small: { name: "small", agencies: 60, cycles: 3, standards: 12, itemsPerStandard: 5, practitionerResponses: 2_000 },
  county: { name: "county", agencies: 600, cycles: 10, standards: 12, itemsPerStandard: 5, practitionerResponses: 100_000 },
  national: { name: "national", agencies: 20_000, cycles: 3, standards: 12, itemsPerStandard: 5, practitionerResponses: 200_000 },
};

const TARGETS = {
  baselineMs: 150,
  comparisonMs: 250,
  saveP95Ms: 20,
  pageP95Ms: 50,
  floorRatio: 2,
  rssMb: 300,
  surveyMs: 300,
  surveySubmitP95Ms: 50,
  pagesPerSecond: 200,
  countyExportMs: 1000,
};

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
  /** The slowest sample. */
  max: number;
  n: number;
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    n: sorted.length,
  };
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
  const standards = Array.from({ length: scale.standards }, (_, s) => ({
    code: `B-${s + 1}`,
    title: `Benchmark standard ${s + 1}`,
    dimension: ["setting", "achieving", "improving"][s % 3],
    selfRating: `b${s + 1}_self`,
  }));
  const items: Record<string, unknown> = {};
  const pages = standards.map((standard, s) => {
    const elements: unknown[] = [];
    for (let i = 0; i < scale.itemsPerStandard; i += 1) {
      const name = `b${s + 1}_q${i + 1}`;
      // The first item of each standard is essential: a statutory duty, so it cannot be answered "not applicable"
      // (scoring rules v2, tools:validate refuses it).
      const essential = i === 0;
      items[name] = {
        standard: standard.code,
        points: { fully: 3, mostly: 2, partly: 1, not: 0 },
        ...(essential ? { essential: true } : { notApplicable: ["na"] }),
      };
      elements.push({
        type: "radiogroup",
        name,
        title: `Question ${i + 1} of standard ${s + 1}`,
        isRequired: true,
        choices: essential ? choices.filter((choice) => choice.value !== "na") : choices,
      });
      if (!essential)
        elements.push({
          type: "comment",
          name: `${name}_na`,
          title: "Why does this not apply?",
          visibleIf: `{${name}} = 'na'`,
          isRequired: true,
        });
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
  for (const [name, rule] of Object.entries(tool.definition.items)) {
    const value = values[k % (rule.notApplicable ? values.length : values.length - 1)];
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
    const inserted = await db(table)
      .insert(rows.slice(start, start + size))
      .returning("id");
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
async function seed(scale: Scale, url: string): Promise<Seeded> {
  const started = performance.now();
  const db = createDb(url);
  await migrate(db);
  const now = new Date().toISOString();
  const imported = await importTool(db, null, syntheticTool(scale));
  if (!imported.ok) throw new Error(`Synthetic tool invalid: ${imported.errors.join("; ")}`);
  const tool = imported.tool;

  const agencyIds = await insertChunks(
    db,
    "agencies",
    Array.from({ length: scale.agencies }, (_, index) => ({
      name: `Agency ${String(index + 1).padStart(5, "0")}`,
      slug: `agency-${index + 1}`,
      sector: ["police", "health", "education", "local_authority", "voluntary"][index % 5],
      created_at: now,
      updated_at: now,
    })),
  );
  const hash = await hashPassword(SENSITIVE_PASSWORD);
  const [qaId] = await insertChunks(db, "users", [
    { email: "qa@bench.example", name: "Bench QA", role: "qa", agency_id: null, password_hash: hash, created_at: now, updated_at: now },
  ]);
  const leadCount = Math.min(200, agencyIds.length);
  const leadIds = await insertChunks(
    db,
    "users",
    agencyIds.slice(0, leadCount).map((agencyId, index) => ({
      email: `lead${index}@bench.example`,
      name: `Lead ${index}`,
      role: "agency_lead",
      agency_id: agencyId,
      password_hash: hash,
      created_at: now,
      updated_at: now,
    })),
  );
  const leads: Viewer[] = leadIds.map((id, index) => ({
    id,
    email: `lead${index}@bench.example`,
    name: `Lead ${index}`,
    role: "agency_lead",
    agencyId: agencyIds[index],
  }));

  const patterns = Array.from({ length: 25 }, (_, index) => {
    const answers = answersFor(tool, index + 1);
    const score = scoreAnswers(tool.definition, answers);
    return { answers: JSON.stringify(answers), score, itemOutcomes: JSON.stringify(packItemOutcomes(score)) };
  });

  const cycleIds: number[] = [];
  for (let c = 0; c < scale.cycles; c += 1) {
    const [cycleId] = await insertChunks(db, "cycles", [
      {
        tool_id: tool.id,
        title: `Cycle ${2016 + c}`,
        status: "closed",
        opens_on: `${2016 + c}-01-01`,
        due_on: `${2016 + c}-03-31`,
        selection: JSON.stringify({ all: true }),
        created_at: now,
        opened_at: now,
        closed_at: now,
      },
    ]);
    cycleIds.push(cycleId);
    await db.transaction(async (trx) => {
      const returnIds = await insertChunks(
        trx,
        "returns",
        agencyIds.map((agencyId, index) => ({
          cycle_id: cycleId,
          agency_id: agencyId,
          status: "submitted",
          answers: patterns[(index + c) % patterns.length].answers,
          revision: 1,
          submitted_at: `${2016 + c}-03-${String(1 + (index % 28)).padStart(2, "0")}T10:00:00.000Z`,
          signoff_name: "Lead",
          signoff_role: "DSL",
          signoff_date: `${2016 + c}-03-01`,
          updated_at: now,
        })),
      );
      const scoreIds = await insertChunks(
        trx,
        "scores",
        returnIds.map((returnId, index) => {
          const score: ReturnScore = patterns[(index + c) % patterns.length].score;
          return {
            return_id: returnId,
            tool_version: tool.version,
            rules_version: score.rulesVersion,
            is_current: true,
            overall_percent: score.overall.percent,
            overall_band: score.overall.band,
            completeness_answered: score.completeness.answered,
            completeness_total: score.completeness.total,
            dimensions: JSON.stringify(score.dimensions),
            item_outcomes: patterns[(index + c) % patterns.length].itemOutcomes,
            computed_at: now,
          };
        }),
      );
      const standardRows: Record<string, unknown>[] = [];
      scoreIds.forEach((scoreId, index) => {
        for (const standard of patterns[(index + c) % patterns.length].score.standards) {
          standardRows.push({
            score_id: scoreId,
            standard_code: standard.code,
            percent: standard.percent,
            band: standard.band,
            essential_cap: standard.essentialCap,
            self_rating: standard.selfRating,
            included: standard.included,
            not_applicable: standard.notApplicable,
            unanswered: standard.unanswered,
          });
        }
      });
      await insertChunks(trx, "standard_scores", standardRows, 80);
    });
  }

  const [draftCycleId] = await insertChunks(db, "cycles", [
    {
      tool_id: tool.id,
      title: "Open cycle",
      status: "open",
      opens_on: "2026-01-01",
      due_on: "2099-03-31",
      selection: JSON.stringify({ all: true }),
      created_at: now,
      opened_at: now,
    },
  ]);
  const draftReturnIds = await insertChunks(
    db,
    "returns",
    leads.map((lead) => ({
      cycle_id: draftCycleId,
      agency_id: lead.agencyId,
      status: "in_progress",
      answers: patterns[0].answers,
      revision: 1,
      updated_at: now,
    })),
  );
  return {
    db,
    url,
    tool,
    cycleIds,
    draftCycleId,
    leads,
    draftReturnIds,
    qa: { id: qaId, email: "qa@bench.example", name: "Bench QA", role: "qa", agencyId: null },
    seconds: (performance.now() - started) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Practitioner survey (DESIGN §10, §11): a county's responses aggregated, and 50 practitioners sending at once

const AGREE = ["strongly_agree", "agree", "disagree", "strongly_disagree", "dont_know"];

/** A practitioner survey assuring the synthetic tool: one agree-scale statement per standard, four to a page. */
function syntheticPractitionerTool(scale: Scale): ToolDefinition {
  const standards = Array.from({ length: scale.standards }, (_, s) => ({ code: `B-${s + 1}`, title: `Benchmark standard ${s + 1}` }));
  const items = Object.fromEntries(
    standards.map((standard, s) => [
      `p${s + 1}`,
      { standard: standard.code, points: { strongly_agree: 1, agree: 1, disagree: 0, strongly_disagree: 0 }, notApplicable: ["dont_know"] },
    ]),
  );
  const elements = standards.map((_, s) => ({
    type: "radiogroup",
    name: `p${s + 1}`,
    title: `Statement ${s + 1}`,
    isRequired: true,
    choices: AGREE.map((value) => ({ value, text: value })),
  }));
  const pages = [];
  for (let start = 0; start < elements.length; start += 4)
    pages.push({ name: `part${pages.length + 1}`, title: `Part ${pages.length + 1}`, elements: elements.slice(start, start + 4) });
  const { bands } = syntheticTool(scale) as { bands: unknown };
  return {
    code: "bench-staff",
    version: "1.1",
    title: "Benchmark practitioner survey",
    kind: "practitioner",
    assures: "bench",
    bands,
    standards,
    items,
    survey: { pages },
  } as unknown as ToolDefinition;
}

/** Deterministic staff answers: pattern `seed` walks the agree scale. */
function staffAnswers(tool: ToolDefinition, seed: number): Answers {
  return Object.fromEntries(Object.keys(tool.items).map((name, index) => [name, AGREE[(seed * 7 + index * 3) % AGREE.length]]));
}

interface SeededSurvey {
  surveyId: number;
  tool: ToolDefinition;
  tokens: string[];
  responses: number;
  seconds: number;
}

/**
 * Opens the survey on a closed cycle (one link per agency) and stores `count` responses spread over the
 * agencies and role groups through the same store-and-tally path a practitioner's answer takes; each
 * response is scored by the tool rules (patterns scored once, as answers repeat).
 */
async function seedPractitionerSurvey(db: Db, scale: Scale, cycleId: number): Promise<SeededSurvey> {
  const started = performance.now();
  const imported = await importTool(db, null, syntheticPractitionerTool(scale));
  if (!imported.ok) throw new Error(`Synthetic practitioner survey invalid: ${imported.errors.join("; ")}`);
  const tool = imported.tool.definition;
  const opened = await openPractitionerSurvey(db, null, {
    cycleId,
    toolId: imported.tool.id,
    opensOn: "2026-01-01",
    closesOn: "2099-12-31",
  });
  if (!opened.ok) throw new Error(`Could not open the practitioner survey: ${opened.message}`);
  const links: { agency_id: number; token: string }[] = await db("practitioner_links")
    .where({ survey_id: opened.id })
    .orderBy("id")
    .select("agency_id", "token");
  const roleGroups = ["frontline", "frontline", "manager", "other", null] as const;
  const patterns = Array.from({ length: 40 }, (_, index) => {
    const answers = staffAnswers(tool, index);
    return { answers, outcomes: scoreResponse(tool, answers, visibleQuestions(tool.survey, answers)) };
  });
  const batch = 5_000;
  for (let start = 0; start < scale.practitionerResponses; start += batch) {
    const rows: ResponseRow[] = [];
    for (let n = start; n < Math.min(scale.practitionerResponses, start + batch); n += 1) {
      const pattern = patterns[(n * 13) % patterns.length];
      rows.push({
        agencyId: links[n % links.length].agency_id,
        roleGroup: roleGroups[n % roleGroups.length],
        answers: pattern.answers,
        outcomes: pattern.outcomes,
      });
    }
    await db.transaction((trx) => storeResponses(trx, opened.id, "2026-03-01", rows));
  }
  return {
    surveyId: opened.id,
    tool,
    tokens: links.map((link) => link.token),
    responses: scale.practitionerResponses,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * How "50 at once" is sent (decisions 031 and 033). V8 goes on optimising the code a submit runs through for a few
 * thousand submits after start-up (`--trace-opt`); each app process now rehearses that many before it serves
 * (server.js), and two things are judged: a server in service, counted after `warmUpSubmits` submits per app process,
 * and the same server right after a restart, its first `coldWaves` waves. The light client's connections are open
 * before the first wave (outside any clock), so both send over open connections. Then `freshWaves` waves connect
 * anew inside the clock, as phones whose connection the server closed while their people read the page: shown
 * beside the verdicts, not in them. Every run also prints how the waves in between went (`curve`), and what
 * decisions 029 and 030 counted.
 */
const AT_ONCE = { concurrent: 50, warmUpSubmits: 3_000, countedWaves: 20, coldWaves: 10, freshWaves: 10 };

/** Waves not counted before the counted ones: `warmUpSubmits` per app process (the primary shares waves out). */
function warmUpWaves(processes: number): number {
  const waves = Math.ceil((AT_ONCE.warmUpSubmits * processes) / AT_ONCE.concurrent);
  return waves + (waves % 2); // even, so the counted waves start with the light client
}

/** What "50 at once" measures: the counted waves (light client), and beside them what the verdict does not use. */
type AtOnceTiming = Timing & {
  errors: number;
  /** Waves left uncounted before the counted ones. */
  warmUpWaves: number;
  /** The light client's waves among the first `coldWaves` after start-up (a server just restarted). */
  cold: Timing & { errors: number };
  /** Its first wave alone, and its other waves among the first `coldWaves`. */
  firstWave: Timing;
  restOfCold: Timing;
  /** Its waves in stretches of the rest of the warm-up (1-based wave numbers), to show where the server settles. */
  curve: { from: number; to: number; timing: Timing }[];
  /** Counted as decision 030 counted: the light client's waves among waves 11–30. */
  asIn030: Timing;
  /** Counted as decision 029 counted: its waves among waves 3–13. */
  asIn029: Timing;
  /** The light client's `freshWaves` waves after the counted ones, each connecting anew inside the clock. */
  fresh: Timing & { errors: number };
  withFetch: Timing & { errors: number };
};

/**
 * `concurrent` practitioners send their last page at the same moment, wave after wave, each through an agency's
 * link from an address of their own (X-Forwarded-For, believed from loopback: TRUST_PROXY=loopback), as an office
 * of phones would, in each role group and none. The time is the whole request: reading the form, checking every
 * answer, scoring, storing and tallying, and the redirect to the thank-you page. Waves alternate between two
 * clients: the light raw one, whose figures count, and Node's fetch, for comparison (decision 029). They are sent
 * back to back from a small process of their own (scripts/at-once-client.ts), whose garbage collector does not
 * pause the clock (decision 030).
 *
 * With one process a wave's fifty are stored together and finish together, so the p95 over N counted waves is
 * about the (N/20 + 1)th slowest wave; with two, each process stores its half, and it is about the (N/10 + 1)th
 * slowest half-wave. The slowest of all is printed beside it.
 *
 * The flood limits (60 answers an hour from an address, 300 through a link) are counted in each app process's
 * memory and start afresh with it, and each run starts its server afresh. Within a run every wave has addresses of
 * its own, and a link is used at most `waves × concurrent / links` times, which is checked against the link's
 * limit before anything is sent.
 */
async function submitAtOnce(base: string, survey: SeededSurvey, processes: number): Promise<AtOnceTiming> {
  const { concurrent, countedWaves, coldWaves, freshWaves } = AT_ONCE;
  const warmUp = warmUpWaves(processes);
  const total = warmUp + 2 * countedWaves;
  if (warmUp < 30 || total + freshWaves > 250)
    throw new Error(`"50 at once" needs 30–250 waves in all (got ${warmUp} + ${2 * countedWaves} + ${freshWaves})`);
  if (Math.ceil(((total + freshWaves) * concurrent) / survey.tokens.length) > PER_LINK_PER_HOUR)
    throw new Error(`"50 at once" would send more than ${PER_LINK_PER_HOUR} answers through a link: the flood limit would refuse them`);
  const pages = survey.tool.survey.pages;
  const last = pages[pages.length - 1];
  const lastNames = new Set(last.elements.map((element) => element.name));
  const roles = [...ROLE_GROUPS, null];
  const waves: Wave[] = Array.from({ length: total + freshWaves }, (_, wave) => {
    const address = wave;
    return {
      // The waves alternate between the two clients, so both meet the server equally warmed up; the last ones
      // (after the counted waves) are the light client's, each connecting anew.
      client: wave % 2 === 0 || wave >= total ? "raw" : "fetch",
      fresh: wave >= total,
      requests: Array.from({ length: concurrent }, (_, i) => {
        const n = address * concurrent + i;
        const answers = staffAnswers(survey.tool, n);
        const earlier = Object.fromEntries(Object.entries(answers).filter(([name]) => !lastNames.has(name)));
        const form = new URLSearchParams({
          _state: JSON.stringify({ role: roles[n % roles.length], answers: earlier }),
          _page: String(pages.length - 1),
          _go: "next",
        });
        for (const name of lastNames) form.set(name, String(answers[name]));
        return {
          target: `/p/${survey.tokens[n % survey.tokens.length]}?index`,
          body: form.toString(),
          from: `10.${address % 250}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
        };
      }),
    };
  });
  const results = await sendWavesApart(base, waves);
  const light = (from: number, to: number) =>
    results.flatMap(({ samples }, wave) => (waves[wave].client === "raw" && wave >= from && wave < to ? samples : []));
  const errorsOf = (client: Wave["client"], from: number, to: number) =>
    results.reduce((sum, { errors }, wave) => sum + (waves[wave].client === client && wave >= from && wave < to ? errors : 0), 0);
  const stretches = [...new Set([coldWaves, 30, 60, 120, warmUp])].filter((edge) => edge <= warmUp).sort((a, b) => a - b);
  return {
    ...summarise(light(warmUp, total)),
    errors: errorsOf("raw", warmUp, total),
    warmUpWaves: warmUp,
    cold: { ...summarise(light(0, coldWaves)), errors: errorsOf("raw", 0, coldWaves) + errorsOf("fetch", 0, coldWaves) },
    firstWave: summarise(light(0, 1)),
    restOfCold: summarise(light(1, coldWaves)),
    curve: stretches.slice(1).map((to, index) => ({ from: stretches[index] + 1, to, timing: summarise(light(stretches[index], to)) })),
    asIn030: summarise(light(10, 30)),
    asIn029: summarise(light(2, 13)),
    fresh: { ...summarise(light(total, total + freshWaves)), errors: errorsOf("raw", total, total + freshWaves) },
    withFetch: {
      ...summarise(results.flatMap(({ samples }, wave) => (waves[wave].client === "fetch" && wave >= warmUp ? samples : []))),
      errors: errorsOf("fetch", warmUp, total),
    },
  };
}

/** What a "50 at once" run measured on the way from start-up to the counted waves, as one line of text. */
function atOnceOnTheWay(timing: AtOnceTiming): string {
  const curve = timing.curve.map(({ from, to, timing: stretch }) => `waves ${from}–${to} p95 ${ms(stretch.p95)} ms`).join(", ");
  return `warming up: ${curve}; counted as in decision 030 (waves 11–30): p95 ${ms(timing.asIn030.p95)} ms, as in 029 (waves 3–13): p95 ${ms(timing.asIn029.p95)} ms`;
}

/** Each phone connecting anew, as one line of text. */
function atOnceFresh(timing: AtOnceTiming): string {
  return `p95 ${ms(timing.fresh.p95)} ms over ${AT_ONCE.freshWaves} waves each connecting anew inside the clock (p50 ${ms(timing.fresh.median)} ms), ${timing.fresh.errors} errors`;
}

/** Right after a restart, as one line of text. */
function atOnceCold(timing: AtOnceTiming): string {
  return `p95 ${ms(timing.cold.p95)} ms over the light client's waves among the first ${AT_ONCE.coldWaves} (its first wave p95 ${ms(timing.firstWave.p95)} ms; its waves 2–${AT_ONCE.coldWaves}, p95 ${ms(timing.restOfCold.p95)} ms), ${timing.cold.errors} errors`;
}

/**
 * The floor under "50 at once": the same requests, the same way, answered by a bare Node HTTP server (one
 * process, no framework, no database) that reads the body and redirects. Fifty requests arriving together
 * queue for the machine's cores whatever answers them, and the bench's own client shares those cores; what
 * the app adds is its time above this.
 */
async function httpFloorAtOnce(survey: SeededSurvey): Promise<AtOnceTiming> {
  const port = await freePort();
  const code = `require("node:http").createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(302, { Location: "/thanks" }); res.end(); }); }).listen(${port}, "127.0.0.1", () => console.log("ready"));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      child.once("exit", (status) => reject(new Error(`The bare HTTP server stopped (${status})`)));
    });
    return await submitAtOnce(`http://127.0.0.1:${port}`, survey, 1);
  } finally {
    child.kill();
  }
}

// ---------------------------------------------------------------------------------------------
// The raw SQL floor: the least work any implementation must do to build the baseline

async function baselineFloor(db: Db, cycleId: number): Promise<number> {
  // The item view counts each score's stored item outcomes, so they are part of what must be read (as text:
  // any implementation must at least read them; turning them into numbers is the report's work).
  const outcomes = await db("returns")
    .join("scores", "scores.return_id", "returns.id")
    .where({ "returns.cycle_id": cycleId, "scores.is_current": true })
    .whereIn("returns.status", ["submitted", "validated"])
    .select("returns.id", "scores.item_outcomes");
  const rows = await db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .leftJoin("scores", function joinScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .leftJoin("standard_scores", "standard_scores.score_id", "scores.id")
    .where("returns.cycle_id", cycleId)
    .select(
      "agencies.name",
      "returns.status",
      "scores.overall_percent",
      "standard_scores.standard_code",
      "standard_scores.percent",
      "standard_scores.band",
    );
  return rows.length + outcomes.length;
}

/**
 * The stricter yardstick (decision 028): the SQL the build itself runs for the same rows (returns with their
 * current scores, each score's standard scores as one JSON text, the stored item outcomes), the results
 * received from the driver but not parsed or counted.
 */
async function baselineFloorAsRead(db: Db, cycleId: number): Promise<number> {
  const rows = await db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .leftJoin("scores", function joinScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .where("returns.cycle_id", cycleId)
    .select(
      "agencies.name",
      "returns.status",
      "scores.overall_percent",
      "scores.item_outcomes",
      standardScoresOfScore(db, ["standard_code", "percent", "band", "self_rating", "included", "not_applicable", "unanswered"]),
    );
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

/** Peak resident memory (VmHWM) of a process, in MB; NaN once it has gone. */
function peakRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? /VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/** The pids of a process's children (the app processes under WEB_CONCURRENCY's primary). */
function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === parent) pids.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return pids;
}

interface BenchServer {
  base: string;
  startupMs: number;
  /** Each app process's start-up rehearsal (server.js, decision 033): responses rehearsed and milliseconds taken. */
  rehearsals: { responses: number; ms: number }[];
  /** Peak RSS of every process of the server (the primary and its app processes), in MB. */
  rssMb: () => number[];
  /** Each app process's event-loop delay since the last call (the first call only starts the window). */
  eventLoopDelay: () => Promise<EventLoopDelay[]>;
  stop: () => Promise<void>;
}

/** How long an app process's event loop was held up (server.js measures it: EVENT_LOOP_REPORT=1), in ms. */
interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** server.js in production mode with `processes` app processes (WEB_CONCURRENCY); ready when every one listens. */
async function startServer(url: string, processes: number): Promise<BenchServer> {
  const port = await freePort();
  const started = performance.now();
  // BENCH_SERVER_ARGS passes Node flags to the app (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it under the bench's loads).
  const nodeArgs = (process.env.BENCH_SERVER_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "server.js"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: url,
      SEED_DEMO: "false",
      NODE_ENV: "production",
      NOTIFICATIONS_INTERVAL_SECONDS: "0",
      WEB_CONCURRENCY: String(processes),
      TRUST_PROXY: "loopback",
      EVENT_LOOP_REPORT: "1",
      REHEARSAL_REPORT: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (output.split("listening on").length - 1 >= processes) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not yet listening
      }
    }
    if (attempt > 1200) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const startupMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return {
    base,
    startupMs,
    rehearsals: [...output.matchAll(/rehearsed (\d+) responses in (\d+) ms/g)].map((line) => ({
      responses: Number(line[1]),
      ms: Number(line[2]),
    })),
    rssMb: () => [pid, ...childPids(pid)].map(peakRssMb).filter(Number.isFinite),
    eventLoopDelay: async () => {
      const workers = childPids(pid);
      const before = output.length;
      for (const worker of workers) process.kill(worker, "SIGUSR2");
      for (let attempt = 0; attempt < 40; attempt += 1) {
        const lines = [...output.slice(before).matchAll(/event-loop delay \d+: p50 ([\d.]+) p99 ([\d.]+) max ([\d.]+) ms/g)];
        if (lines.length >= workers.length)
          return lines.map((line) => ({ p50: Number(line[1]), p99: Number(line[2]), max: Number(line[3]) }));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the app processes did not report their event-loop delay: ${output.slice(before)}`);
    },
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 8000).unref();
      }),
  };
}

async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: SENSITIVE_PASSWORD }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie");
  if (!cookie) throw new Error(`bench sign-in failed for ${email}: ${response.status}`);
  return cookie.split(";")[0];
}

/**
 * `connections` loops, each requesting one of the paths in turn, for `seconds` (bounded, loopback only).
 * With `pauseMs`, each loop waits about that long after each answer, as a person reading the page would.
 */
async function load(
  base: string,
  cookie: string,
  paths: string[],
  connections: number,
  seconds: number,
  pauseMs = 0,
): Promise<Timing & { rps: number; errors: number }> {
  const deadline = performance.now() + seconds * 1000;
  const samples: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      let k = worker;
      // People arrive at different moments too: each starts part-way through a pause, not all at the first instant
      // (twenty users clicking at exactly the same moment put a tenth of a 10-second run's pages in one queue).
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * pauseMs));
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
        // A pause of 0 to 2 × pauseMs (pauseMs on average), so the users do not all click at the same moment.
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * pauseMs));
      }
    }),
  );
  return { ...summarise(samples), rps: samples.length / seconds, errors };
}

// ---------------------------------------------------------------------------------------------

interface PageLoad {
  processes: number;
  load: Awaited<ReturnType<typeof load>>;
  startupMs: number;
  /** Peak RSS of each process (the primary first when there are several). */
  rssMb: number[];
  /** Each app process's event-loop delay during the load. */
  loop: EventLoopDelay[];
}

interface ExportTiming {
  report: "baseline" | "comparison";
  format: ExportFormat;
  median: number;
  kb: number;
}

/** One export made in a process of its own, so its memory is its own: time to the last byte and peak RSS. */
interface ExportMemory {
  format: ExportFormat;
  ms: number;
  kb: number;
  /** Peak RSS once the model was built, before the export began (the model itself is in memory either way). */
  modelMb: number;
  /** Peak RSS at the end of the export: the most the process held at any moment. */
  peakMb: number;
}

/** Reads a streamed export to its end, keeping only the byte count (as a client or a file would take it). */
async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).byteLength;
  return bytes;
}

interface ExportChildJob {
  url: string;
  qa: Viewer;
  earlierCycleId: number;
  cycleId: number;
  format: ExportFormat;
}

/**
 * `--export-child=<job>`: this script run again as a child that builds the comparison model, streams one export
 * to nowhere, and prints its time and its own peak RSS (VmHWM) as JSON: the parent's heap, with every earlier
 * figure in it, would blur the number.
 */
async function exportChild(job: ExportChildJob): Promise<void> {
  const db = createDb(job.url);
  try {
    const result = await getComparisonReport(db, job.qa, job.earlierCycleId, job.cycleId);
    if (!result?.ok) throw new Error(`comparison failed: ${result ? result.message : "no report"}`);
    // Loaded first (the server has it loaded after its first spreadsheet), so the time is the export's own.
    await import("exceljs");
    const modelMb = peakRssMb(process.pid);
    const started = performance.now();
    const bytes = await drain((await streamReportExport(result.report, job.format, { generatedAt: new Date().toISOString() })).body);
    const memory: ExportMemory = {
      format: job.format,
      ms: performance.now() - started,
      kb: bytes / 1024,
      modelMb,
      peakMb: peakRssMb(process.pid),
    };
    process.stdout.write(`${JSON.stringify(memory)}\n`);
  } finally {
    await db.destroy();
  }
}

/** Runs exportChild in a fresh process (the same node, loader and script as this one). */
function exportInChild(job: ExportChildJob): Promise<ExportMemory> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, process.argv[1], `--export-child=${Buffer.from(JSON.stringify(job)).toString("base64url")}`],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (errors += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{"))
        reject(new Error(`the ${job.format} export child failed (exit ${code}): ${errors || output}`));
      else resolve(JSON.parse(line) as ExportMemory);
    });
  });
}

interface Result {
  scale: Scale;
  database: string;
  seedSeconds: number;
  rows: { returns: number; standardScores: number };
  save: Timing;
  submit: Timing;
  /** Built from the database every time (REPORT_CACHE=off): the cost after any change to the cycle. */
  baseline: Timing;
  /** Served from the per-cycle model cache: the fingerprint query plus a lookup. */
  baselineCached: Timing;
  comparison: Timing;
  comparisonCached: Timing;
  floor: Timing;
  /** The build's own SQL for the same rows (standard scores as one JSON text per score), results not parsed. */
  floorAsRead: Timing;
  exports: ExportTiming[];
  /** The comparison report exported in a process of its own, per format: time and peak RSS. */
  exportMemory: ExportMemory[];
  /** One request at a time, one app process: each page's own cost (median ms, response size in KB). */
  single?: { path: string; median: number; kb: number }[];
  /** 20 users, one app process, each pausing a second after every page: latency at a realistic pace. */
  paced?: Awaited<ReturnType<typeof load>>;
  /** The app process's event-loop delay while those 20 users paced. */
  pacedLoop?: EventLoopDelay[];
  pages: PageLoad[];
  /** The practitioner survey: responses stored, its aggregation from the tallies, and people sending at once. */
  survey: {
    responses: number;
    seedSeconds: number;
    aggregate: Timing;
    /** `withFetch`: the same waves sent with Node's fetch as the client, for comparison (decision 029). */
    submits: {
      processes: number;
      timing: AtOnceTiming;
      withFetch: Timing & { errors: number };
    }[];
    /** The same fifty requests at once against a bare HTTP server: what any server on this machine pays. */
    floor?: AtOnceTiming;
  };
}

const EXPORT_FORMATS_TIMED: ExportFormat[] = ["json", "csv", "xlsx", "docx"];

/** Times `work` with the report cache switched off, so every run builds the model from the database. */
function uncached<T>(work: () => Promise<T>): () => Promise<T> {
  return async () => {
    const before = process.env.REPORT_CACHE;
    process.env.REPORT_CACHE = "off";
    try {
      return await work();
    } finally {
      if (before === undefined) delete process.env.REPORT_CACHE;
      else process.env.REPORT_CACHE = before;
    }
  };
}

async function benchScale(scale: Scale, url: string, database: string, processCounts: number[]): Promise<Result> {
  console.log(
    `\n== ${scale.name} on ${database}: ${scale.agencies} agencies, ${scale.cycles} cycles, ${scale.standards * scale.itemsPerStandard} items`,
  );
  const seeded = await seed(scale, url);
  const { db, tool } = seeded;
  const returns = Number((await db("returns").count({ n: "*" }).first())?.n);
  const standardScores = Number((await db("standard_scores").count({ n: "*" }).first())?.n);
  console.log(`   seeded in ${seeded.seconds.toFixed(1)} s (${returns} returns, ${standardScores} standard scores)`);

  const page = tool.definition.survey.pages[0];
  const saveRuns = Math.min(400, seeded.leads.length * 2);
  const save = await time(saveRuns, (run) => {
    const index = Math.abs(run) % seeded.leads.length;
    const answers: Answers = {};
    for (const element of page.elements)
      if (element.type === "radiogroup" && element.name.endsWith("_q1")) answers[element.name] = run % 2 ? "fully" : "mostly";
    return saveReturnPage(db, seeded.leads[index], seeded.draftReturnIds[index], page.name, answers);
  });
  console.log(`   save a page: median ${ms(save.median)} ms, p95 ${ms(save.p95)} ms`);

  const submitRuns = Math.min(100, seeded.leads.length - 2);
  const submit = await time(
    submitRuns,
    async (run) => {
      const index = run < 0 ? seeded.leads.length + run : run;
      const result = await submitReturn(db, seeded.leads[index], seeded.draftReturnIds[index], {
        name: "Lead",
        role: "DSL",
        date: "2026-01-01",
      });
      if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
    },
    2,
  );
  console.log(`   submit (validate, score, store): median ${ms(submit.median)} ms, p95 ${ms(submit.p95)} ms`);

  const big = scale.agencies > 5000;
  const cycleId = seeded.cycleIds[seeded.cycleIds.length - 1];
  const earlierCycleId = seeded.cycleIds[seeded.cycleIds.length - 2];
  const buildBaseline = async () => {
    const report = await getBaselineReport(db, seeded.qa, cycleId);
    if (!report) throw new Error("no baseline report");
    return report;
  };
  const buildComparison = async () => {
    const result = await getComparisonReport(db, seeded.qa, earlierCycleId, cycleId);
    if (!result?.ok) throw new Error(`comparison failed: ${result ? result.message : "no report"}`);
    return result.report;
  };
  const baseline = await time(big ? 3 : 10, uncached(buildBaseline), 1);
  const baselineCached = await time(20, buildBaseline);
  const floor = await time(big ? 3 : 10, () => baselineFloor(db, cycleId), 1);
  const floorAsRead = await time(big ? 3 : 10, () => baselineFloorAsRead(db, cycleId), 1);
  const comparison = await time(big ? 3 : 10, uncached(buildComparison), 1);
  const comparisonCached = await time(20, buildComparison);
  console.log(
    `   baseline report model: built ${ms(baseline.median)} ms, cached ${ms(baselineCached.median)} ms; raw SQL floor ${ms(floor.median)} ms (built ×${(baseline.median / floor.median).toFixed(2)}); the same rows read as the build reads them ${ms(floorAsRead.median)} ms (built ×${(baseline.median / floorAsRead.median).toFixed(2)})`,
  );
  console.log(`   comparison report model: built ${ms(comparison.median)} ms, cached ${ms(comparisonCached.median)} ms`);

  const exports: ExportTiming[] = [];
  const baselineModel = await buildBaseline();
  const comparisonModel = await buildComparison();
  const context = { generatedAt: new Date().toISOString() };
  for (const format of EXPORT_FORMATS_TIMED) {
    let kb = 0;
    // Timed to the last byte of the stream, as a download or the CLI's file takes it.
    const baselineTiming = await time(
      big ? 1 : 3,
      async () => {
        kb = (await drain((await streamBaselineExport(baselineModel, format, context)).body)) / 1024;
      },
      1,
    );
    exports.push({ report: "baseline", format, median: baselineTiming.median, kb });
    const comparisonTiming = await time(
      big ? 1 : 3,
      async () => {
        kb = (await drain((await streamReportExport(comparisonModel, format, context)).body)) / 1024;
      },
      1,
    );
    exports.push({ report: "comparison", format, median: comparisonTiming.median, kb });
  }
  console.log(
    `   exports: ${exports.map((entry) => `${entry.report} ${entry.format} ${ms(entry.median)} ms (${entry.kb.toFixed(0)} KB)`).join(", ")}`,
  );
  const exportMemory: ExportMemory[] = [];
  for (const format of EXPORT_FORMATS_TIMED)
    exportMemory.push(await exportInChild({ url, qa: seeded.qa, earlierCycleId, cycleId, format }));
  console.log(
    `   comparison export, own process: ${exportMemory.map((entry) => `${entry.format} ${ms(entry.ms)} ms, peak RSS ${ms(entry.peakMb)} MB (model ${ms(entry.modelMb)} MB)`).join(", ")}`,
  );

  const survey = await seedPractitionerSurvey(db, scale, cycleId);
  // Results are held while a survey runs (decision 032): aggregated as they are once it has closed, then open
  // again for "50 at once", which needs its links taking answers.
  await db("practitioner_surveys").where({ id: survey.surveyId }).update({ closed_at: "2026-04-01T00:00:00.000Z" });
  const aggregate = await time(
    big ? 3 : 10,
    async () => {
      const results = await buildSurveyResults(db, survey.surveyId);
      if (!results || results.partnership.suppressed || results.partnership.n !== survey.responses)
        throw new Error(`the survey's results do not count ${survey.responses} responses`);
    },
    1,
  );
  await db("practitioner_surveys").where({ id: survey.surveyId }).update({ closed_at: null });
  console.log(
    `   practitioner survey: ${survey.responses} responses stored in ${survey.seconds.toFixed(1)} s; aggregated in ${ms(aggregate.median)} ms (slowest ${ms(aggregate.max)} ms)`,
  );

  const result: Result = {
    scale,
    database,
    seedSeconds: seeded.seconds,
    rows: { returns, standardScores },
    save,
    submit,
    baseline,
    baselineCached,
    comparison,
    comparisonCached,
    floor,
    floorAsRead,
    exports,
    exportMemory,
    pages: [],
    survey: { responses: survey.responses, seedSeconds: survey.seconds, aggregate, submits: [], floor: await httpFloorAtOnce(survey) },
  };
  const httpFloor = result.survey.floor;
  if (httpFloor)
    console.log(
      `   the same 50 at once against a bare HTTP server (the floor): p50 ${ms(httpFloor.median)} ms, p95 ${ms(httpFloor.p95)} ms (its first wave: p95 ${ms(httpFloor.firstWave.p95)} ms; each connecting anew: p95 ${ms(httpFloor.fresh.p95)} ms; with Node's fetch as the client: p95 ${ms(httpFloor.withFetch.p95)} ms)`,
    );
  await db.destroy();

  const paths = ["/cycles", `/cycles/${cycleId}`, `/cycles/${cycleId}/baseline`, "/agencies"];
  for (const processes of processCounts) {
    const server = await startServer(seeded.url, processes);
    try {
      const cookie = await signIn(server.base, "qa@bench.example");
      await load(server.base, cookie, paths, 4, 2);
      if (processes === 1) {
        result.single = [];
        for (const pagePath of paths) {
          let kb = 0;
          const timing = await time(10, async () => {
            const response = await fetch(`${server.base}${pagePath}`, { headers: { Cookie: cookie } });
            kb = (await response.arrayBuffer()).byteLength / 1024;
          });
          result.single.push({ path: pagePath.replace(String(cycleId), ":cycle"), median: timing.median, kb });
        }
        console.log(
          `   one request at a time: ${result.single.map((entry) => `${entry.path} ${ms(entry.median)} ms (${entry.kb.toFixed(0)} KB)`).join(", ")}`,
        );
        await server.eventLoopDelay();
        result.paced = await load(server.base, cookie, paths, 20, 10, 1000);
        result.pacedLoop = await server.eventLoopDelay();
        console.log(
          `   20 users pausing about 1 s between pages: p50 ${ms(result.paced.median)} ms, p95 ${ms(result.paced.p95)} ms, ${result.paced.rps.toFixed(0)} req/s; event-loop delay p99 ${result.pacedLoop.map((entry) => ms(entry.p99)).join(" + ")} ms`,
        );
      }
      const submitted = await submitAtOnce(server.base, survey, processes);
      const { withFetch } = submitted;
      result.survey.submits.push({ processes, timing: submitted, withFetch });
      console.log(
        `   50 practitioners sending at once (${processLabel(processes)}): in service (${AT_ONCE.countedWaves} waves after ${submitted.warmUpWaves} not counted): p50 ${ms(submitted.median)} ms, p95 ${ms(submitted.p95)} ms, slowest ${ms(submitted.max)} ms, ${submitted.errors} errors; right after a restart: ${atOnceCold(submitted)}; each connecting anew: ${atOnceFresh(submitted)}; ${atOnceOnTheWay(submitted)}; with Node's fetch as the client: p50 ${ms(withFetch.median)} ms, p95 ${ms(withFetch.p95)} ms`,
      );
      await server.eventLoopDelay();
      const pages = await load(server.base, cookie, paths, 20, 10);
      const loop = await server.eventLoopDelay();
      const rssMb = server.rssMb();
      result.pages.push({ processes, load: pages, startupMs: server.startupMs, rssMb, loop });
      console.log(
        `   ${processes} process${processes === 1 ? "" : "es"}, 20 connections: p50 ${ms(pages.median)} ms, p95 ${ms(pages.p95)} ms, p99 ${ms(pages.p99)} ms, ${pages.rps.toFixed(0)} req/s, ${pages.errors} errors; start-up ${ms(server.startupMs)} ms (rehearsing ${server.rehearsals.map((rehearsal) => `${rehearsal.responses} submits in ${rehearsal.ms} ms`).join(", ") || "nothing"}), peak RSS ${rssMb.map((mb) => ms(mb)).join(" + ")} MB`,
      );
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

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const processLabel = (processes: number) => (processes === 1 ? "1 process" : `${processes} processes`);

function markdown(results: Result[], machine: string, database: string): string {
  const county = results.find((result) => result.scale.name === "county");
  const lines: string[] = [
    database === "sqlite" ? "# Performance" : `# Performance on ${database}`,
    "",
    `Measured by \`npm run bench${database === "sqlite" ? "" : " -- --database=postgres"}\` (scripts/bench.ts); this file is rewritten by it. Synthetic data goes into`,
    database === "sqlite"
      ? "fresh SQLite files; timings use the real data functions, export renderers and, for pages, the production server"
      : "a fresh PostgreSQL cluster per scale (scripts/postgres.js: loopback, fsync off, as in the tests); timings use the real data functions, export renderers and, for pages, the production server",
    "(`server.js`) under load from 20 concurrent connections on loopback (closed loop: each connection sends its",
    "next request when the last is answered; the load generator runs on the same two cores). Report models are",
    "timed twice: **built** from the database (the cache off: the cost after any change to the cycle) and",
    "**cached** (unchanged cycle: one fingerprint query, decision 015). The floor is the raw SQL that reads the",
    "rows the baseline is built from (returns, current scores, standard scores and the stored item outcomes of one cycle),",
    "one JavaScript object per row as the database driver hands rows over. Since decision 028 the build reads the same",
    "values more cheaply than that (each score's standard scores as one JSON text), so a second, stricter yardstick is",
    "shown beside it: the build's own SQL for the same rows, its results received but not parsed. The verdict is",
    "against the floor as it has always been defined; the stricter ratio says how much of the build is JavaScript.",
    "",
    `Machine: ${machine}. Run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    "",
  ];
  if (county) {
    const ratio = county.baseline.median / county.floor.median;
    lines.push("## Targets at county scale (DESIGN §10)", "", "| target | measured | verdict |", "|---|---|---|");
    lines.push(
      `| baseline report ≤ ${TARGETS.baselineMs} ms | built ${ms(county.baseline.median)} ms (median of ${county.baseline.n}); cached ${ms(county.baselineCached.median)} ms | ${verdict(county.baseline.median, TARGETS.baselineMs)} |`,
      `| baseline within ${TARGETS.floorRatio}× the raw SQL floor | built ×${ratio.toFixed(2)} (floor ${ms(county.floor.median)} ms); cached ×${(county.baselineCached.median / county.floor.median).toFixed(2)}; against the build's own SQL for the same rows (${ms(county.floorAsRead.median)} ms, see below) built ×${(county.baseline.median / county.floorAsRead.median).toFixed(2)} | ${verdict(ratio, TARGETS.floorRatio)} |`,
      `| comparison report ≤ ${TARGETS.comparisonMs} ms | built ${ms(county.comparison.median)} ms; cached ${ms(county.comparisonCached.median)} ms | ${verdict(county.comparison.median, TARGETS.comparisonMs)} |`,
      `| save a page p95 ≤ ${TARGETS.saveP95Ms} ms | ${ms(county.save.p95)} ms (n = ${county.save.n}) | ${verdict(county.save.p95, TARGETS.saveP95Ms)} |`,
      `| submit p95 ≤ ${TARGETS.saveP95Ms} ms | ${ms(county.submit.p95)} ms (n = ${county.submit.n}) | ${verdict(county.submit.p95, TARGETS.saveP95Ms)} |`,
    );
    // DESIGN §10: p95 for 20 people pausing about a second between pages; throughput with 20 connections and no pause.
    if (county.paced) {
      lines.push(
        `| main pages p95 ≤ ${TARGETS.pageP95Ms} ms, 20 people pausing about 1 s (1 process) | ${ms(county.paced.p95)} ms (p50 ${ms(county.paced.median)} ms; event-loop delay p99 ${(county.pacedLoop ?? []).map((entry) => ms(entry.p99)).join(" + ")} ms) | ${verdict(county.paced.p95, TARGETS.pageP95Ms)} |`,
      );
    }
    for (const entry of county.pages) {
      const met = entry.load.errors === 0 && entry.load.rps >= TARGETS.pagesPerSecond;
      lines.push(
        `| ≥ ${TARGETS.pagesPerSecond} pages/s, 20 connections, no pause (${processLabel(entry.processes)}) | ${entry.load.rps.toFixed(0)} pages/s (p50 ${ms(entry.load.median)} ms, p95 ${ms(entry.load.p95)} ms) | ${entry.processes === 2 ? (met ? "met" : "**missed**") : "(the target is for 2 processes)"} |`,
      );
    }
    for (const entry of county.exports) {
      lines.push(
        `| county ${entry.report} ${entry.format.toUpperCase()} export ≤ ${TARGETS.countyExportMs} ms | ${ms(entry.median)} ms (${entry.kb.toFixed(0)} KB) | ${verdict(entry.median, TARGETS.countyExportMs)} |`,
      );
    }
    lines.push(
      `| practitioner survey of ${county.survey.responses.toLocaleString("en-GB")} responses aggregated ≤ ${TARGETS.surveyMs} ms | ${ms(county.survey.aggregate.median)} ms (median of ${county.survey.aggregate.n}; slowest ${ms(county.survey.aggregate.max)} ms) | ${verdict(county.survey.aggregate.median, TARGETS.surveyMs)} |`,
    );
    for (const { processes, timing, withFetch } of county.survey.submits) {
      lines.push(
        `| 50 practitioners submitting at once, p95 ≤ ${TARGETS.surveySubmitP95Ms} ms (${processLabel(processes)}, a server in service: after ${AT_ONCE.warmUpSubmits.toLocaleString("en-GB")} submits per process) | ${ms(timing.p95)} ms (p50 ${ms(timing.median)} ms, slowest ${ms(timing.max)} ms, n = ${timing.n}, ${timing.errors} errors; a bare HTTP server: p95 ${county.survey.floor ? ms(county.survey.floor.p95) : "–"} ms; ${atOnceOnTheWay(timing)}; with Node's fetch as the client instead: p95 ${ms(withFetch.p95)} ms, the bare server ${county.survey.floor ? ms(county.survey.floor.withFetch.p95) : "–"} ms) | ${verdict(timing.errors === 0 && withFetch.errors === 0 ? timing.p95 : undefined, TARGETS.surveySubmitP95Ms)} |`,
        `| 50 practitioners submitting at once, p95 ≤ ${TARGETS.surveySubmitP95Ms} ms (${processLabel(processes)}, right after a restart: the first ${AT_ONCE.coldWaves} waves) | ${atOnceCold(timing)} | ${verdict(timing.cold.errors === 0 ? timing.cold.p95 : undefined, TARGETS.surveySubmitP95Ms)} |`,
        `| beside the target: 50 at once, each phone connecting anew (${processLabel(processes)}, in service) | ${atOnceFresh(timing)}; a bare HTTP server: p95 ${county.survey.floor ? ms(county.survey.floor.fresh.p95) : "–"} ms | ${timing.fresh.errors === 0 && timing.fresh.p95 <= TARGETS.surveySubmitP95Ms ? "within 50 ms" : "**over 50 ms**"} |`,
      );
    }
    for (const entry of county.pages) {
      const total = sum(entry.rssMb);
      lines.push(
        `| server RSS ≤ ${TARGETS.rssMb} MB (${processLabel(entry.processes)}) | ${ms(total)} MB peak${entry.rssMb.length > 1 ? ` (${entry.rssMb.map((mb) => ms(mb)).join(" + ")})` : ""} | ${verdict(total, TARGETS.rssMb)} |`,
      );
    }
  } else {
    lines.push("## Targets at county scale (DESIGN §10)", "", "County scale was not run.");
  }
  lines.push(
    "",
    "## By scale",
    "",
    "| scale | agencies × cycles | returns | standard scores | seed | save p95 | submit p95 | baseline built / cached | comparison built / cached | floor | built ÷ floor | build's own SQL | built ÷ it |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const result of results) {
    lines.push(
      `| ${result.scale.name} | ${result.scale.agencies} × ${result.scale.cycles} | ${result.rows.returns} | ${result.rows.standardScores} | ${result.seedSeconds.toFixed(1)} s | ${ms(result.save.p95)} ms | ${ms(result.submit.p95)} ms | ${ms(result.baseline.median)} / ${ms(result.baselineCached.median)} ms | ${ms(result.comparison.median)} / ${ms(result.comparisonCached.median)} ms | ${ms(result.floor.median)} ms | ×${(result.baseline.median / result.floor.median).toFixed(2)} | ${ms(result.floorAsRead.median)} ms | ×${(result.baseline.median / result.floorAsRead.median).toFixed(2)} |`,
    );
  }
  lines.push(
    "",
    "## Pages under load (20 connections, 10 s)",
    "",
    "| scale | app processes | p50 / p95 / p99 | req/s | errors | start-up | peak RSS | event-loop delay p99 |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const result of results) {
    for (const entry of result.pages) {
      lines.push(
        `| ${result.scale.name} | ${entry.processes} | ${ms(entry.load.median)} / ${ms(entry.load.p95)} / ${ms(entry.load.p99)} ms | ${entry.load.rps.toFixed(0)} | ${entry.load.errors} | ${ms(entry.startupMs)} ms | ${ms(sum(entry.rssMb))} MB${entry.rssMb.length > 1 ? ` (${entry.rssMb.map((mb) => ms(mb)).join(" + ")})` : ""} | ${entry.loop.map((delay) => `${ms(delay.p99)} ms`).join(" + ") || "–"} |`,
      );
    }
  }
  lines.push(
    "",
    "Closed loop, as the target asks: 20 connections with no pause are 20 people clicking the moment each page arrives.",
    "At a person's pace (20 users, each pausing about a second after every page, one app process):",
    "",
    "| scale | p50 / p95 / p99 | req/s | errors | event-loop delay p99 / max |",
    "|---|---|---|---|---|",
  );
  for (const result of results) {
    if (!result.paced) continue;
    const loop = (result.pacedLoop ?? []).map((entry) => `${ms(entry.p99)} / ${ms(entry.max)} ms`).join(" + ") || "–";
    lines.push(
      `| ${result.scale.name} | ${ms(result.paced.median)} / ${ms(result.paced.p95)} / ${ms(result.paced.p99)} ms | ${result.paced.rps.toFixed(0)} | ${result.paced.errors} | ${loop} |`,
    );
  }
  lines.push(
    "",
    "## Practitioner survey",
    "",
    "Responses go in through the store-and-tally path a practitioner's answer takes; the aggregation builds the whole",
    "survey's results (every agency, role group and sector, with suppression) from the tallies. Sending at once: 50",
    "requests in flight together, each the last page of a survey through an agency's link from an address of its own,",
    "so the time covers reading, checking, scoring, storing and the redirect, in each role group and none. Two things",
    `are judged (decision 031). **A server in service**: V8 goes on optimising the code a submit runs through for a few`,
    `thousand submits after start-up, and each wave gets faster meanwhile, so ${AT_ONCE.warmUpSubmits.toLocaleString("en-GB")} submits per app process are sent`,
    `first and not counted, then ${AT_ONCE.countedWaves} waves per client are counted. **Right after a restart**: the first ${AT_ONCE.coldWaves} waves; each app`,
    "process rehearses submits (3,000 by default, server.js) before it serves, and keeps none of them (decision 033). Both are sent over connections the",
    `client opened before the first wave. **Each connecting anew**, shown beside the verdicts: ${AT_ONCE.freshWaves} more waves whose fifty connect inside`,
    "the clock, as phones do whose connection the server closed while their people read the page (decision 033). The",
    '"warming up" column shows the p95 of each stretch of waves in between (waves 11–30, 31–60, …), so a reader',
    "can see where the server settles. With one process a wave's fifty are stored together and finish together, so",
    `the p95 of ${AT_ONCE.countedWaves} counted waves is about the ${AT_ONCE.countedWaves / 20 + 1}${AT_ONCE.countedWaves / 20 + 1 === 2 ? "nd" : "th"} slowest wave; with two, each process stores its half. The floor is the same`,
    "fifty requests answered by a bare Node HTTP server (no framework, no database, one process): fifty requests",
    "arriving together queue for the machine's cores whatever answers them, and the bench's client shares them.",
    "The client is as light as a load generator can be (scripts/raw-http.ts: each request written whole on a",
    "keep-alive connection, only the status read back; decision 029): the phones are not on the server's cores, so",
    "the less of them the client spends, the more truly it measures the server. The same waves sent with Node's",
    "`fetch` (several hundred microseconds of CPU a request) are shown beside them; the waves alternate between the",
    "two clients, so both meet the server equally warmed up.",
    "",
    `| scale | responses | stored in | aggregated (median / slowest) | 50 at once in service p50 / p95 (app processes) | right after a restart: the first ${AT_ONCE.coldWaves} waves p95 (the first wave; waves 2–${AT_ONCE.coldWaves}) | warming up: p95 of each stretch of waves | each connecting anew p95 (floor) | with fetch as the client p95 | floor p50 / p95 (with fetch) | errors |`,
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const result of results) {
    const submits = result.survey.submits;
    lines.push(
      `| ${result.scale.name} | ${result.survey.responses.toLocaleString("en-GB")} | ${result.survey.seedSeconds.toFixed(1)} s | ${ms(result.survey.aggregate.median)} / ${ms(result.survey.aggregate.max)} ms | ${submits.map(({ processes, timing }) => `${ms(timing.median)} / ${ms(timing.p95)} ms (${processes})`).join("; ") || "–"} | ${submits.map(({ processes, timing }) => `${ms(timing.cold.p95)} ms (${ms(timing.firstWave.p95)}; ${ms(timing.restOfCold.p95)} ms) (${processes})`).join("; ") || "–"} | ${submits.map(({ processes, timing }) => `${timing.curve.map(({ timing: stretch }) => ms(stretch.p95)).join(" → ")} ms (${processes})`).join("; ") || "–"} | ${submits.map(({ processes, timing }) => `${ms(timing.fresh.p95)} ms (${processes})`).join("; ") || "–"}${result.survey.floor ? ` (${ms(result.survey.floor.fresh.p95)} ms)` : ""} | ${submits.map(({ processes, withFetch }) => `${ms(withFetch.p95)} ms (${processes})`).join("; ") || "–"} | ${result.survey.floor ? `${ms(result.survey.floor.median)} / ${ms(result.survey.floor.p95)} ms (${ms(result.survey.floor.withFetch.p95)} ms)` : "–"} | ${submits.map(({ timing, withFetch }) => timing.errors + withFetch.errors + timing.fresh.errors).join(" + ") || "–"} |`,
    );
  }
  lines.push(
    "",
    "## Each page on its own (one request at a time, one process)",
    "",
    "| scale | page | median | size |",
    "|---|---|---|---|",
  );
  for (const result of results)
    for (const entry of result.single ?? [])
      lines.push(`| ${result.scale.name} | \`${entry.path}\` | ${ms(entry.median)} ms | ${entry.kb.toFixed(0)} KB |`);
  lines.push("", "## Exports (rendering a built model)", "", "| scale | report | JSON | CSV | XLSX | DOCX |", "|---|---|---|---|---|---|");
  for (const result of results) {
    for (const report of ["baseline", "comparison"] as const) {
      const cell = (format: ExportFormat) => {
        const entry = result.exports.find((candidate) => candidate.report === report && candidate.format === format);
        return entry ? `${ms(entry.median)} ms (${entry.kb.toFixed(0)} KB)` : "–";
      };
      lines.push(`| ${result.scale.name} | ${report} | ${cell("json")} | ${cell("csv")} | ${cell("xlsx")} | ${cell("docx")} |`);
    }
  }
  lines.push(
    "",
    "## Exports in a process of their own (the comparison report, streamed to its last byte)",
    "",
    'Peak RSS is the process\'s high-water mark (VmHWM) at the end of the export; "model" is that mark once the',
    "model was built and exceljs loaded, before the export began. XLSX, CSV and JSON are streamed; DOCX is built whole, its tables",
    "capped (docs/decisions/024-streamed-exports.md).",
    "",
    "| scale | format | time | size | peak RSS | of which the model |",
    "|---|---|---|---|---|---|",
  );
  for (const result of results) {
    for (const entry of result.exportMemory)
      lines.push(
        `| ${result.scale.name} | ${entry.format.toUpperCase()} | ${ms(entry.ms)} ms | ${entry.kb.toFixed(0)} KB | ${ms(entry.peakMb)} MB | ${ms(entry.modelMb)} MB |`,
      );
  }
  lines.push(
    "",
    "What the figures mean, what was changed to reach them and what the misses would take is in",
    "[docs/decisions/015-speed-and-memory.md](decisions/015-speed-and-memory.md), [026](decisions/026-stored-outcomes-and-survey-counts.md), [027](decisions/027-quick-submit-and-sockets-sent-at-once.md), [028](decisions/028-baseline-reads-json-and-packed-outcomes.md), [029](decisions/029-a-light-client-for-fifty-at-once.md), [030](decisions/030-fifty-at-once-cheaper-and-measured-warm.md), [031](decisions/031-fifty-at-once-counted-once-optimised.md) and [033](decisions/033-a-start-up-rehearsal-for-fifty-at-once.md) (earlier findings: decision 005).",
    database === "sqlite"
      ? "PostgreSQL figures: [PERFORMANCE-postgres.md](PERFORMANCE-postgres.md)."
      : "SQLite figures: [PERFORMANCE.md](PERFORMANCE.md).",
    "",
    "## How to reproduce",
    "",
    "```sh",
    "npm run build                                   # the page figures use the production build",
    "npm run bench                                   # small and county on SQLite",
    "npm run bench -- --scales=small,county,national # and the 20,000-agency scale",
    "npm run bench -- --database=postgres --scales=small,county,national   # on a throwaway PostgreSQL",
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
  const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
  const childJob = option("export-child");
  if (childJob !== undefined) return exportChild(JSON.parse(Buffer.from(childJob, "base64url").toString("utf8")) as ExportChildJob);
  const scales = (option("scales") ?? "small,county").split(",").map((name) => {
    const scale = SCALES[name.trim()];
    if (!scale) throw new Error(`Unknown scale "${name}": use small, county or national`);
    return scale;
  });
  const database = option("database") ?? "sqlite";
  if (database !== "sqlite" && database !== "postgres") throw new Error(`Unknown database "${database}": use sqlite or postgres`);
  const processCounts = (option("processes") ?? "1,2").split(",").map((value) => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 1 || count > 16)
      throw new Error(`--processes takes whole numbers from 1 to 16, like 1,2 (got "${value}")`);
    return count;
  });
  if (!fs.existsSync("build/index.js")) throw new Error("No production build: run `npm run build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-bench-"));
  const results: Result[] = [];
  try {
    for (const scale of scales) {
      if (database === "sqlite") {
        results.push(await benchScale(scale, `file:${path.join(dir, `${scale.name}.db`)}`, "SQLite", processCounts));
      } else {
        // scripts/postgres.js is a plain ES module (no types): loaded by a path TypeScript does not follow.
        const postgresModule = "./postgres.js";
        const { startPostgres } = (await import(postgresModule)) as {
          startPostgres(options: { database: string }): Promise<{ url: string; version: string; stop(): void }>;
        };
        const pg = await startPostgres({ database: `bench_${scale.name}` });
        try {
          results.push(await benchScale(scale, pg.url, pg.version.replace(/^postgres \(PostgreSQL\) /, "PostgreSQL "), processCounts));
        } finally {
          pg.stop();
        }
      }
    }
  } finally {
    if (args.includes("--keep") && database === "sqlite") console.log(`\nKept the generated databases in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const text = markdown(results, machine, database === "sqlite" ? "sqlite" : (results[0]?.database ?? "PostgreSQL"));
  const file = database === "sqlite" ? "docs/PERFORMANCE.md" : "docs/PERFORMANCE-postgres.md";
  if (!args.includes("--no-write")) {
    fs.writeFileSync(file, text);
    console.log(`\nWrote ${file}`);
  } else {
    console.log(`\n${text}`);
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
