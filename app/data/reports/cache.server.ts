import type { Db } from "../db.server";

/**
 * Built report models, kept in this process and reused while the data they were built from is
 * unchanged (decision 005, item 3). A report page, its exports and the API all ask for the same model;
 * building it reads every return, score and standard score of a cycle (tens of milliseconds at county
 * scale), while checking that nothing changed is one small aggregate query.
 *
 * The check is a **fingerprint** of the cycle's inputs read from the database, not an in-process
 * "invalidate on write" signal, so it stays right when several app servers share one database (decision
 * 013) and when the CLI writes: any change to a return (every write sets `updated_at` and most bump
 * `revision`; new returns change the count; a change of status changes a weighted sum), a new score (scores are appended), a moderation (appended;
 * the old one is superseded), an agency's name or sector, or the cycle's own dates and title changes it.
 *
 * Only partnership-wide viewers (admin, QA) share an entry; an agency's own view is one return and is
 * built each time. Callers must treat a model as read-only: outside production each cached model is
 * deeply frozen, so a caller that mutates one fails its tests instead of corrupting the next reader's
 * report.
 */

const MAX_ENTRIES = 24;

interface Entry {
  fingerprint: string;
  value: Promise<unknown>;
}

/** One cache per database handle: tests open many databases whose cycle ids coincide. */
const caches = new WeakMap<Db, Map<string, Entry>>();

function cacheOf(db: Db): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** The cache is on unless REPORT_CACHE=off (for comparing timings, or ruling it out when debugging). */
export function reportCacheEnabled(): boolean {
  return process.env.REPORT_CACHE !== "off";
}

/**
 * A text that changes whenever anything a cycle's reports are built from changes. One round trip:
 * every part is a scalar subquery over indexed columns.
 */
export async function cycleFingerprint(db: Db, cycleId: number): Promise<string> {
  const ofCycle = (alias: string) => db("returns").where(`${alias}.cycle_id`, cycleId);
  const row = await db
    .select(
      db("cycles").where("id", cycleId).select(db.raw("coalesce(title, '') || '|' || coalesce(status, '') || '|' || coalesce(opens_on, '') || '|' || coalesce(due_on, '') || '|' || tool_id")).as("cycle"),
      ofCycle("returns").count("*").as("returns"),
      ofCycle("returns").max("updated_at").as("updated"),
      ofCycle("returns").sum("revision").as("revisions"),
      // Each return's status weighted by its id: any one return changing status changes the sum, even a write that forgot `updated_at`.
      ofCycle("returns")
        .select(db.raw("sum(returns.id * case returns.status when 'not_started' then 1 when 'in_progress' then 2 when 'submitted' then 3 when 'returned' then 4 when 'validated' then 5 else 6 end)"))
        .as("statuses"),
      db("scores").join("returns", "returns.id", "scores.return_id").where("returns.cycle_id", cycleId).max("scores.id").as("score"),
      db("moderations").join("returns", "returns.id", "moderations.return_id").where("returns.cycle_id", cycleId).max("moderations.id").as("moderation"),
      db("moderations").join("returns", "returns.id", "moderations.return_id").where("returns.cycle_id", cycleId).whereNotNull("moderations.superseded_at").count("*").as("superseded"),
      db("agencies").max("updated_at").as("agencies_updated"),
      db("agencies").count("*").as("agencies"),
    )
    .first();
  return [row?.cycle, row?.returns, row?.updated, row?.revisions, row?.statuses, row?.score, row?.moderation, row?.superseded, row?.agencies_updated, row?.agencies].map((part) => String(part ?? "")).join("/");
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/**
 * The model for `key` built from `cycleIds`, from the cache when none of those cycles' fingerprints has
 * changed since it was built, otherwise built now (concurrent requests for the same model share one
 * build). The fingerprint is read *before* building: a write that lands during the build makes the next
 * request rebuild, never keeps a stale model.
 */
export function cachedReport<T>(db: Db, key: string, cycleIds: number[], build: () => Promise<T>): Promise<T> {
  return cachedModel(db, key, async () => (await Promise.all(cycleIds.map((cycleId) => cycleFingerprint(db, cycleId)))).join("#"), build);
}

/** `cachedReport` for a model whose inputs another fingerprint describes (read before building, as above). */
export async function cachedModel<T>(db: Db, key: string, fingerprintOf: () => Promise<string>, build: () => Promise<T>): Promise<T> {
  if (!reportCacheEnabled()) return build();
  const fingerprint = await fingerprintOf();
  const cache = cacheOf(db);
  const hit = cache.get(key);
  if (hit && hit.fingerprint === fingerprint) {
    // Most recently used last, so eviction takes the least recently used.
    cache.delete(key);
    cache.set(key, hit);
    return hit.value as Promise<T>;
  }
  const entry: Entry = { fingerprint, value: build().then((model) => (process.env.NODE_ENV === "production" ? model : deepFreeze(model))) };
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  // A failed build is not kept: the next request tries again.
  entry.value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return entry.value as Promise<T>;
}

/** Per cached model: what was last derived from it, by name. */
const derived = new WeakMap<object, Map<string, { parts: unknown[]; small: string; value: unknown }>>();

/**
 * A model derived in memory from cached models and a few small inputs (the assurance view from the
 * baseline and the survey results, with the scorecard's and case audits' latest grades): rebuilt only
 * when one of the cached models was rebuilt (`from` and `parts`, compared by identity, so their own
 * fingerprints decide) or a small input changed (compared by value). Read-only, like any cached model.
 */
export function derivedModel<T>(from: object, key: string, parts: unknown[], small: unknown, build: () => T): T {
  if (!reportCacheEnabled()) return build();
  const text = JSON.stringify(small, (_, value: unknown) => (value instanceof Map || value instanceof Set ? [...value] : value));
  let entries = derived.get(from);
  if (!entries) derived.set(from, (entries = new Map()));
  const last = entries.get(key);
  if (last && last.small === text && last.parts.length === parts.length && last.parts.every((part, index) => part === parts[index])) return last.value as T;
  const value = process.env.NODE_ENV === "production" ? build() : deepFreeze(build());
  entries.set(key, { parts, small: text, value });
  return value;
}
