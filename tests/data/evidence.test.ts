import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { addEvidence, getEvidenceFile, listEvidence, removeEvidence } from "~/data/evidence.server";
import { answerChallenge, raiseChallenge } from "~/data/moderation.server";
import { getReturn } from "~/data/returns.server";
import { saveReturnPage, submitReturn } from "~/data/return-edits.server";
import { importTool, type ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { validateReturn } from "~/domain/survey-engine";
import { PDF, PNG, TEXT, docx } from "../support/evidence-samples";
import { SIGNOFF, createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";

/*
 * Evidence is read exactly as its return is (DESIGN §7), changed only while the return is
 * editable, checked by content, and written all or nothing with its audit entry.
 */

/** A custom tool whose only page asks for a file (a required `file` question). */
const FILE_TOOL = {
  code: "evidence-check",
  version: "2026.1",
  title: "Evidence check",
  kind: "custom",
  bands: [
    { code: "met", label: "Met", min: 50, colour: "#00703c" },
    { code: "unmet", label: "Not met", min: 0, colour: "#d4351c" },
  ],
  standards: [{ code: "E-1", title: "Policy in place" }],
  items: { e1_q1: { standard: "E-1", points: { yes: 1, no: 0 } } },
  survey: {
    pages: [
      {
        name: "E-1",
        title: "Policy",
        elements: [
          { type: "radiogroup", name: "e1_q1", title: "Do you have a policy?", isRequired: true, choices: ["yes", "no"] },
          { type: "file", name: "e1_policy", title: "Upload your policy", isRequired: true },
        ],
      },
    ],
  },
};

let db: Db;
let s11: ToolRecord;
let fileTool: ToolRecord;
let a: { lead: Viewer; member: Viewer; agencyId: number };
let b: { lead: Viewer; agencyId: number };
let qa: Viewer;
let admin: Viewer;
let board: Viewer;
let draftId: number;
let otherDraftId: number;
let submittedId: number;
let fileReturnId: number;

const pdf = (name = "Safeguarding policy.pdf") => ({ kind: "file" as const, name, size: PDF.length, bytes: PDF });

beforeAll(async () => {
  db = await createTestDb();
  s11 = await importS11(db);
  const imported = await importTool(db, null, FILE_TOOL);
  if (!imported.ok) throw new Error(imported.errors.join("; "));
  fileTool = imported.tool;
  const first = await makeAgencyWithPeople(db);
  const second = await makeAgencyWithPeople(db);
  a = { lead: first.lead, member: first.member, agencyId: first.agency.id };
  b = { lead: second.lead, agencyId: second.agency.id };
  qa = await makeUser(db, "qa");
  admin = await makeUser(db, "admin");
  board = await makeUser(db, "board");
  const draftCycle = await makeCycle(db, s11, { agencyIds: [a.agencyId, b.agencyId] });
  draftId = await returnIdOf(db, draftCycle, a.agencyId);
  otherDraftId = await returnIdOf(db, draftCycle, b.agencyId);
  const submittedCycle = await makeCycle(db, s11, { agencyIds: [a.agencyId] });
  submittedId = await returnIdOf(db, submittedCycle, a.agencyId);
  const fileCycle = await makeCycle(db, fileTool, { agencyIds: [a.agencyId] });
  fileReturnId = await returnIdOf(db, fileCycle, a.agencyId);
});

afterAll(async () => {
  await db.destroy();
});

describe("adding and listing evidence", () => {
  it("stores a file by content with who added it, and lists it without its contents", async () => {
    const added = await addEvidence(db, a.member, draftId, { standardCode: "S11-1", questionName: null }, pdf());
    expect(added.ok).toBe(true);
    const link = await addEvidence(db, a.lead, draftId, { standardCode: "S11-1", questionName: null }, { kind: "link", url: "https://intranet.example.org/policy" });
    expect(link.ok).toBe(true);
    const items = await listEvidence(db, a.lead, draftId);
    expect(items).toEqual([
      expect.objectContaining({ kind: "file", standardCode: "S11-1", fileName: "Safeguarding policy.pdf", mediaType: "application/pdf", sizeBytes: PDF.length, addedBy: a.member.name }),
      expect.objectContaining({ kind: "link", standardCode: "S11-1", url: "https://intranet.example.org/policy", fileName: null, addedBy: a.lead.name }),
    ]);
    expect(items![0]).not.toHaveProperty("content");
    const file = await getEvidenceFile(db, a.lead, draftId, items![0].id);
    expect(file && new Uint8Array(file.content)).toEqual(PDF);
    expect(file?.mediaType).toBe("application/pdf");
  });

  it("records every addition and removal in the audit log", async () => {
    const added = await addEvidence(db, a.lead, draftId, { standardCode: "S11-2", questionName: null }, { kind: "file", name: "plan.docx", size: 0, bytes: await docx() });
    if (!added.ok) throw new Error(added.message);
    expect((await removeEvidence(db, a.lead, draftId, added.id)).ok).toBe(true);
    const entries = await db("audit_log").whereIn("action", ["evidence.add", "evidence.remove"]).where({ entity_id: String(draftId) }).orderBy("id");
    const summaries = entries.map((entry: { action: string; summary: string }) => ({ action: entry.action, ...JSON.parse(entry.summary) }));
    expect(summaries.filter((entry) => entry.evidenceId === added.id)).toEqual([
      expect.objectContaining({ action: "evidence.add", fileName: "plan.docx", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      expect.objectContaining({ action: "evidence.remove", fileName: "plan.docx" }),
    ]);
    expect(await db("evidence_contents").where({ evidence_id: added.id })).toEqual([]);
  });

  it("stores a name like ../../etc/passwd harmlessly, as a label with the detected type's extension", async () => {
    const added = await addEvidence(db, a.lead, draftId, { standardCode: "S11-3", questionName: null }, pdf("../../etc/passwd"));
    if (!added.ok) throw new Error(added.message);
    const row = await db("evidence").where({ id: added.id }).first();
    expect(row.file_name).toBe("passwd.pdf");
    expect((await getEvidenceFile(db, a.lead, draftId, added.id))?.fileName).toBe("passwd.pdf");
  });

  it("refuses a wrong type, an empty file and a bad link, writing nothing", async () => {
    const before = await db("evidence").count({ n: "*" }).first();
    const scope = { standardCode: "S11-1", questionName: null };
    expect(await addEvidence(db, a.lead, draftId, scope, { kind: "file", name: "minutes.pdf", size: TEXT.length, bytes: TEXT })).toEqual({
      ok: false,
      status: 422,
      message: "The selected file must be a PDF, Word document, Excel spreadsheet or image (PNG, JPEG, GIF or WebP)",
    });
    expect(await addEvidence(db, a.lead, draftId, scope, { kind: "file", name: "empty.pdf", size: 0, bytes: new Uint8Array() })).toMatchObject({ status: 422, message: "The selected file is empty" });
    expect(await addEvidence(db, a.lead, draftId, scope, { kind: "link", url: "javascript:alert(1)" })).toMatchObject({ status: 422 });
    expect(await addEvidence(db, a.lead, draftId, { standardCode: "S99", questionName: null }, pdf())).toMatchObject({ status: 404 });
    expect(await db("evidence").count({ n: "*" }).first()).toEqual(before);
  });
});

describe("scoping (DESIGN §7)", () => {
  it("gives another agency, the board, and QA before submission nothing: not found", async () => {
    const [first] = (await listEvidence(db, a.lead, draftId))!;
    expect(await listEvidence(db, b.lead, draftId)).toBeNull();
    expect(await getEvidenceFile(db, b.lead, draftId, first.id)).toBeNull();
    expect(await getEvidenceFile(db, b.lead, otherDraftId, first.id)).toBeNull();
    expect(await listEvidence(db, qa, draftId)).toBeNull();
    expect(await getEvidenceFile(db, qa, draftId, first.id)).toBeNull();
    expect(await listEvidence(db, board, draftId)).toBeNull();
    expect(await addEvidence(db, b.lead, draftId, { standardCode: "S11-1", questionName: null }, pdf())).toMatchObject({ ok: false, status: 404 });
    expect(await removeEvidence(db, b.lead, draftId, first.id)).toMatchObject({ ok: false, status: 404 });
    expect(await addEvidence(db, qa, draftId, { standardCode: "S11-1", questionName: null }, pdf())).toMatchObject({ ok: false, status: 404 });
    // Evidence of one return cannot be fetched through another return's address.
    expect(await getEvidenceFile(db, b.lead, otherDraftId, first.id)).toBeNull();
    expect(await listEvidence(db, a.lead, draftId)).toContainEqual(expect.objectContaining({ id: first.id }));
  });

  it("lets QA and admin read a submitted return's evidence, and stops the agency changing it", async () => {
    const added = await addEvidence(db, a.lead, submittedId, { standardCode: "S11-4", questionName: null }, pdf("training.pdf"));
    if (!added.ok) throw new Error(added.message);
    await submitFullReturn(db, a.lead, s11, submittedId);
    expect((await listEvidence(db, qa, submittedId))?.map((item) => item.fileName)).toEqual(["training.pdf"]);
    expect((await getEvidenceFile(db, admin, submittedId, added.id))?.fileName).toBe("training.pdf");
    expect(await getEvidenceFile(db, board, submittedId, added.id)).toBeNull();
    expect(await addEvidence(db, a.lead, submittedId, { standardCode: "S11-4", questionName: null }, pdf())).toMatchObject({ ok: false, status: 409 });
    expect(await removeEvidence(db, a.lead, submittedId, added.id)).toMatchObject({ ok: false, status: 409 });
  });
});

describe("challenge answers with evidence", () => {
  it("saves the answer and its evidence together, or neither", async () => {
    expect((await raiseChallenge(db, qa, submittedId, { standardCode: "S11-4", question: "Show the training figures" })).ok).toBe(true);
    const challenge = await db("challenges").where({ return_id: submittedId }).first();
    const refused = await answerChallenge(db, a.lead, challenge.id, "See attached", [pdf(), { kind: "file", name: "x.pdf", size: TEXT.length, bytes: TEXT }]);
    expect(refused).toMatchObject({ ok: false, status: 422 });
    expect((await db("challenges").where({ id: challenge.id }).first()).status).toBe("open");
    expect(await db("evidence").where({ challenge_id: challenge.id })).toEqual([]);

    expect(await answerChallenge(db, a.lead, challenge.id, "See attached", [{ kind: "file", name: "figures.png", size: PNG.length, bytes: PNG }, { kind: "link", url: "https://example.org/training" }])).toEqual({ ok: true });
    const items = (await listEvidence(db, qa, submittedId))!.filter((item) => item.challengeId === challenge.id);
    expect(items.map((item) => [item.kind, item.standardCode, item.fileName ?? item.url])).toEqual([
      ["file", "S11-4", "figures.png"],
      ["link", "S11-4", "https://example.org/training"],
    ]);
  });
});

describe("file questions", () => {
  it("answer a required file question with the attached files, so the return can be signed off", async () => {
    await saveReturnPage(db, a.lead, fileReturnId, "E-1", { e1_q1: "yes" });
    let ret = (await getReturn(db, a.lead, fileReturnId))!;
    expect(validateReturn(fileTool.definition.survey, ret.answers).map((problem) => problem.name)).toEqual(["e1_policy"]);

    const added = await addEvidence(db, a.lead, fileReturnId, { standardCode: null, questionName: "e1_policy" }, pdf("policy.pdf"));
    if (!added.ok) throw new Error(added.message);
    expect((await listEvidence(db, a.lead, fileReturnId))?.[0]).toMatchObject({ questionName: "e1_policy", standardCode: "E-1" });
    ret = (await getReturn(db, a.lead, fileReturnId))!;
    expect(ret.answers.e1_policy).toEqual(["policy.pdf"]);
    expect(validateReturn(fileTool.definition.survey, ret.answers)).toEqual([]);

    expect((await removeEvidence(db, a.lead, fileReturnId, added.id)).ok).toBe(true);
    ret = (await getReturn(db, a.lead, fileReturnId))!;
    expect(ret.answers.e1_policy).toBeUndefined();
    expect(await submitReturn(db, a.lead, fileReturnId, SIGNOFF)).toMatchObject({ ok: false, status: 422 });
  });

  it("refuses a link or an unknown question for a file question", async () => {
    expect(await addEvidence(db, a.lead, fileReturnId, { standardCode: null, questionName: "e1_policy" }, { kind: "link", url: "https://example.org" })).toMatchObject({ ok: false, status: 422 });
    expect(await addEvidence(db, a.lead, fileReturnId, { standardCode: null, questionName: "e1_q1" }, pdf())).toMatchObject({ ok: false, status: 404 });
  });
});
