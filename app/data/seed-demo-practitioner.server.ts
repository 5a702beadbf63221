import type { Db } from "./db.server";
import { importPractitionerResponses, openPractitionerSurvey, type ImportedResponse } from "./practitioner.server";
import type { RoleGroup } from "~/domain/practitioner";
import type { ToolDefinition } from "~/domain/tool-schema";
import { parseJson } from "./db.server";

/**
 * The practitioner surveys on the demo's open 2026 Section 11 cycle (DESIGN §11). The first ran for five weeks
 * and closed five days ago, so its results show (results are held while a survey runs), with staff responses
 * that show each part of the feature:
 *
 *   Council         14 responses: shown. Its staff disagree about supervision (S11-8) and speaking up
 *                   (S11-9); where its self rating sits above what staff say (speaking up, and others the
 *                   council rates generously), the standard carries a staff-evidence gap.
 *   Police          12 responses: shown (its role groups are too small and are withheld).
 *   Hospitals       22 responses, 11 frontline and 11 managers: shown, and by role group too.
 *   Community health 11 responses: shown.
 *   Probation       5 and Youth justice 6: each withheld as a small group; together (11) they cover each
 *                   other, so no other agency's figure has to be withheld to protect them.
 *
 * A second survey opened two days ago and runs for another four weeks, with no answers yet: every agency lead
 * has a link to try, and the first survey's results stand on the cycle until it closes.
 */

interface DemoAgencyPlan {
  name: string;
  /** How many people answered, by role group (null = role not given). */
  people: [RoleGroup | null, number][];
  /** Share of staff who agree, by default and for chosen standards. */
  agree: number;
  standards?: Record<string, number>;
}

const PLAN: DemoAgencyPlan[] = [
  { name: "Northshire County Council", people: [["frontline", 9], ["manager", 3], [null, 2]], agree: 0.8, standards: { "S11-8": 0.2, "S11-9": 0.25 } },
  { name: "Northshire Police", people: [["frontline", 8], ["other", 4]], agree: 0.7 },
  { name: "Northshire Hospitals NHS Foundation Trust", people: [["frontline", 11], ["manager", 11]], agree: 0.9 },
  { name: "Northshire Community Health NHS Trust", people: [["frontline", 7], [null, 4]], agree: 0.75 },
  { name: "Probation Service, Northshire region", people: [["frontline", 5]], agree: 0.5 },
  { name: "Northshire Youth Justice Service", people: [["frontline", 4], ["manager", 2]], agree: 0.6 },
];

/** A small deterministic generator, so the demo is the same on every machine (tests rely on its facts). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function isoDate(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

export async function seedDemoPractitioner(db: Db, cycleId: number): Promise<void> {
  const tool = await db("tools").where({ code: "practitioner-s11", version: "2026.1" }).first();
  if (!tool) throw new Error("surveys/practitioner-s11 is missing: the demo's practitioner survey needs it");
  const qa = await db("users").where({ email: "qa@example.org" }).first();
  const opened = await openPractitionerSurvey(db, qa?.id ?? null, { cycleId, toolId: tool.id, opensOn: isoDate(-40), closesOn: isoDate(-5) });
  if (!opened.ok) throw new Error(`Demo practitioner survey: ${opened.message}`);
  const definition = parseJson<ToolDefinition>(tool.definition, null as never);
  const responses: ImportedResponse[] = [];
  PLAN.forEach((plan, planIndex) => {
    const random = generator(2026 + planIndex);
    for (const [roleGroup, count] of plan.people) {
      for (let person = 0; person < count; person += 1) {
        const answers = Object.fromEntries(
          Object.entries(definition.items).map(([question, rule]) => {
            const share = plan.standards?.[rule.standard] ?? plan.agree;
            const roll = random();
            // About one answer in twelve is "don't know": people answer honestly about what they have not seen.
            const value = roll < 0.08 ? "dont_know" : random() < share ? (random() < 0.4 ? "strongly_agree" : "agree") : random() < 0.7 ? "disagree" : "strongly_disagree";
            return [question, value];
          }),
        );
        responses.push({ agencyName: plan.name, roleGroup, answers, rows: [responses.length + 1] });
      }
    }
  });
  const imported = await importPractitionerResponses(db, null, opened.id, responses);
  if (!imported.ok) throw new Error(`Demo practitioner responses: ${imported.errors.join("; ")}`);
  const running = await openPractitionerSurvey(db, qa?.id ?? null, { cycleId, toolId: tool.id, opensOn: isoDate(-2), closesOn: isoDate(26) });
  if (!running.ok) throw new Error(`Demo practitioner survey: ${running.message}`);
}
