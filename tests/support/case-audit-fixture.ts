import { addLearning, createCaseAudit, raiseConcern, recommendationToAction } from "~/data/case-audits.server";
import type { Db } from "~/data/db.server";
import { getToolByRef, importTool } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import fs from "node:fs";
import path from "node:path";

/**
 * Case audits for the route tables (permission matrix, bad-input sweep): `own` has both agencies and a
 * concern raised with each, a recommendation for the own agency, and two for the partnership: one already
 * a partnership action, one not yet. `other` has the other agency alone. The chair is the signed-in QA user.
 */
export async function makeCaseAuditFixtures(db: Db, chair: Viewer, second: Viewer, own: number, other: number) {
  const tool =
    (await getToolByRef(db, "case-audit", "2026.1")) ??
    (await importTool(db, null, JSON.parse(fs.readFileSync(path.resolve(process.cwd(), "surveys/case-audit/2026.1.json"), "utf8"))).then(
      (result) => (result.ok ? result.tool : null),
    ));
  if (!tool) throw new Error("The case audit tool could not be imported");
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const make = async (title: string, agencyIds: number[]) => {
    const created = await createCaseAudit(db, chair, {
      toolId: tool.id,
      title: `${title} ${stamp}`,
      linesOfEnquiry: "Was need recognised?",
      standards: [],
      opensOn: "2026-01-05",
      dueOn: "2026-02-01",
      panelOn: "2026-02-10",
      agencyIds,
      cases: [`T-${stamp}-1`],
      memberIds: [chair.id, second.id],
      chairId: chair.id,
    });
    if (!created.ok) throw new Error(`Setting up the fixture case audit failed: ${JSON.stringify(created)}`);
    const caseRow = await db("case_audit_cases").where({ case_audit_id: created.id }).first();
    return { id: created.id, caseId: caseRow.id as number };
  };
  const shared = await make("Fixture case audit", [own, other]);
  const otherOnly = await make("Fixture case audit (other agency)", [other]);
  const concernOf = async (agencyId: number) => {
    const raised = await raiseConcern(db, chair, shared.id, {
      caseId: shared.caseId,
      agencyId,
      concern: "Confirm the child has been seen.",
      respondBy: "2099-01-01",
    });
    if (!raised.ok) throw new Error(`Raising the fixture concern failed: ${JSON.stringify(raised)}`);
    return raised.id;
  };
  const learning = await addLearning(db, chair, shared.id, { kind: "recommendation", text: "Share plans.", agencyId: own });
  if (!learning.ok) throw new Error("Adding the fixture recommendation failed");
  const forPartnership = async (text: string) => {
    const added = await addLearning(db, chair, shared.id, { kind: "recommendation", text, agencyId: null });
    if (!added.ok) throw new Error("Adding the fixture partnership recommendation failed");
    return added.id;
  };
  const partnershipLearningId = await forPartnership("Agree one screening tool.");
  const partnershipAction = await recommendationToAction(db, chair, await forPartnership("Train panel members."), {
    domain: "joint_working",
    owner: "Partnership business manager",
    dueOn: "2099-01-01",
    successMeasure: "Every panel member trained.",
  });
  if (!partnershipAction.ok) throw new Error(`Making the fixture partnership action failed: ${JSON.stringify(partnershipAction)}`);
  return {
    own: shared.id,
    other: otherOnly.id,
    caseId: shared.caseId,
    concerns: { own: await concernOf(own), other: await concernOf(other) },
    learningId: learning.id,
    partnershipLearningId,
    partnershipActionId: partnershipAction.id,
  };
}
export type CaseAuditFixtures = Awaited<ReturnType<typeof makeCaseAuditFixtures>>;
