import { buildAssuranceReport, type AssuranceReport } from "~/domain/reports/assurance";
import { canReadPartnership, type Viewer } from "~/domain/permissions";
import type { Db } from "../db.server";
import { getCycleStaffResults, practitionerMinGroup } from "../practitioner.server";
import { getBaselineReport } from "./baseline.server";
import { derivedModel } from "./cache.server";
import { scorecardForAssurance } from "../scorecard.server";
import { latestRagByStandard } from "~/domain/reports/scorecard";
import { getCaseEvidence } from "../case-audits.server";

/**
 * The assurance report of a cycle (DESIGN §14) for the QA subgroup and the business office: the baseline's
 * ratings beside the latest practitioner survey's staff % (already withheld where groups are small), and
 * each standard's linked scorecard indicators with their latest RAG.
 * Null for anyone else, and for a cycle the viewer cannot see.
 */
export async function getAssuranceReport(db: Db, viewer: Viewer, cycleId: number): Promise<AssuranceReport | null> {
  if (!canReadPartnership(viewer)) return null;
  const baseline = await getBaselineReport(db, viewer, cycleId);
  if (!baseline) return null;
  const staff = await getCycleStaffResults(db, cycleId);
  const indicators = latestRagByStandard(await scorecardForAssurance(db));
  const cases = await getCaseEvidence(db, baseline.tool.code);
  const minGroup = practitionerMinGroup();
  const results = staff?.results ?? null;
  // Rebuilt only when the baseline or survey results were (their caches' fingerprints decide) or the small inputs changed.
  return derivedModel(baseline, "assurance", [results], [minGroup, indicators, cases], () =>
    buildAssuranceReport({ baseline, staff: results, minGroup, indicators, cases }),
  );
}
