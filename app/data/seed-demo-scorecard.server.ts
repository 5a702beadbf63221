import { importIndicators, importObservations, type ObservationImportRow } from "./scorecard.server";
import { IndicatorInputSchema, ObservationInputSchema, periodOf, previousPeriod } from "~/domain/scorecard";
import type { Db } from "./db.server";

/**
 * The demo's scorecard (DESIGN §13): a starter set of indicators drawn from the five themes of the DfE's
 * safeguarding performance information framework, each with the last four complete quarters of figures.
 *
 *   RR-12   Re-referrals within 12 months (the council's): its definition changed in the third quarter,
 *           so the series shows a break and no direction of travel across it.
 *   CPP-2Y  Child protection plans lasting 2 years or more (the council's).
 *   LADO-30 LADO referrals resolved within 30 days (the partnership's own, entered by the business office).
 *   TRN-UTD Staff with up-to-date safeguarding training (the police's): the latest quarter is not in yet,
 *           so it is chased like a late return.
 *   RI-72   Return interviews within 72 hours (the council's).
 *   MASH-1  Days from MASH contact to decision (the police's), a "how much / how well" measure in days.
 */

const INDICATORS = [
  { code: "RR-12", title: "Re-referrals within 12 months", definition: "Referrals to children's social care within 12 months of a previous referral, as a share of all referrals", unit: "percent", polarity: "lower", target: "22", greenTolerance: "0", amberTolerance: "3", frequency: "quarterly", quadrant: "better_off", theme: "cp_activity", owner: "council", linkedStandards: "S11-10" },
  { code: "CPP-2Y", title: "Child protection plans lasting 2 years or more", definition: "Child protection plans ending in the quarter that had lasted 2 years or more, as a share of all plans ending", unit: "percent", polarity: "lower", target: "2", greenTolerance: "0.5", amberTolerance: "1.5", frequency: "quarterly", quadrant: "how_well", theme: "plans", owner: "council", linkedStandards: "S11-11" },
  { code: "LADO-30", title: "LADO referrals resolved within 30 days", definition: "Allegations against people who work with children referred to the LADO and concluded within 30 working days", unit: "percent", polarity: "higher", target: "80", greenTolerance: "0", amberTolerance: "10", frequency: "quarterly", quadrant: "how_well", theme: "decisions", owner: "", linkedStandards: "S11-7, S11-9" },
  { code: "TRN-UTD", title: "Staff with up-to-date safeguarding training", definition: "Staff in child-facing roles whose safeguarding training at their role's level is within its renewal period", unit: "percent", polarity: "higher", target: "95", greenTolerance: "0", amberTolerance: "5", frequency: "quarterly", quadrant: "how_well", theme: "workforce", owner: "police", linkedStandards: "S11-6" },
  { code: "RI-72", title: "Return interviews within 72 hours", definition: "Children returning from a missing episode who were offered a return interview within 72 hours", unit: "percent", polarity: "higher", target: "85", greenTolerance: "0", amberTolerance: "10", frequency: "quarterly", quadrant: "better_off", theme: "outcomes", owner: "council", linkedStandards: "S11-5" },
  { code: "MASH-1", title: "Working days from MASH contact to decision", definition: "Median working days from a contact reaching the MASH to the decision on it", unit: "days", polarity: "lower", target: "1", greenTolerance: "0", amberTolerance: "1", frequency: "quarterly", quadrant: "how_much", theme: "decisions", owner: "police", linkedStandards: "" },
];

const RR_NEW_DEFINITION = "Referrals to children's social care within 12 months of a previous referral, as a share of all referrals, now counting contacts the MASH progressed to referral";

/** Figures per quarter, oldest first: [numerator, denominator] for ratios, a value for days; null = not in yet. */
const FIGURES: Record<string, ([number, number] | number | null)[]> = {
  "RR-12": [[118, 560], [131, 575], [162, 590], [150, 602]],
  "CPP-2Y": [[3, 96], [2, 101], [4, 88], [2, 94]],
  "LADO-30": [[21, 30], [24, 31], [26, 33], [29, 34]],
  "TRN-UTD": [[1710, 1860], [1752, 1871], [1790, 1880], null],
  "RI-72": [[88, 120], [97, 124], [104, 126], [110, 128]],
  "MASH-1": [1.6, 1.3, 1.1, 0.9],
};

const COMMENTARY: Record<string, string> = {
  "RR-12:2": "The rise follows the new definition, which counts MASH contacts progressed to referral: not a change in practice.",
  "LADO-30:3": "A second LADO officer in post since the start of the quarter.",
  "RI-72:0": "Out-of-hours return interviews commissioned from the youth service.",
};

/** The last four complete quarters before `today` (YYYY-MM-DD), oldest first. */
export function demoQuarters(today: string): string[] {
  let quarter = previousPeriod(periodOf(today, "quarterly"));
  const quarters = [quarter];
  for (let step = 0; step < 3; step += 1) {
    quarter = previousPeriod(quarter);
    quarters.unshift(quarter);
  }
  return quarters;
}

export async function seedDemoScorecard(db: Db, adminId: number | null, agencyIds: Map<string, number>, today = new Date().toISOString().slice(0, 10)): Promise<void> {
  const names = new Map<number, string>((await db("agencies").select("id", "name")).map((row: { id: number; name: string }) => [row.id, row.name]));
  const inputs = INDICATORS.map((entry, index) => ({ line: index + 2, input: IndicatorInputSchema.parse({ ...entry, owner: entry.owner ? String(agencyIds.get(entry.owner)) : "" }) }));
  const defined = await importIndicators(db, adminId, inputs);
  if (!defined.ok) throw new Error(`Demo indicators: ${defined.problems.map((problem) => problem.text).join("; ")}`);
  const quarters = demoQuarters(today);
  const rows = (upTo: number, from = 0): ObservationImportRow[] =>
    INDICATORS.flatMap((entry) =>
      FIGURES[entry.code].flatMap((figure, index): ObservationImportRow[] => {
        if (figure === null || index < from || index >= upTo) return [];
        const [numerator, denominator] = Array.isArray(figure) ? figure.map(String) : ["", ""];
        const input = ObservationInputSchema.parse({ period: quarters[index], value: Array.isArray(figure) ? "" : String(figure), numerator, denominator, provisional: index === 3 ? "yes" : "", commentary: COMMENTARY[`${entry.code}:${index}`] ?? "" });
        return [{ line: index + 2, indicator: entry.code, agency: entry.owner ? names.get(agencyIds.get(entry.owner)!)! : "", input }];
      }),
    );
  // The first two quarters under the first definitions; then RR-12's definition changes; then the rest.
  const first = await importObservations(db, adminId, rows(2));
  if (!first.ok) throw new Error(`Demo observations: ${first.problems.map((problem) => problem.text).join("; ")}`);
  const changed = await importIndicators(db, adminId, [{ line: 2, input: IndicatorInputSchema.parse({ ...INDICATORS[0], definition: RR_NEW_DEFINITION, owner: String(agencyIds.get("council")) }) }]);
  if (!changed.ok) throw new Error(`Demo indicator change: ${changed.problems.map((problem) => problem.text).join("; ")}`);
  const rest = await importObservations(db, adminId, rows(4, 2));
  if (!rest.ok) throw new Error(`Demo observations: ${rest.problems.map((problem) => problem.text).join("; ")}`);
}
