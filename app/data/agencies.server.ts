import { z } from "zod";
import { SECTORS, type Sector } from "~/domain/tool-schema";
import { canReadPartnership, isAgencyRole, type Viewer } from "~/domain/permissions";
import { SECTOR_LABELS, containsPattern, type AgencyListQuery } from "~/domain/agency";
import { pageWindow, type PageWindow } from "~/domain/cycle-dashboard";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";

export interface Agency {
  id: number;
  name: string;
  slug: string;
  sector: Sector;
  contactEmail: string | null;
  /** Set when the agency closed or merged: kept in past cycles and reports, not offered for new ones. */
  deactivatedAt: string | null;
}

const AgencyRow = z.object({
  id: z.number(),
  name: z.string(),
  slug: z.string(),
  sector: z.enum(SECTORS),
  contact_email: z.string().nullable(),
  deactivated_at: z.string().nullable().optional(),
});

function toAgency(row: unknown): Agency {
  const parsed = AgencyRow.parse(row);
  return { id: parsed.id, name: parsed.name, slug: parsed.slug, sector: parsed.sector, contactEmail: parsed.contact_email, deactivatedAt: parsed.deactivated_at ?? null };
}

/** Agencies the viewer may see: all for admin and QA, their own for agency roles, none for board. */
function scoped(db: Db, viewer: Viewer) {
  const query = db("agencies").select("id", "name", "slug", "sector", "contact_email", "deactivated_at");
  if (isAgencyRole(viewer.role)) query.where("id", viewer.agencyId);
  else if (!canReadPartnership(viewer)) query.whereRaw("1 = 0");
  return query;
}

/** `activeOnly` leaves out deactivated agencies (for choosing one anew), except `alsoId`, the one already chosen. */
export async function listAgencies(db: Db, viewer: Viewer, options: { activeOnly?: boolean; alsoId?: number | null } = {}): Promise<Agency[]> {
  const query = scoped(db, viewer).orderBy("name");
  if (options.activeOnly) query.where((inner) => inner.whereNull("deactivated_at").orWhere("id", options.alsoId ?? -1));
  return (await query).map(toAgency);
}

export const AGENCIES_PAGE_SIZE = 50;

/**
 * One page of the agencies list, filtered by part of the name and by sector, in name order; the
 * filtering and paging happen in SQL, so a partnership of thousands of schools costs one page.
 */
export async function listAgenciesPage(db: Db, viewer: Viewer, query: AgencyListQuery): Promise<{ agencies: Agency[]; total: number; window: PageWindow }> {
  const filtered = () => {
    const builder = scoped(db, viewer);
    if (query.search) builder.whereRaw("lower(name) like ? escape ?", [containsPattern(query.search), "\\"]);
    if (query.sector) builder.where("sector", query.sector);
    return builder;
  };
  const counted = await filtered().clearSelect().count({ n: "*" }).first();
  const total = Number(counted?.n ?? 0);
  const window = pageWindow(query.page, total, AGENCIES_PAGE_SIZE);
  const rows = await filtered().orderBy("name").limit(AGENCIES_PAGE_SIZE).offset(window.offset);
  return { agencies: rows.map(toAgency), total, window };
}

export async function getAgency(db: Db, viewer: Viewer, id: number): Promise<Agency | null> {
  const row = await scoped(db, viewer).where("id", id).first();
  return row ? toAgency(row) : null;
}

export interface AgencyInput {
  name: string;
  sector: Sector;
  contactEmail: string | null;
}

export class DuplicateAgencyError extends Error {
  constructor(name: string) {
    super(`An agency called ${name} already exists`);
  }
}

export function slugify(name: string): string {
  return name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "agency";
}

async function uniqueSlug(db: Db, name: string, exceptId?: number): Promise<string> {
  const base = slugify(name);
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const clash = await db("agencies").where({ slug: candidate }).whereNot("id", exceptId ?? -1).first();
    if (!clash) return candidate;
  }
}

async function nameTaken(db: Db, name: string, exceptId?: number): Promise<boolean> {
  return Boolean(await db("agencies").whereRaw("lower(name) = ?", [name.trim().toLowerCase()]).whereNot("id", exceptId ?? -1).first());
}

export async function createAgency(db: Db, actorId: number | null, input: AgencyInput, slug?: string): Promise<Agency> {
  return db.transaction(async (trx) => {
    if (await nameTaken(trx, input.name)) throw new DuplicateAgencyError(input.name.trim());
    const now = nowIso();
    const [row] = await trx("agencies")
      .insert({ name: input.name.trim(), slug: slug ?? (await uniqueSlug(trx, input.name)), sector: input.sector, contact_email: input.contactEmail, created_at: now, updated_at: now })
      .returning("id");
    const id = typeof row === "object" ? row.id : row;
    await recordAudit(trx, { userId: actorId, action: "agency.create", entityType: "agency", entityId: id, summary: { after: input } });
    return toAgency(await trx("agencies").where({ id }).first());
  });
}

export async function updateAgency(db: Db, actorId: number | null, id: number, input: AgencyInput): Promise<Agency | null> {
  return db.transaction(async (trx) => {
    const before = await trx("agencies").where({ id }).first();
    if (!before) return null;
    if (await nameTaken(trx, input.name, id)) throw new DuplicateAgencyError(input.name.trim());
    await trx("agencies").where({ id }).update({ name: input.name.trim(), sector: input.sector, contact_email: input.contactEmail, updated_at: nowIso() });
    await recordAudit(trx, {
      userId: actorId,
      action: "agency.update",
      entityType: "agency",
      entityId: id,
      summary: { before: { name: before.name, sector: before.sector, contactEmail: before.contact_email }, after: input },
    });
    return toAgency(await trx("agencies").where({ id }).first());
  });
}

/**
 * Deactivates an agency that closed or merged, or reactivates it. A deactivated agency keeps its returns
 * and stays in every past cycle and report; it is left out when a cycle opens, and of the agencies offered
 * for a new person. Its people keep their accounts (the business office deactivates them separately).
 */
export async function setAgencyActive(db: Db, actor: Viewer, id: number, active: boolean): Promise<{ ok: true; name: string } | { ok: false; status: 404 | 409; message: string }> {
  if (actor.role !== "admin") return { ok: false, status: 404, message: "Agency not found" };
  return db.transaction(async (trx) => {
    const agency = await trx("agencies").where({ id }).first();
    if (!agency) return { ok: false as const, status: 404 as const, message: "Agency not found" };
    if (Boolean(agency.deactivated_at) !== active) return { ok: false as const, status: 409 as const, message: `${agency.name} is already ${active ? "active" : "deactivated"}` };
    const now = nowIso();
    await trx("agencies").where({ id }).update({ deactivated_at: active ? null : now, updated_at: now });
    await recordAudit(trx, { userId: actor.id, action: active ? "agency.reactivate" : "agency.deactivate", entityType: "agency", entityId: id, summary: { name: agency.name } });
    return { ok: true as const, name: agency.name as string };
  });
}

/**
 * Imports agencies as a whole (the business office's spreadsheet): each is matched by name, any
 * case; a new name is added, a known one updated where its sector or contact differs. One
 * transaction: either every row is applied or none is.
 */
export async function importAgencies(db: Db, actorId: number | null, rows: AgencyInput[]): Promise<{ added: number; updated: number; unchanged: number }> {
  return db.transaction(async (trx) => {
    const counts = { added: 0, updated: 0, unchanged: 0 };
    for (const row of rows) {
      const existing = await trx("agencies").whereRaw("lower(name) = ?", [row.name.trim().toLowerCase()]).first();
      if (!existing) {
        await createAgency(trx, actorId, row);
        counts.added += 1;
      } else if (existing.sector !== row.sector || (existing.contact_email ?? null) !== row.contactEmail) {
        await updateAgency(trx, actorId, existing.id, { ...row, name: existing.name });
        counts.updated += 1;
      } else counts.unchanged += 1;
    }
    return counts;
  });
}

export interface AgencyImportPreview {
  added: AgencyInput[];
  /** Each known agency the file changes, with what changes ("Sector: Health → Police"). */
  updated: { name: string; changes: string[] }[];
  unchanged: number;
}

/**
 * What importAgencies would do with these rows, without writing: the agencies it would add and, for each
 * it would update, what would change. Matched by name in any case, as the import itself matches.
 */
export async function previewAgencyImport(db: Db, rows: AgencyInput[]): Promise<AgencyImportPreview> {
  const existing = new Map<string, { name: string; sector: Sector; contact_email: string | null }>();
  for (const row of await db("agencies").select("name", "sector", "contact_email")) existing.set(String(row.name).toLowerCase(), row);
  const preview: AgencyImportPreview = { added: [], updated: [], unchanged: 0 };
  for (const row of rows) {
    const known = existing.get(row.name.trim().toLowerCase());
    if (!known) {
      preview.added.push(row);
      continue;
    }
    const changes: string[] = [];
    if (known.sector !== row.sector) changes.push(`Sector: ${SECTOR_LABELS[known.sector]} → ${SECTOR_LABELS[row.sector]}`);
    if ((known.contact_email ?? null) !== row.contactEmail) changes.push(`Safeguarding contact: ${known.contact_email ?? "none"} → ${row.contactEmail ?? "none"}`);
    if (changes.length > 0) preview.updated.push({ name: known.name, changes });
    else preview.unchanged += 1;
  }
  return preview;
}
