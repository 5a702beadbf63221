import { inject } from "vitest";
import { createDb, type Db } from "~/data/db.server";

/** A second connection to the database the e2e server uses, for checking what was (not) written. */
export function serverDb(): Db {
  return createDb(inject("databaseUrl"));
}

export async function returnIdOf(db: Db, agencySlug: string, cycleTitle = "Section 11 audit 2026"): Promise<number> {
  const row = await db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .where({ "agencies.slug": agencySlug, "cycles.title": cycleTitle })
    .select("returns.id")
    .first();
  if (!row) throw new Error(`No return for ${agencySlug} in ${cycleTitle}`);
  return row.id;
}
