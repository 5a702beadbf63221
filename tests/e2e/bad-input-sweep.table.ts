/**
 * THE BAD-INPUT SWEEP: every form in the app, posted bad input over real HTTP.
 * tests/e2e/bad-input-sweep.test.ts reads app/routes at test time and fails for a route file that exports
 * an `action` without an entry here, so adding a form means adding its bad bodies. How to write an entry:
 *
 *   "<route file name>": {
 *     as: "admin",                                   // who posts (anonymous, admin, qa, board, agency_lead, agency_member)
 *     path: (f) => `/things/${f.own.returnId}`,      // where; f holds the ids the test made (below)
 *     writes: ["things", "audit_log"],               // the tables the action writes to: their content is compared
 *     cases: [
 *       { name: "empty body", body: form({}), status: 400, message: "Enter the thing's name" },
 *       { name: "another agency's thing", path: (f) => `/things/${f.other.returnId}`, body: form({ ... }), status: 404 },
 *     ],
 *   },
 *
 * Field values may name a fixture id by a placeholder, replaced before posting: OWN_AGENCY, OWN_CHALLENGE,
 * OTHER_CHALLENGE, OTHER_MEMBER, OWN_INDICATOR (the own agency's indicator's code), OWN_LEAD, OWN_MEMBER, OTHER_EVIDENCE, DONE_CYCLE, OPEN_CYCLE, STANDARD (the first standard's code),
 * PRACTITIONER_TOOL (the practitioner survey tool's id), CASE_TOOL (the case audit tool's id), SWEEP_QA and SWEEP_QA2 (the two
 * QA users of the case audit panel), CASE_ID (the shared case audit's case), OWN_CONCERN (a concern raised with the own agency).
 *
 * Every case must answer its `status` (never 5xx) and write nothing: the row count of every table and the
 * content of the `writes` tables and audit_log are the same before and after. A 400, 409 or 422 must carry
 * its `message` (the exact words a person reads); a redirect (3xx) needs a `reason` saying why that is
 * the right answer to bad input. An entry may instead be `{ exempt: "<reason>" }`.
 *
 * The ids come from fixtures the test makes on the e2e server's database: two agencies (the posting
 * agency's, `own`, and `other`), each with a lead and a member; a `done` cycle with both returns
 * submitted, an action and a QA challenge each, and a challenge panel; an `open` cycle with both returns
 * editable and an evidence file on each.
 */

import { TYPED_PAGE } from "../support/factories";

export type Who = "anonymous" | "admin" | "qa" | "board" | "agency_lead" | "agency_member";

export interface SideIds {
  agencyId: number;
  doneReturnId: number;
  openReturnId: number;
  evidenceId: number;
  actionId: number;
  challengeId: number;
  leadId: number;
  memberId: number;
  /** A scorecard indicator the agency owns (a percentage, quarterly). */
  indicatorId: number;
}

export interface SweepFixtures {
  own: SideIds;
  other: SideIds;
  doneCycleId: number;
  openCycleId: number;
  toolId: number;
  panelId: number;
  /** An API token already revoked. */
  revokedTokenId: number;
  /** An open invitation's token (to the own agency). */
  inviteToken: string;
  /** An open password reset link's token (the own agency's member). */
  resetToken: string;
  firstPageName: string;
  firstStandardCode: string;
  /** The own agency's open return of a tool with every typed answer (date, email, telephone, numbers): its page is TYPED_PAGE. */
  typedReturnId: number;
  /** A practitioner survey running on the done cycle, and the own agency's open link (its token). */
  surveyId: number;
  surveyToken: string;
  /** Case audits (tests/support/case-audit-fixture.ts): the posting QA user chairs `own`. */
  caseAudits: {
    own: number;
    other: number;
    caseId: number;
    concerns: { own: number; other: number };
    learningId: number;
    /** A recommendation for the partnership, not yet an action. */
    partnershipLearningId: number;
    /** A partnership action (no agency): QA's to update, never an agency's to see. */
    partnershipActionId: number;
  };
}

export interface FilePart {
  file: Uint8Array | string;
  filename: string;
  type?: string;
}

export type Body =
  | { kind: "form"; fields: Record<string, string | string[]> }
  | { kind: "multipart"; fields: Record<string, string | FilePart> }
  | { kind: "raw"; contentType: string; text: string };

export interface BadCase {
  name: string;
  body: Body;
  /** The expected status: a 4xx, or a 3xx with a `reason`. */
  status: number;
  /** Text the answer must contain (required for 400, 409 and 422). */
  message?: string;
  /** Why a redirect is the right answer to this bad input. */
  reason?: string;
  /** Posts here instead of the entry's path. */
  path?: (f: SweepFixtures) => string;
}

export interface SweepEntry {
  as: Who;
  path: (f: SweepFixtures) => string;
  writes: string[];
  cases: BadCase[];
}

export type SweepRow = SweepEntry | { exempt: string };

export const form = (fields: Record<string, string | string[]>): Body => ({ kind: "form", fields });
export const multipart = (fields: Record<string, string | FilePart>): Body => ({ kind: "multipart", fields });
/** A multipart body whose boundary never closes: a malformed upload. */
export const brokenMultipart = (): Body => ({
  kind: "raw",
  contentType: "multipart/form-data; boundary=----sweep",
  text: '------sweep\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 half a file',
});

/** 100,000 characters: longer than any text field allows. */
export const LONG = "x".repeat(100_000);
const EMPTY_FILE = (filename: string): FilePart => ({ file: new Uint8Array(), filename, type: "application/octet-stream" });
const TEXT_FILE = (filename: string): FilePart => ({ file: "just some words, not what was asked for\n", filename, type: "text/plain" });
const NOT_FOUND = 404;
const UNREADABLE_FORM = "The form could not be read: go back to the page and send it again";
const UPLOAD_CUT_SHORT = "The upload did not arrive complete: select the file and upload it again";
/** A urlencoded body of `bytes` bytes: larger than its route takes (request-limits.js), refused 413 before it is read. */
const OVERSIZED_FORM = (field: string, bytes: number): Body => ({
  kind: "raw",
  contentType: "application/x-www-form-urlencoded",
  text: `${field}=${"x".repeat(bytes)}`,
});
const TOO_LARGE = (limit: string) => `What you sent was larger than ${limit}, so it was not read.`;
/** A file of `bytes` bytes of text. */
const BIG_FILE = (filename: string, bytes: number): FilePart => ({ file: "x".repeat(bytes), filename, type: "application/octet-stream" });
/** File names browsers send that a strict multipart parser refused (a 500): each must reach the form's own checks. */
const ODD_NAMES = ["a=b.pdf", "Policy; final.pdf", 'He said "yes".pdf'];
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** A JSON body where a form is expected. */
const JSON_BODY: Body = { kind: "raw", contentType: "application/json", text: '{"name":"Sweep agency","sector":"health"}' };

/** A GOV.UK date input's three fields. */
const date = (name: string, day: string, month: string, year: string) => ({
  [`${name}-day`]: day,
  [`${name}-month`]: month,
  [`${name}-year`]: year,
});

/**
 * Typed answers on a return page (the typed-answers test tool's page): dates from the three GOV.UK
 * fields, email addresses, telephone numbers and numbers under the tool's validators. Each case sends
 * only bad answers, so nothing is saved (a page save keeps a good answer sent beside a bad one: the
 * answering journey tests that).
 */
const typedPage = (f: SweepFixtures) => `/returns/${f.typedReturnId}/pages/${TYPED_PAGE}`;
const TYPED_CASES: BadCase[] = [
  {
    name: "a date without its month",
    path: typedPage,
    body: form({ ...date("ta_reviewed", "27", "", "2026"), _next: "later" }),
    status: 400,
    message: "“When was the policy last reviewed?” must include a month",
  },
  {
    name: "a date that does not exist",
    path: typedPage,
    body: form({ ...date("ta_reviewed", "31", "2", "2026"), _next: "later" }),
    status: 400,
    message: "“When was the policy last reviewed?” must be a real date",
  },
  {
    name: "a date in words",
    path: typedPage,
    body: form({ ...date("ta_reviewed", "first", "of", "May"), _next: "later" }),
    status: 400,
    message: "must be a real date",
  },
  {
    name: "a two-digit year",
    path: typedPage,
    body: form({ ...date("ta_reviewed", "1", "5", "26"), _next: "later" }),
    status: 400,
    message: "“When was the policy last reviewed?” must include a year with 4 numbers, like 2026",
  },
  {
    name: "a date as one field in US order",
    path: typedPage,
    body: form({ ta_reviewed: "03/27/2026", _next: "later" }),
    status: 400,
    message: "must be a real date",
  },
  {
    name: "an email address without a domain",
    path: typedPage,
    body: form({ ta_email: "dsl@school", _next: "later" }),
    status: 400,
    message: "Enter an email address in the correct format, like name@example.com",
  },
  {
    name: "an email address with a space",
    path: typedPage,
    body: form({ ta_email: "d sl@school.sch.uk", _next: "later" }),
    status: 400,
    message: "Enter an email address in the correct format",
  },
  {
    name: "a telephone number in words",
    path: typedPage,
    body: form({ ta_phone: "ring the office", _next: "later" }),
    status: 400,
    message: "Enter a telephone number, like 01632 960 001",
  },
  {
    name: "a number in exponent form",
    path: typedPage,
    body: form({ ta_roll: "1e3", _next: "later" }),
    status: 400,
    message: "Enter a whole number of pupils, 0 or more",
  },
  {
    name: "a negative count",
    path: typedPage,
    body: form({ ta_roll: "-5", _next: "later" }),
    status: 400,
    message: "Enter a whole number of pupils, 0 or more",
  },
  {
    name: "a fraction of a pupil",
    path: typedPage,
    body: form({ ta_roll: "12.5", _next: "later" }),
    status: 400,
    message: "Enter a whole number of pupils, 0 or more",
  },
  {
    name: "a percentage over 100",
    path: typedPage,
    body: form({ ta_trained: "150", _next: "later" }),
    status: 400,
    message: "Enter a percentage from 0 to 100",
  },
  {
    name: "an autosave of a number in words",
    path: typedPage,
    body: form({ ta_roll: "lots", _intent: "autosave" }),
    status: 400,
    message: "Enter a whole number of pupils, 0 or more",
  },
];

/** The bad bodies of a "publish to the board" form (PublishForm) on the report page `page`. */
const publishCases = (page: string): BadCase[] => [
  { name: "empty body", body: form({}), status: 400, message: "Select how agencies are shown to the board" },
  { name: "unknown view", body: form({ view: "everyone" }), status: 400, message: "Select how agencies are shown to the board" },
  { name: "over-long view", body: form({ view: LONG }), status: 400, message: "Select how agencies are shown to the board" },
  { name: "a cycle that does not exist", path: () => `/cycles/999999/${page}`, body: form({ view: "named" }), status: NOT_FOUND },
  { name: "a letter id", path: () => `/cycles/abc/${page}`, body: form({ view: "named" }), status: NOT_FOUND },
];

/** A case audit set-up that is right in every field but the one a case changes. */
const CASE_AUDIT = {
  toolId: "CASE_TOOL",
  title: "Sweep case audit",
  linesOfEnquiry: "Was need recognised?",
  ...date("opensOn", "5", "1", "2099"),
  ...date("dueOn", "1", "2", "2099"),
  ...date("panelOn", "10", "2", "2099"),
  agencyIds: ["OWN_AGENCY"],
  cases: "2099-T1-C1",
  memberIds: ["SWEEP_QA", "SWEEP_QA2"],
  chairId: "SWEEP_QA",
};
/** An immediate concern right in every field but the one a case changes. */
const CONCERN = {
  _intent: "concern",
  caseId: "CASE_ID",
  agencyId: "OWN_AGENCY",
  concern: "Confirm the child was seen.",
  ...date("respondBy", "1", "1", "2099"),
};
/** A recommendation's action right in every field but the one a case changes. */
const ACTION = { domain: "joint_working", owner: "Head of service", successMeasure: "Plans shared", ...date("dueOn", "1", "1", "2099") };
const GOOD_INDICATOR = {
  code: "SWEEP-1",
  title: "Sweep indicator",
  definition: "Counted for the sweep",
  unit: "percent",
  polarity: "higher",
  target: "90",
  greenTolerance: "0",
  amberTolerance: "5",
  frequency: "quarterly",
  quadrant: "how_well",
  theme: "workforce",
  owner: "",
  linkedStandards: "",
};

const indicatorCases = (): BadCase[] => [
  { name: "empty body", body: form({}), status: 400, message: "Enter the indicator's code, like CP-2" },
  {
    name: "a code with spaces",
    body: form({ ...GOOD_INDICATOR, code: "two words" }),
    status: 400,
    message: "The code must be up to 40 letters, numbers, dots, dashes or underscores",
  },
  {
    name: "a code already in use",
    body: form({ ...GOOD_INDICATOR, code: "OWN_INDICATOR" }),
    status: 400,
    message: "There is already an indicator with the code",
  },
  {
    name: "over-long title",
    body: form({ ...GOOD_INDICATOR, title: LONG }),
    status: 400,
    message: "The title must be 200 characters or fewer",
  },
  {
    name: "over-long definition",
    body: form({ ...GOOD_INDICATOR, definition: LONG }),
    status: 400,
    message: "The definition must be 2000 characters or fewer",
  },
  { name: "unknown unit", body: form({ ...GOOD_INDICATOR, unit: "furlongs" }), status: 400, message: "Select the unit" },
  {
    name: "unknown polarity",
    body: form({ ...GOOD_INDICATOR, polarity: "sideways" }),
    status: 400,
    message: "Select whether higher or lower is better",
  },
  {
    name: "letters for the target",
    body: form({ ...GOOD_INDICATOR, target: "high" }),
    status: 400,
    message: "The target must be a number, like 75 or 12.5",
  },
  {
    name: "a percentage target over 100",
    body: form({ ...GOOD_INDICATOR, target: "150" }),
    status: 400,
    message: "A percentage target must be between 0 and 100",
  },
  {
    name: "tolerances without a target",
    body: form({ ...GOOD_INDICATOR, target: "" }),
    status: 400,
    message: "Enter a target: the tolerances are measured from it",
  },
  {
    name: "amber narrower than green",
    body: form({ ...GOOD_INDICATOR, greenTolerance: "5", amberTolerance: "1" }),
    status: 400,
    message: "The amber tolerance must be at least the green tolerance",
  },
  {
    name: "a negative tolerance",
    body: form({ ...GOOD_INDICATOR, greenTolerance: "-1" }),
    status: 400,
    message: "The green tolerance must be 0 or more",
  },
  {
    name: "unknown frequency",
    body: form({ ...GOOD_INDICATOR, frequency: "fortnightly" }),
    status: 400,
    message: "Select how often the indicator is reported",
  },
  { name: "unknown quadrant", body: form({ ...GOOD_INDICATOR, quadrant: "how_fast" }), status: 400, message: "Select the quadrant" },
  { name: "unknown theme", body: form({ ...GOOD_INDICATOR, theme: "weather" }), status: 400, message: "Select the theme" },
  {
    name: "an owner that does not exist",
    body: form({ ...GOOD_INDICATOR, owner: "999999" }),
    status: 400,
    message: "Select the owner: that agency does not exist",
  },
  { name: "letters for the owner", body: form({ ...GOOD_INDICATOR, owner: "police" }), status: 400, message: "Select the owner" },
  {
    name: "linked standards that are not codes",
    body: form({ ...GOOD_INDICATOR, linkedStandards: "S11-1, <script>" }),
    status: 400,
    message: "Give the linked standards as codes separated by commas",
  },
];

export const SWEEP: Record<string, SweepRow> = {
  // Signing in and out.
  "login.tsx": {
    as: "anonymous",
    path: () => "/login",
    // A wrong password (401) and throttling (429) write the attempt on purpose: tests/e2e/bad-input.test.ts, sign-in-throttle.test.ts
    // and the auth tests cover them; a good sign-in with a hostile redirect target is in hostile-input.test.ts, uploads and oversized bodies in hostile-uploads.test.ts.
    writes: ["login_attempts", "sessions"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter your email address" },
      { name: "password missing", body: form({ email: "qa@example.org" }), status: 400, message: "Enter your password" },
      { name: "email missing", body: form({ password: "demo-password" }), status: 400, message: "Enter your email address" },
      {
        name: "over-long email",
        body: form({ email: `${LONG}@example.org`, password: "x" }),
        status: 400,
        message: "Email address must be 254 characters or fewer",
      },
      {
        name: "over-long password",
        body: form({ email: "qa@example.org", password: LONG }),
        status: 400,
        message: "Password must be 1000 characters or fewer",
      },
      {
        name: "malformed email",
        body: form({ email: "qa-at-example", password: "x" }),
        status: 400,
        message: "Enter an email address in the correct format",
      },
      // Hostile redirect targets (docs/security.md "Redirects"): refused quietly at sign-in; here the form's own errors still show.
      {
        name: "a tab-smuggled redirect target",
        body: form({ password: "x", redirectTo: "/\t/evil.example/phish" }),
        status: 400,
        message: "Enter your email address",
      },
      {
        name: "a redirect target with a line break and a header",
        body: form({ email: "qa@example.org", redirectTo: "/\r\nSet-Cookie: a=b" }),
        status: 400,
        message: "Enter your password",
      },
      {
        name: "an over-long redirect target",
        body: form({ email: "qa-at-example", password: "x", redirectTo: `/${LONG}` }),
        status: 400,
        message: "Enter an email address in the correct format",
      },
      { name: "a body larger than any form (600 KB)", body: OVERSIZED_FORM("email", 600_000), status: 413, message: TOO_LARGE("512 KB") },
    ],
  },
  "logout.tsx": {
    exempt: "Signing out takes no input: any POST ends the session, which is its purpose (the permission matrix posts to it as every role)",
  },
  "invite.$token.tsx": {
    as: "anonymous",
    path: (f) => `/invite/${f.inviteToken}`,
    writes: ["users", "invitations", "sessions"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter a password" },
      {
        name: "confirmation missing",
        body: form({ password: "a-long-enough-password" }),
        status: 400,
        message: "Enter your password again",
      },
      {
        name: "too short",
        body: form({ password: "short", confirm: "short" }),
        status: 400,
        message: "Your password must be 12 characters or more",
      },
      {
        name: "over-long",
        body: form({ password: LONG, confirm: LONG }),
        status: 400,
        message: "Your password must be 200 characters or fewer",
      },
      {
        name: "not matching",
        body: form({ password: "a-long-enough-password", confirm: "another-long-password" }),
        status: 400,
        message: "The passwords do not match",
      },
      {
        name: "a token that does not exist",
        path: () => "/invite/not-a-real-token",
        body: form({ password: "a-long-enough-password", confirm: "a-long-enough-password" }),
        status: NOT_FOUND,
      },
      { name: "a token that does not exist, with a bad body", path: () => "/invite/not-a-real-token", body: form({}), status: NOT_FOUND },
    ],
  },

  "forgot-password.tsx": {
    as: "anonymous",
    path: () => "/forgot-password",
    writes: ["password_resets", "login_throttles", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter your email address" },
      {
        name: "malformed email",
        body: form({ email: "qa-at-example" }),
        status: 400,
        message: "Enter an email address in the correct format",
      },
      {
        name: "over-long email",
        body: form({ email: `${LONG}@example.org` }),
        status: 400,
        message: "Your email address must be 254 characters or fewer",
      },
    ],
  },
  "reset-password.$token.tsx": {
    as: "anonymous",
    path: (f) => `/reset-password/${f.resetToken}`,
    writes: ["users", "password_resets", "sessions"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter a password" },
      {
        name: "confirmation missing",
        body: form({ password: "a-long-enough-password" }),
        status: 400,
        message: "Enter your password again",
      },
      {
        name: "too short",
        body: form({ password: "short", confirm: "short" }),
        status: 400,
        message: "Your password must be 12 characters or more",
      },
      {
        name: "a common password",
        body: form({ password: "qwerty123456", confirm: "qwerty123456" }),
        status: 400,
        message: "This password is too common and easy to guess",
      },
      {
        name: "not matching",
        body: form({ password: "a-long-enough-password", confirm: "another-long-password" }),
        status: 400,
        message: "The passwords do not match",
      },
      {
        name: "a token that does not exist",
        path: () => "/reset-password/not-a-real-token",
        body: form({ password: "a-long-enough-password", confirm: "a-long-enough-password" }),
        status: NOT_FOUND,
      },
    ],
  },

  // The business office's set-up forms.
  "agencies.new.tsx": {
    as: "admin",
    path: () => "/agencies/new",
    writes: ["agencies", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the agency's name" },
      { name: "name missing", body: form({ sector: "health", contactEmail: "" }), status: 400, message: "Enter the agency's name" },
      {
        name: "sector missing",
        body: form({ name: "Sweep agency", contactEmail: "" }),
        status: 400,
        message: "Select the agency's sector",
      },
      {
        name: "a name already in use",
        body: form({ name: "DUPLICATE_AGENCY", sector: "health", contactEmail: "" }),
        status: 400,
        message: "An agency called",
      },
      {
        name: "unknown sector",
        body: form({ name: "Sweep agency", sector: "pirates", contactEmail: "" }),
        status: 400,
        message: "Select the agency's sector",
      },
      {
        name: "over-long name",
        body: form({ name: LONG, sector: "health", contactEmail: "" }),
        status: 400,
        message: "The agency's name must be 200 characters or fewer",
      },
      {
        name: "malformed email",
        body: form({ name: "Sweep agency", sector: "health", contactEmail: "not-an-email" }),
        status: 400,
        message: "Enter the contact email address in the correct format",
      },
      {
        name: "over-long email",
        body: form({ name: "Sweep agency", sector: "health", contactEmail: `${LONG}@example.org` }),
        status: 400,
        message: "The contact email address must be 254 characters or fewer",
      },
    ],
  },
  "agencies.$agencyId.edit.tsx": {
    as: "admin",
    path: (f) => `/agencies/${f.own.agencyId}/edit`,
    writes: ["agencies", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the agency's name" },
      {
        name: "unknown sector",
        body: form({ name: "Sweep agency", sector: "pirates" }),
        status: 400,
        message: "Select the agency's sector",
      },
      {
        name: "over-long name",
        body: form({ name: LONG, sector: "health" }),
        status: 400,
        message: "The agency's name must be 200 characters or fewer",
      },
      {
        name: "an agency that does not exist",
        path: () => "/agencies/999999/edit",
        body: form({ name: "Sweep agency", sector: "health", contactEmail: "" }),
        status: NOT_FOUND,
      },
      {
        name: "a letter id",
        path: () => "/agencies/abc/edit",
        body: form({ name: "Sweep agency", sector: "health", contactEmail: "" }),
        status: NOT_FOUND,
      },
    ],
  },
  "agencies.$agencyId._index.tsx": {
    as: "admin",
    path: (f) => `/agencies/${f.own.agencyId}`,
    writes: ["agencies", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "unknown intent", body: form({ _intent: "close" }), status: 400, message: "Choose an action from the page" },
      { name: "reactivating an active agency", body: form({ _intent: "reactivate" }), status: 409, message: "is already active" },
      { name: "an agency that does not exist", path: () => "/agencies/999999", body: form({ _intent: "deactivate" }), status: NOT_FOUND },
    ],
  },
  "agencies.$agencyId.lead.tsx": {
    as: "admin",
    path: (f) => `/agencies/${f.own.agencyId}/lead`,
    writes: ["users", "sessions", "notifications", "outbox", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Select the contributor who becomes the lead" },
      {
        name: "letters for the ids",
        body: form({ newLeadId: "abc", oldLeadId: "def", outcome: "contributor" }),
        status: 400,
        message: "Select the contributor who becomes the lead",
      },
      {
        name: "outcome missing",
        body: form({ newLeadId: "OWN_MEMBER", oldLeadId: "OWN_LEAD" }),
        status: 400,
        message: "Select what happens to the lead who is leaving",
      },
      {
        name: "the lead as the new lead",
        body: form({ newLeadId: "OWN_LEAD", oldLeadId: "OWN_LEAD", outcome: "contributor" }),
        status: 400,
        message: "Select the contributor who becomes the lead",
      },
      {
        name: "another agency's contributor",
        body: form({ newLeadId: "OTHER_MEMBER", oldLeadId: "OWN_LEAD", outcome: "contributor" }),
        status: 400,
        message: "Select the contributor who becomes the lead",
      },
      {
        name: "the contributor as the old lead",
        body: form({ newLeadId: "OWN_MEMBER", oldLeadId: "OWN_MEMBER", outcome: "deactivate" }),
        status: 400,
        message: "Select the lead who is leaving",
      },
      {
        name: "an agency that does not exist",
        path: () => "/agencies/999999/lead",
        body: form({ newLeadId: "OWN_MEMBER", oldLeadId: "OWN_LEAD", outcome: "contributor" }),
        status: NOT_FOUND,
      },
    ],
  },
  "agencies.import.tsx": {
    as: "admin",
    path: () => "/agencies/import",
    writes: ["agencies", "audit_log"],
    cases: [
      { name: "empty multipart body", body: multipart({}), status: 400, message: "Select a CSV or Excel file of agencies" },
      { name: "empty urlencoded body", body: form({}), status: 400, message: "Select a CSV or Excel file of agencies" },
      {
        name: "empty file",
        body: multipart({ agencyFile: EMPTY_FILE("agencies.csv") }),
        status: 400,
        message: "The selected file is empty",
      },
      {
        name: "a binary file",
        body: multipart({
          agencyFile: { file: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2]), filename: "agencies.csv", type: "text/csv" },
        }),
        status: 400,
        message: "The selected file must be a CSV file or an Excel workbook (.xlsx)",
      },
      {
        name: "named .xlsx but not a workbook",
        body: multipart({ agencyFile: TEXT_FILE("agencies.xlsx") }),
        status: 400,
        message: "The selected file must be a CSV file or an Excel workbook (.xlsx)",
      },
      {
        name: "no sector column",
        body: multipart({ agencyFile: { file: "name,email\nSweep agency,a@b.org\n", filename: "agencies.csv", type: "text/csv" } }),
        status: 400,
        message: 'has no "sector" column',
      },
      {
        name: "a bad row",
        body: multipart({
          agencyFile: { file: "name,sector\nSweep agency,health\nSweep pirates,pirates\n", filename: "agencies.csv", type: "text/csv" },
        }),
        status: 400,
        message: 'row 3: "pirates" is not a sector',
      },
      {
        name: "a confirmation that is not JSON",
        body: form({ _intent: "confirm", agencies: "not json" }),
        status: 400,
        message: "The import could not be confirmed: upload the file again",
      },
      {
        name: "a confirmation with a bad row",
        body: form({ _intent: "confirm", agencies: '[{"line":2,"name":"Sweep agency","sector":"pirates","contactEmail":null}]' }),
        status: 400,
        message: "The import could not be confirmed",
      },
      { name: "malformed multipart body", body: brokenMultipart(), status: 400, message: UPLOAD_CUT_SHORT },
    ],
  },
  "users.$userId._index.tsx": {
    as: "admin",
    path: (f) => `/users/${f.own.leadId}`,
    writes: ["users", "sessions", "password_resets", "api_tokens", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "unknown intent", body: form({ _intent: "delete" }), status: 400, message: "Choose an action from the page" },
      { name: "reactivating an active person", body: form({ _intent: "reactivate" }), status: 409, message: "is already active" },
      { name: "a person who does not exist", path: () => "/users/999999", body: form({ _intent: "deactivate" }), status: NOT_FOUND },
      { name: "a letter id", path: () => "/users/abc", body: form({ _intent: "reset" }), status: NOT_FOUND },
    ],
  },
  "users.$userId.edit.tsx": {
    as: "admin",
    path: (f) => `/users/${f.own.memberId}/edit`,
    writes: ["users", "sessions", "notifications", "outbox", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the person's full name" },
      {
        name: "unknown role",
        body: form({ name: "Sweep Person", email: "sweep-edit@example.org", role: "superuser", agencyId: "OWN_AGENCY" }),
        status: 400,
        message: "Select the person's role",
      },
      {
        name: "a partnership role with an agency",
        body: form({ name: "Sweep Person", email: "sweep-edit@example.org", role: "qa", agencyId: "OWN_AGENCY" }),
        status: 400,
        message: "Partnership roles do not belong to an agency",
      },
      {
        name: "an agency role without an agency",
        body: form({ name: "Sweep Person", email: "sweep-edit@example.org", role: "agency_member" }),
        status: 400,
        message: "Select the agency this person works for",
      },
      {
        name: "an agency that does not exist",
        body: form({ name: "Sweep Person", email: "sweep-edit@example.org", role: "agency_member", agencyId: "999999" }),
        status: 400,
        message: "Select the agency this person works for",
      },
      {
        name: "an email already in use",
        body: form({ name: "Sweep Person", email: "qa@example.org", role: "agency_member", agencyId: "OWN_AGENCY" }),
        status: 400,
        message: "A user with the email address qa@example.org already exists",
      },
      {
        name: "over-long name",
        body: form({ name: LONG, email: "sweep-edit@example.org", role: "agency_member", agencyId: "OWN_AGENCY" }),
        status: 400,
        message: "The name must be 200 characters or fewer",
      },
      {
        name: "a person who does not exist",
        path: () => "/users/999999/edit",
        body: form({ name: "Sweep Person", email: "sweep-edit@example.org", role: "qa" }),
        status: NOT_FOUND,
      },
    ],
  },
  "users.new.tsx": {
    as: "admin",
    path: () => "/users/new",
    writes: ["users", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the person's full name" },
      {
        name: "email missing",
        body: form({ name: "Sweep Person", role: "qa", password: "a-long-enough-password" }),
        status: 400,
        message: "Enter the person's email address",
      },
      {
        name: "unknown role",
        body: form({ name: "Sweep Person", email: "sweep@example.org", role: "superuser", password: "a-long-enough-password" }),
        status: 400,
        message: "Select the person's role",
      },
      {
        name: "over-long name",
        body: form({ name: LONG, email: "sweep@example.org", role: "qa", password: "a-long-enough-password" }),
        status: 400,
        message: "The name must be 200 characters or fewer",
      },
      {
        name: "short password",
        body: form({ name: "Sweep Person", email: "sweep@example.org", role: "qa", password: "short" }),
        status: 400,
        message: "The temporary password must be 12 characters or more",
      },
      {
        name: "role missing",
        body: form({ name: "Sweep Person", email: "sweep@example.org", password: "a-long-enough-password" }),
        status: 400,
        message: "Select the person's role",
      },
      {
        name: "password missing",
        body: form({ name: "Sweep Person", email: "sweep@example.org", role: "qa" }),
        status: 400,
        message: "The temporary password must be 12 characters or more",
      },
      {
        name: "malformed email",
        body: form({ name: "Sweep Person", email: "sweep-at-example", role: "qa", password: "a-long-enough-password" }),
        status: 400,
        message: "Enter an email address in the correct format",
      },
      {
        name: "a partnership role with an agency",
        body: form({
          name: "Sweep Person",
          email: "sweep@example.org",
          role: "board",
          agencyId: "OWN_AGENCY",
          password: "a-long-enough-password",
        }),
        status: 400,
        message: "Partnership roles do not belong to an agency",
      },
      {
        name: "agency role without an agency",
        body: form({ name: "Sweep Person", email: "sweep@example.org", role: "agency_lead", password: "a-long-enough-password" }),
        status: 400,
        message: "Select the agency this person works for",
      },
      {
        name: "an agency that does not exist",
        body: form({
          name: "Sweep Person",
          email: "sweep@example.org",
          role: "agency_lead",
          agencyId: "999999",
          password: "a-long-enough-password",
        }),
        status: 400,
        message: "Select the agency this person works for",
      },
      {
        name: "letters for the agency",
        body: form({
          name: "Sweep Person",
          email: "sweep@example.org",
          role: "agency_lead",
          agencyId: "abc",
          password: "a-long-enough-password",
        }),
        status: 400,
        message: "Select the agency this person works for",
      },
      {
        name: "an email already in use",
        body: form({ name: "Sweep Person", email: "qa@example.org", role: "qa", password: "a-long-enough-password" }),
        status: 400,
        message: "A user with the email address qa@example.org already exists",
      },
    ],
  },
  "tools.new.tsx": {
    as: "admin",
    path: () => "/tools/new",
    writes: ["tools", "audit_log"],
    cases: [
      { name: "empty multipart body", body: multipart({}), status: 400, message: "Select a tool file" },
      { name: "empty urlencoded body", body: form({}), status: 400, message: "Select a tool file" },
      { name: "empty file", body: multipart({ toolFile: EMPTY_FILE("tool.json") }), status: 400, message: "The selected file is empty" },
      {
        name: "wrong file type",
        body: multipart({ toolFile: TEXT_FILE("tool.txt") }),
        status: 400,
        message: "The selected file must be a JSON tool definition",
      },
      {
        name: "JSON that is not a tool",
        body: multipart({ toolFile: { file: '{"code": 5}', filename: "tool.json", type: "application/json" } }),
        status: 400,
        message: "code: must be text, not a whole number",
      },
      { name: "malformed multipart body", body: brokenMultipart(), status: 400, message: UPLOAD_CUT_SHORT },
      {
        name: "a file over 2 MB",
        body: multipart({ toolFile: BIG_FILE("tool.json", 2_500_000) }),
        status: 400,
        message: "The file must be smaller than 2 MB",
      },
      {
        name: "a body over the tool file limit",
        body: multipart({ toolFile: BIG_FILE("tool.json", 3_500_000) }),
        status: 413,
        message: "A tool file must be smaller than 2 MB",
      },
    ],
  },
  "tools.$toolId.tsx": {
    as: "admin",
    path: (f) => `/tools/${f.toolId}`,
    writes: ["tools", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "unknown intent", body: form({ _intent: "explode" }), status: 400, message: "Choose an action from the page" },
      { name: "over-long intent", body: form({ _intent: LONG }), status: 400, message: "Choose an action from the page" },
      {
        name: "deleting a published tool",
        body: form({ _intent: "delete" }),
        status: 409,
        message: "A published version cannot be deleted: cycles may rely on it",
      },
      { name: "a tool that does not exist", path: () => "/tools/999999", body: form({ _intent: "publish" }), status: NOT_FOUND },
      { name: "a letter id", path: () => "/tools/abc", body: form({ _intent: "publish" }), status: NOT_FOUND },
    ],
  },
  "cycles.new.tsx": {
    as: "admin",
    path: () => "/cycles/new",
    writes: ["cycles", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Select the audit tool" },
      {
        name: "title missing",
        body: form({ toolId: "1", scope: "all", ...date("opensOn", "1", "4", "2027"), ...date("dueOn", "1", "6", "2027") }),
        status: 400,
        message: "Enter a title for the cycle",
      },
      {
        name: "over-long title",
        body: form({ toolId: "1", title: LONG, scope: "all", ...date("opensOn", "1", "4", "2027"), ...date("dueOn", "1", "6", "2027") }),
        status: 400,
        message: "The title must be 200 characters or fewer",
      },
      {
        name: "31 February",
        body: form({
          toolId: "1",
          title: "Sweep",
          scope: "all",
          ...date("opensOn", "31", "2", "2026"),
          ...date("dueOn", "1", "6", "2027"),
        }),
        status: 400,
        message: "must be a real date",
      },
      {
        name: "letters for the date",
        body: form({
          toolId: "1",
          title: "Sweep",
          scope: "all",
          ...date("opensOn", "one", "four", "twenty"),
          ...date("dueOn", "1", "6", "2027"),
        }),
        status: 400,
        message: "must be a real date",
      },
      {
        name: "letters for the tool",
        body: form({
          toolId: "abc",
          title: "Sweep",
          scope: "all",
          ...date("opensOn", "1", "4", "2027"),
          ...date("dueOn", "1", "6", "2027"),
        }),
        status: 400,
        message: "Select the audit tool",
      },
      {
        name: "a tool that does not exist",
        body: form({
          toolId: "999999",
          title: "Sweep",
          scope: "all",
          ...date("opensOn", "1", "4", "2027"),
          ...date("dueOn", "1", "6", "2027"),
        }),
        status: 400,
        message: "Select the audit tool",
      },
      {
        name: "unknown scope",
        body: form({
          toolId: "1",
          title: "Sweep",
          scope: "everyone",
          ...date("opensOn", "1", "4", "2027"),
          ...date("dueOn", "1", "6", "2027"),
        }),
        status: 400,
        message: "Select which agencies take part",
      },
      {
        name: "unknown sector",
        body: form({
          toolId: "1",
          title: "Sweep",
          scope: "sectors",
          sectors: ["pirates"],
          ...date("opensOn", "1", "4", "2027"),
          ...date("dueOn", "1", "6", "2027"),
        }),
        status: 400,
        message: "Select sectors from the list",
      },
      {
        name: "a final deadline before the due date",
        body: form({
          toolId: "1",
          title: "Sweep",
          scope: "all",
          ...date("opensOn", "1", "4", "2027"),
          ...date("dueOn", "1", "6", "2027"),
          ...date("finalDeadlineOn", "1", "5", "2027"),
        }),
        status: 400,
        message: "The final deadline must be the same as or after the due date",
      },
      {
        name: "a date without its year",
        body: form({
          toolId: "1",
          title: "Sweep",
          scope: "all",
          "opensOn-day": "1",
          "opensOn-month": "4",
          ...date("dueOn", "1", "6", "2027"),
        }),
        status: 400,
        message: "must include a year",
      },
      {
        name: "sectors chosen but none given",
        body: form({
          toolId: "1",
          title: "Sweep",
          scope: "sectors",
          ...date("opensOn", "1", "4", "2027"),
          ...date("dueOn", "1", "6", "2027"),
        }),
        status: 400,
        message: "Select at least one sector",
      },
      {
        name: "due before it opens",
        body: form({ toolId: "1", title: "Sweep", scope: "all", ...date("opensOn", "1", "6", "2027"), ...date("dueOn", "1", "4", "2027") }),
        status: 400,
        message: "The due date must be the same as or after the opening date",
      },
    ],
  },
  "cycles.$cycleId._index.tsx": {
    as: "admin",
    path: (f) => `/cycles/${f.doneCycleId}`,
    writes: ["cycles", "returns", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "unknown intent", body: form({ _intent: "delete" }), status: 400, message: "Choose an action from the page" },
      { name: "over-long intent", body: form({ _intent: LONG }), status: 400, message: "Choose an action from the page" },
      { name: "opening an open cycle", body: form({ _intent: "open" }), status: 409, message: "This cycle is already open" },
      { name: "a cycle that does not exist", path: () => "/cycles/999999", body: form({ _intent: "open" }), status: NOT_FOUND },
      { name: "a letter id", path: () => "/cycles/abc", body: form({ _intent: "open" }), status: NOT_FOUND },
    ],
  },
  "returns.$returnId.due-date.tsx": {
    as: "admin",
    path: (f) => `/returns/${f.own.openReturnId}/due-date`,
    writes: ["returns", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the new due date" },
      {
        name: "31 February",
        body: form({ ...date("dueOn", "31", "2", "2099"), reason: "Staff sickness" }),
        status: 400,
        message: "The new due date must be a real date",
      },
      {
        name: "letters for the date",
        body: form({ ...date("dueOn", "aa", "bb", "cccc"), reason: "Staff sickness" }),
        status: 400,
        message: "The new due date must be a real date",
      },
      {
        name: "reason missing",
        body: form(date("dueOn", "1", "1", "2099")),
        status: 400,
        message: "Enter the reason for the new due date",
      },
      {
        name: "over-long reason",
        body: form({ ...date("dueOn", "1", "1", "2099"), reason: LONG }),
        status: 400,
        message: "The reason must be 1,000 characters or fewer",
      },
      {
        name: "a return that does not exist",
        path: () => "/returns/999999/due-date",
        body: form({ ...date("dueOn", "1", "1", "2099"), reason: "Staff sickness" }),
        status: NOT_FOUND,
      },
    ],
  },
  "outbox.tsx": {
    as: "admin",
    path: () => "/outbox",
    writes: ["outbox", "notifications", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "unknown intent", body: form({ _intent: "purge", id: "1" }), status: 400, message: "Choose an action from the page" },
      { name: "letters for the id", body: form({ _intent: "retry", id: "abc" }), status: 400, message: "Choose an action from the page" },
      { name: "over-long id", body: form({ _intent: "retry", id: LONG }), status: 400, message: "Choose an action from the page" },
      { name: "an email that does not exist", body: form({ _intent: "retry", id: "999999" }), status: NOT_FOUND },
    ],
  },
  "api-tokens._index.tsx": {
    as: "admin",
    path: () => "/api-tokens",
    writes: ["api_tokens", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter a name for the token" },
      {
        name: "unknown scope",
        body: form({ name: "Feed", scope: "admin" }),
        status: 400,
        message: "Select whether the token only reads or may also write scorecard figures",
      },
      { name: "blank name", body: form({ name: "   " }), status: 400, message: "Enter a name for the token" },
      { name: "over-long name", body: form({ name: LONG }), status: 400, message: "The name must be 100 characters or fewer" },
    ],
  },
  "api-tokens.$tokenId.revoke.tsx": {
    as: "admin",
    path: () => "/api-tokens/999999/revoke",
    writes: ["api_tokens", "audit_log"],
    cases: [
      { name: "a token that does not exist", body: form({}), status: NOT_FOUND },
      {
        name: "a token already revoked",
        path: (f) => `/api-tokens/${f.revokedTokenId}/revoke`,
        body: form({}),
        status: 409,
        message: "This token has already been revoked",
      },
      { name: "a letter id", path: () => "/api-tokens/abc/revoke", body: form({}), status: NOT_FOUND },
    ],
  },
  "notifications.tsx": {
    as: "agency_lead",
    path: () => "/notifications",
    writes: ["notifications"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose a notification from the page" },
      { name: "letters for the id", body: form({ id: "abc" }), status: 400, message: "Choose a notification from the page" },
      { name: "over-long id", body: form({ id: LONG }), status: 400, message: "Choose a notification from the page" },
      {
        name: "a notification that does not exist",
        body: form({ id: "999999" }),
        status: 302,
        reason: "Marking someone else's (or no) notification read changes nothing and, by design, says nothing about whether it exists",
      },
    ],
  },

  // The agency's forms.
  "people._index.tsx": {
    as: "agency_lead",
    path: () => "/people",
    writes: ["users", "invitations", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the person's full name" },
      { name: "email missing", body: form({ name: "Sweep Person" }), status: 400, message: "Enter the person's email address" },
      {
        name: "over-long name",
        body: form({ name: LONG, email: "sweep-invite@example.org" }),
        status: 400,
        message: "The name must be 200 characters or fewer",
      },
      {
        name: "malformed email",
        body: form({ name: "Sweep Person", email: "nope" }),
        status: 400,
        message: "Enter an email address in the correct format",
      },
      {
        name: "remove with letters for the id",
        body: form({ _intent: "remove", userId: "abc" }),
        status: 400,
        message: "Choose a person from the list",
      },
      { name: "remove someone of another agency", body: form({ _intent: "remove", userId: "OTHER_MEMBER" }), status: NOT_FOUND },
      {
        name: "reissue for a person who does not exist",
        body: form({ _intent: "reissue", userId: "999999" }),
        status: 403,
        message: "You can only invite people in your own agency",
      },
    ],
  },
  "returns.$returnId.pages.$pageName/route.tsx": {
    as: "agency_lead",
    path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}`,
    writes: ["returns", "evidence", "audit_log"],
    cases: [
      {
        name: "an answer outside the list",
        body: form({ s11_1_q1: "excellent", _next: "later" }),
        status: 400,
        message: "Select one of the listed answers for",
      },
      {
        name: "an unknown question",
        body: form({ is_admin: "yes", _next: "later" }),
        status: 400,
        message: "is not a question on this page",
      },
      {
        name: "an over-long answer",
        body: form({ s11_1_q1: LONG, _next: "later" }),
        status: 400,
        message: "Select one of the listed answers for",
      },
      {
        name: "an over-long text answer",
        body: form({ s11_1_evidence: LONG, _next: "later" }),
        status: 400,
        message: "must be 20,000 characters or fewer",
      },
      {
        name: "the same question twice",
        body: form({ s11_1_q1: ["fully", "not"], _next: "later" }),
        status: 400,
        message: "the form sent more than one",
      },
      {
        name: "an autosave of an answer outside the list",
        body: form({ s11_1_q1: "excellent", _intent: "autosave" }),
        status: 400,
        message: "Select one of the listed answers for",
      },
      ...TYPED_CASES,
      {
        name: "a page that does not exist",
        path: (f) => `/returns/${f.own.openReturnId}/pages/NOPE`,
        body: form({ _next: "later" }),
        status: NOT_FOUND,
      },
      {
        name: "another agency's return",
        path: (f) => `/returns/${f.other.openReturnId}/pages/${f.firstPageName}`,
        body: form({ s11_1_q1: "fully", _next: "later" }),
        status: NOT_FOUND,
      },
      {
        name: "a letter id",
        path: (f) => `/returns/abc/pages/${f.firstPageName}`,
        body: form({ s11_1_q1: "fully", _next: "later" }),
        status: NOT_FOUND,
      },
      {
        name: "evidence: wrong file type",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=file&standard=${f.firstStandardCode}`,
        body: multipart({ file: TEXT_FILE("policy.pdf") }),
        status: 422,
        message: "The selected file must be a PDF, Word document, Excel spreadsheet or image",
      },
      ...ODD_NAMES.map((name) => ({
        name: `evidence: a text file named ${name}`,
        path: (f: SweepFixtures) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=file&standard=${f.firstStandardCode}`,
        body: multipart({ file: TEXT_FILE(name) }),
        status: 422,
        message: "The selected file must be a PDF, Word document, Excel spreadsheet or image",
      })),
      {
        name: "evidence: a body over the evidence limit (13 MB)",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=file&standard=${f.firstStandardCode}`,
        body: multipart({ file: BIG_FILE("policy.pdf", 13_000_000) }),
        status: 413,
        message: "Evidence files must be smaller than 10 MB",
      },
      {
        name: "a body over the survey page limit (5 MB)",
        body: OVERSIZED_FORM("s11_1_evidence", 5_000_000),
        status: 413,
        message: TOO_LARGE("4 MB"),
      },
      {
        name: "evidence: empty file",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=file&standard=${f.firstStandardCode}`,
        body: multipart({ file: EMPTY_FILE("policy.pdf") }),
        status: 422,
        message: "The selected file is empty",
      },
      {
        name: "evidence: no file",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=file&standard=${f.firstStandardCode}`,
        body: multipart({ other: "x" }),
        status: 400,
        message: "Select a file",
      },
      {
        name: "evidence: a link that is not http",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=link&standard=${f.firstStandardCode}`,
        body: multipart({ url: "javascript:alert(1)" }),
        status: 422,
        message: "Enter a link that starts with https:// or http://",
      },
      {
        name: "evidence: an over-long link",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=link&standard=${f.firstStandardCode}`,
        body: multipart({ url: `https://example.org/${LONG}` }),
        status: 422,
        message: "The link must be 2,000 characters or fewer",
      },
      {
        name: "evidence: removing another agency's file",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=remove&standard=${f.firstStandardCode}`,
        body: multipart({ evidenceId: "OTHER_EVIDENCE" }),
        status: NOT_FOUND,
      },
      {
        name: "evidence: letters for the id to remove",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=remove&standard=${f.firstStandardCode}`,
        body: multipart({ evidenceId: "abc" }),
        status: 400,
        message: "Choose the evidence to remove from the list",
      },
      {
        name: "evidence: unknown evidence action",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=steal&standard=${f.firstStandardCode}`,
        body: multipart({ url: "https://example.org" }),
        status: 400,
        message: "Unknown evidence action",
      },
      {
        name: "evidence: malformed multipart body",
        path: (f) => `/returns/${f.own.openReturnId}/pages/${f.firstPageName}?evidence=file&standard=${f.firstStandardCode}`,
        body: brokenMultipart(),
        status: 400,
        message: UPLOAD_CUT_SHORT,
      },
    ],
  },
  "returns.$returnId.upload.tsx": {
    as: "agency_lead",
    path: (f) => `/returns/${f.own.openReturnId}/upload`,
    writes: ["returns", "audit_log"],
    cases: [
      { name: "empty multipart body", body: multipart({}), status: 400, message: "Select the completed spreadsheet" },
      { name: "empty urlencoded body", body: form({}), status: 400, message: "Select the completed spreadsheet" },
      {
        name: "empty file",
        body: multipart({ returnFile: EMPTY_FILE("return.xlsx") }),
        status: 400,
        message: "The selected file is empty",
      },
      {
        name: "wrong file type",
        body: multipart({ returnFile: TEXT_FILE("return.xlsx") }),
        status: 400,
        message: "The selected file must be an Excel spreadsheet (.xlsx) downloaded from this return",
      },
      {
        name: "a workbook that is not this return's",
        body: multipart({
          returnFile: {
            file: "OTHER_WORKBOOK",
            filename: "return.xlsx",
            type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          },
        }),
        status: 400,
        message: "The file is not a return spreadsheet from this website",
      },
      { name: "malformed multipart body", body: brokenMultipart(), status: 400, message: UPLOAD_CUT_SHORT },
      {
        name: "a zip bomb: a sheet inflating to 450 MB, its size understated",
        body: multipart({ returnFile: { file: "ZIP_BOMB", filename: "return.xlsx", type: XLSX_TYPE } }),
        status: 400,
        message: "The spreadsheet is too large to read: it unpacks to more than 50 MB",
      },
      {
        name: "a file over 5 MB",
        body: multipart({ returnFile: BIG_FILE("return.xlsx", 5_500_000) }),
        status: 400,
        message: "The file must be smaller than 5 MB",
      },
      {
        name: "a body over the spreadsheet limit",
        body: multipart({ returnFile: BIG_FILE("return.xlsx", 7_000_000) }),
        status: 413,
        message: "A completed spreadsheet must be smaller than 5 MB",
      },
      ...ODD_NAMES.map((name) => ({
        name: `a text file named ${name}`,
        body: multipart({ returnFile: TEXT_FILE(name) }),
        status: 400,
        message: "The selected file must be an Excel spreadsheet (.xlsx) downloaded from this return",
      })),
      {
        name: "another agency's return",
        path: (f) => `/returns/${f.other.openReturnId}/upload`,
        body: multipart({ returnFile: TEXT_FILE("return.xlsx") }),
        status: NOT_FOUND,
      },
    ],
  },
  "returns.$returnId.carry-forward.tsx": {
    as: "agency_lead",
    path: (f) => `/returns/${f.other.openReturnId}/carry-forward`,
    writes: ["returns", "audit_log"],
    cases: [
      { name: "another agency's return", body: form({}), status: NOT_FOUND },
      { name: "a return that does not exist", path: () => "/returns/999999/carry-forward", body: form({}), status: NOT_FOUND },
      { name: "a letter id", path: () => "/returns/abc/carry-forward", body: form({}), status: NOT_FOUND },
      {
        name: "a submitted return",
        path: (f) => `/returns/${f.own.doneReturnId}/carry-forward`,
        body: form({}),
        status: 302,
        reason: "The form is a single button on the return: a refusal goes back to the return, which says that nothing was carried forward",
      },
    ],
  },
  "returns.$returnId.submit.tsx": {
    as: "agency_lead",
    path: (f) => `/returns/${f.own.openReturnId}/submit`,
    writes: ["returns", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the name of the person signing off" },
      {
        name: "role missing",
        body: form({ name: "A Lead", ...date("date", "1", "1", "2026"), confirm: "yes" }),
        status: 400,
        message: "Enter their role in the agency",
      },
      {
        name: "over-long name",
        body: form({ name: LONG, role: "Director", ...date("date", "1", "1", "2026"), confirm: "yes" }),
        status: 400,
        message: "The name must be 200 characters or fewer",
      },
      {
        name: "31 February",
        body: form({ name: "A Lead", role: "Director", ...date("date", "31", "2", "2026"), confirm: "yes" }),
        status: 400,
        message: "The date of sign-off must be a real date",
      },
      {
        name: "a date in the future",
        body: form({ name: "A Lead", role: "Director", ...date("date", "1", "1", "2099"), confirm: "yes" }),
        status: 400,
        message: "The date of sign-off must be today or in the past",
      },
      {
        name: "unknown confirmation",
        body: form({ name: "A Lead", role: "Director", ...date("date", "1", "1", "2026"), confirm: "maybe" }),
        status: 400,
        message: "Confirm that the return is accurate",
      },
      { name: "another agency's return", path: (f) => `/returns/${f.other.openReturnId}/submit`, body: form({}), status: NOT_FOUND },
    ],
  },
  "returns.$returnId._index.tsx": {
    as: "agency_lead",
    path: (f) => `/returns/${f.own.doneReturnId}`,
    writes: ["challenges", "evidence", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose a question from the page" },
      { name: "empty multipart body", body: multipart({}), status: 400, message: "Choose a question from the page" },
      {
        name: "answer missing",
        body: form({ challengeId: "OWN_CHALLENGE" }),
        status: 400,
        message: "Enter your answer to the QA subgroup's question",
      },
      {
        name: "over-long answer",
        body: form({ challengeId: "OWN_CHALLENGE", answer: LONG }),
        status: 400,
        message: "Your answer must be 5,000 characters or fewer",
      },
      {
        name: "letters for the challenge",
        body: form({ challengeId: "abc", answer: "Our answer" }),
        status: 400,
        message: "Choose a question from the page",
      },
      { name: "another agency's challenge", body: form({ challengeId: "OTHER_CHALLENGE", answer: "Our answer" }), status: NOT_FOUND },
      { name: "a challenge that does not exist", body: form({ challengeId: "999999", answer: "Our answer" }), status: NOT_FOUND },
      {
        name: "wrong file type",
        body: multipart({ challengeId: "OWN_CHALLENGE", answer: "Our answer", file: TEXT_FILE("answer.pdf") }),
        status: 400,
        message: "The selected file must be a PDF, Word document",
      },
      {
        name: "empty file",
        body: multipart({ challengeId: "OWN_CHALLENGE", answer: "Our answer", file: EMPTY_FILE("answer.pdf") }),
        status: 400,
        message: "The selected file is empty",
      },
      {
        name: "a link that is not http",
        body: multipart({ challengeId: "OWN_CHALLENGE", answer: "Our answer", url: "file:///etc/passwd" }),
        status: 400,
        message: "Enter a link that starts with https:// or http://",
      },
      { name: "malformed multipart body", body: brokenMultipart(), status: 400, message: UPLOAD_CUT_SHORT },
      {
        name: "another agency's return",
        path: (f) => `/returns/${f.other.doneReturnId}`,
        body: form({ challengeId: "OTHER_CHALLENGE", answer: "Our answer" }),
        status: NOT_FOUND,
      },
    ],
  },
  "returns.$returnId.actions.new.tsx": {
    as: "agency_lead",
    path: (f) => `/returns/${f.own.doneReturnId}/actions/new`,
    writes: ["actions", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Select the standard the action is for" },
      {
        name: "unknown standard",
        body: form({
          standardCode: "S99",
          description: "Train",
          owner: "Lead",
          ...date("dueOn", "1", "1", "2099"),
          successMeasure: "Trained",
        }),
        status: 422,
        message: "Select a standard rated below the top band",
      },
      {
        name: "over-long description",
        body: form({
          standardCode: "STANDARD",
          description: LONG,
          owner: "Lead",
          ...date("dueOn", "1", "1", "2099"),
          successMeasure: "Trained",
        }),
        status: 400,
        message: "What will be done must be 5,000 characters or fewer",
      },
      {
        name: "31 February",
        body: form({
          standardCode: "STANDARD",
          description: "Train",
          owner: "Lead",
          ...date("dueOn", "31", "2", "2099"),
          successMeasure: "Trained",
        }),
        status: 400,
        message: "The due date must be a real date",
      },
      {
        name: "a due date in the past",
        body: form({
          standardCode: "STANDARD",
          description: "Train",
          owner: "Lead",
          ...date("dueOn", "1", "1", "2020"),
          successMeasure: "Trained",
        }),
        status: 400,
        message: "The due date must be today or in the future",
      },
      {
        name: "another agency's return",
        path: (f) => `/returns/${f.other.doneReturnId}/actions/new`,
        body: form({
          standardCode: "STANDARD",
          description: "Train",
          owner: "Lead",
          ...date("dueOn", "1", "1", "2099"),
          successMeasure: "Trained",
        }),
        status: NOT_FOUND,
      },
    ],
  },
  "actions.$actionId.tsx": {
    as: "agency_lead",
    path: (f) => `/actions/${f.own.actionId}`,
    writes: ["actions", "action_updates", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "unknown intent", body: form({ _intent: "delete" }), status: 400, message: "Choose an action from the page" },
      { name: "progress without a status", body: form({ _intent: "progress" }), status: 400, message: "Select the status of the action" },
      { name: "agreeing as the agency", body: form({ _intent: "agree" }), status: 409, message: "Only the QA subgroup agrees actions" },
      {
        name: "re-rating without a rating",
        body: form({ _intent: "rerate", rationale: "Because" }),
        status: 400,
        message: "Select the new moderated rating",
      },
      {
        name: "unknown status",
        body: form({ _intent: "progress", status: "abandoned" }),
        status: 400,
        message: "Select the status of the action",
      },
      {
        name: "unknown RAG",
        body: form({ _intent: "progress", status: "in_progress", rag: "purple" }),
        status: 400,
        message: "Select how the action is progressing",
      },
      {
        name: "over-long note",
        body: form({ _intent: "progress", status: "in_progress", note: LONG }),
        status: 400,
        message: "The note must be 5,000 characters or fewer",
      },
      {
        name: "another agency's action",
        path: (f) => `/actions/${f.other.actionId}`,
        body: form({ _intent: "progress", status: "done" }),
        status: NOT_FOUND,
      },
      {
        name: "the partnership's action (no agency's to see)",
        path: (f) => `/actions/${f.caseAudits.partnershipActionId}`,
        body: form({ _intent: "progress", status: "in_progress", rag: "on_track", note: "Ours now" }),
        status: NOT_FOUND,
      },
      {
        name: "an action that does not exist",
        path: () => "/actions/999999",
        body: form({ _intent: "progress", status: "done" }),
        status: NOT_FOUND,
      },
    ],
  },

  // The QA subgroup's forms.
  "returns.$returnId.review._index.tsx": {
    as: "qa",
    path: (f) => `/returns/${f.own.doneReturnId}/review`,
    writes: ["returns", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "unknown intent", body: form({ _intent: "approve" }), status: 400, message: "Choose an action from the page" },
      { name: "reason missing", body: form({ _intent: "return" }), status: 400, message: "Enter what the agency needs to change" },
      {
        name: "over-long reason",
        body: form({ _intent: "return", reason: LONG }),
        status: 400,
        message: "The reason must be 5,000 characters or fewer",
      },
      // A draft is the agency's own until it is submitted: QA does not see it at all.
      {
        name: "returning a draft",
        path: (f) => `/returns/${f.own.openReturnId}/review`,
        body: form({ _intent: "return", reason: "Please add evidence" }),
        status: NOT_FOUND,
      },
      {
        name: "validating a draft",
        path: (f) => `/returns/${f.own.openReturnId}/review`,
        body: form({ _intent: "validate" }),
        status: NOT_FOUND,
      },
      {
        name: "a return that does not exist",
        path: () => "/returns/999999/review",
        body: form({ _intent: "validate" }),
        status: NOT_FOUND,
      },
    ],
  },
  "returns.$returnId.review.$standardCode.tsx": {
    as: "qa",
    path: (f) => `/returns/${f.own.doneReturnId}/review/${f.firstStandardCode}`,
    writes: ["moderations", "challenges", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      {
        name: "moderation without a rating",
        body: form({ _intent: "moderate", rationale: "Because" }),
        status: 400,
        message: "Select the moderated rating",
      },
      {
        name: "moderation with an unknown rating",
        body: form({ _intent: "moderate", band: "superb", rationale: "Because" }),
        status: 422,
        message: "Choose one of the tool's ratings",
      },
      {
        name: "over-long rationale",
        body: form({ _intent: "moderate", band: "fully", rationale: LONG }),
        status: 400,
        message: "The reason must be 5,000 characters or fewer",
      },
      {
        name: "challenge without a question",
        body: form({ _intent: "challenge" }),
        status: 400,
        message: "Enter the question for the agency",
      },
      {
        name: "over-long question",
        body: form({ _intent: "challenge", question: LONG }),
        status: 400,
        message: "The question must be 5,000 characters or fewer",
      },
      {
        name: "a challenge on a draft",
        path: (f) => `/returns/${f.own.openReturnId}/review/${f.firstStandardCode}`,
        body: form({ _intent: "challenge", question: "Why?" }),
        status: NOT_FOUND,
      },
      {
        name: "closing another return's challenge",
        body: form({ _intent: "close", challengeId: "OTHER_CHALLENGE", outcome: "accepted" }),
        status: 404,
      },
      {
        name: "closing with letters for the challenge",
        body: form({ _intent: "close", challengeId: "abc", outcome: "accepted" }),
        status: 400,
        message: "Choose a challenge from the page",
      },
      {
        name: "closing with an unknown outcome",
        body: form({ _intent: "close", challengeId: "OWN_CHALLENGE", outcome: "ignored" }),
        status: 400,
        message: "Select the outcome of the challenge",
      },
      {
        name: "closing a challenge that does not exist",
        body: form({ _intent: "close", challengeId: "999999", outcome: "accepted" }),
        status: NOT_FOUND,
      },
      {
        name: "a standard that does not exist",
        path: (f) => `/returns/${f.own.doneReturnId}/review/S99`,
        body: form({ _intent: "challenge", question: "Why?" }),
        status: NOT_FOUND,
      },
    ],
  },
  "cycles.$cycleId.baseline.tsx": {
    as: "qa",
    path: (f) => `/cycles/${f.doneCycleId}/baseline`,
    writes: ["publications", "audit_log"],
    cases: publishCases("baseline"),
  },
  "cycles.$cycleId.completion.tsx": {
    as: "qa",
    path: (f) => `/cycles/${f.doneCycleId}/completion`,
    writes: ["publications", "audit_log"],
    cases: publishCases("completion"),
  },
  "cycles.$cycleId.actions-report.tsx": {
    as: "qa",
    path: (f) => `/cycles/${f.doneCycleId}/actions-report`,
    writes: ["publications", "audit_log"],
    cases: publishCases("actions-report"),
  },
  "cycles.$cycleId.comparison.tsx": {
    as: "qa",
    path: (f) => `/cycles/${f.doneCycleId}/comparison`,
    writes: ["publications", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Compare with an earlier cycle before publishing" },
      {
        name: "letters for the cycle to compare with",
        body: form({ against: "abc", view: "named" }),
        status: 400,
        message: "Select an earlier cycle to compare with",
      },
      {
        name: "letters for the threshold",
        body: form({ against: "OPEN_CYCLE", threshold: "lots", view: "named" }),
        status: 400,
        message: "Enter the threshold as a whole number of percentage points, like 5",
      },
      {
        name: "a threshold out of range",
        body: form({ against: "OPEN_CYCLE", threshold: "500", view: "named" }),
        status: 400,
        message: "The threshold must be between 1 and 50 percentage points",
      },
      {
        name: "unknown view",
        body: form({ against: "OPEN_CYCLE", view: "everyone" }),
        status: 400,
        message: "Select how agencies are shown to the board",
      },
      { name: "a cycle to compare with that does not exist", body: form({ against: "999999", view: "named" }), status: NOT_FOUND },
    ],
  },
  "panels.new.tsx": {
    as: "qa",
    path: () => "/panels/new",
    writes: ["panels", "panel_agencies", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the date of the panel" },
      {
        name: "31 February",
        body: form({
          cycleId: "DONE_CYCLE",
          ...date("heldOn", "31", "2", "2099"),
          startsAt: "14:00",
          location: "Room 1",
          agencyIds: ["OWN_AGENCY"],
        }),
        status: 400,
        message: "The date of the panel must be a real date",
      },
      {
        name: "a start time that is not a time",
        body: form({
          cycleId: "DONE_CYCLE",
          ...date("heldOn", "1", "3", "2099"),
          startsAt: "teatime",
          location: "Room 1",
          agencyIds: ["OWN_AGENCY"],
        }),
        status: 400,
        message: "Enter the start time as a 24-hour time, like 14:30",
      },
      {
        name: "over-long location",
        body: form({
          cycleId: "DONE_CYCLE",
          ...date("heldOn", "1", "3", "2099"),
          startsAt: "14:00",
          location: LONG,
          agencyIds: ["OWN_AGENCY"],
        }),
        status: 400,
        message: "The location must be 300 characters or fewer",
      },
      {
        name: "no agencies",
        body: form({ cycleId: "DONE_CYCLE", ...date("heldOn", "1", "3", "2099"), startsAt: "14:00", location: "Room 1" }),
        status: 400,
        message: "Select the agencies the panel will meet",
      },
      {
        name: "an agency that is not in the cycle",
        body: form({
          cycleId: "DONE_CYCLE",
          ...date("heldOn", "1", "3", "2099"),
          startsAt: "14:00",
          location: "Room 1",
          agencyIds: ["999999"],
        }),
        status: 422,
        message: "Select agencies whose returns have been submitted in this cycle",
      },
      {
        name: "a cycle that does not exist",
        body: form({
          cycleId: "999999",
          ...date("heldOn", "1", "3", "2099"),
          startsAt: "14:00",
          location: "Room 1",
          agencyIds: ["OWN_AGENCY"],
        }),
        status: 422,
        message: "Select a cycle that has opened",
      },
      {
        name: "letters for the cycle",
        body: form({
          cycleId: "abc",
          ...date("heldOn", "1", "3", "2099"),
          startsAt: "14:00",
          location: "Room 1",
          agencyIds: ["OWN_AGENCY"],
        }),
        status: 400,
        message: "Select a cycle that has opened",
      },
    ],
  },
  "panels.$panelId._index.tsx": {
    as: "qa",
    path: (f) => `/panels/${f.panelId}`,
    writes: ["panels", "panel_agencies", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an agency from the page" },
      {
        name: "letters for the agency",
        body: form({ _intent: "record", agencyId: "abc", attended: "yes", attendees: "Jo" }),
        status: 400,
        message: "Choose an agency from the page",
      },
      {
        name: "attendance missing",
        body: form({ _intent: "record", agencyId: "OWN_AGENCY" }),
        status: 400,
        message: "Select whether the agency attended",
      },
      {
        name: "unknown attendance",
        body: form({ _intent: "record", agencyId: "OWN_AGENCY", attended: "maybe" }),
        status: 400,
        message: "Select whether the agency attended",
      },
      {
        name: "attended without who",
        body: form({ _intent: "record", agencyId: "OWN_AGENCY", attended: "yes" }),
        status: 400,
        message: "Enter who attended for the agency",
      },
      {
        name: "over-long notes",
        body: form({ _intent: "record", agencyId: "OWN_AGENCY", attended: "no", notes: LONG }),
        status: 400,
        message: "The notes must be 10,000 characters or fewer",
      },
      { name: "an agency not on the panel", body: form({ _intent: "record", agencyId: "999999", attended: "no" }), status: NOT_FOUND },
      {
        name: "a panel that does not exist",
        path: () => "/panels/999999",
        body: form({ _intent: "record", agencyId: "OWN_AGENCY", attended: "no" }),
        status: NOT_FOUND,
      },
    ],
  },

  // Case audits (DESIGN §12): set-up, the audit's own forms (concerns, learning), grading, publishing, actions, concerns.
  "case-audits.new.tsx": {
    as: "qa",
    path: () => "/case-audits/new",
    writes: ["case_audits", "case_audit_cases", "case_audit_members", "cycles", "returns", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the date the audit opens" },
      {
        name: "a name for a case",
        body: form({ ...CASE_AUDIT, cases: "Jane Smith" }),
        status: 400,
        message: "Give each case as a partnership reference such as 2026-T1-C3",
      },
      {
        name: "an NHS number in the lines of enquiry",
        body: form({ ...CASE_AUDIT, linesOfEnquiry: "Child 943 476 5919" }),
        status: 400,
        message: "Remove the NHS number (943 476 5919)",
      },
      {
        name: "the same case twice",
        body: form({ ...CASE_AUDIT, cases: "C1\nc1" }),
        status: 400,
        message: "Each case reference must be different",
      },
      {
        name: "a chair off the panel",
        body: form({ ...CASE_AUDIT, chairId: "OWN_LEAD" }),
        status: 400,
        message: "The chair must be one of the panel members",
      },
      {
        name: "one panel member",
        body: form({ ...CASE_AUDIT, memberIds: ["SWEEP_QA"] }),
        status: 400,
        message: "Select at least two panel members",
      },
      {
        name: "returns due before it opens",
        body: form({ ...CASE_AUDIT, ...date("dueOn", "1", "1", "2025") }),
        status: 400,
        message: "The date case returns are due must be on or after the date the audit opens",
      },
      {
        name: "31 February",
        body: form({ ...CASE_AUDIT, ...date("panelOn", "31", "2", "2099") }),
        status: 400,
        message: "The date of the panel must be a real date",
      },
      {
        name: "over-long theme",
        body: form({ ...CASE_AUDIT, title: LONG }),
        status: 400,
        message: "The theme must be 200 characters or fewer",
      },
      {
        name: "an agency that does not exist",
        body: form({ ...CASE_AUDIT, agencyIds: ["999999"] }),
        status: 400,
        message: "Select agencies from the list",
      },
      {
        name: "a panel member who is not QA",
        body: form({ ...CASE_AUDIT, memberIds: ["SWEEP_QA", "OWN_LEAD"] }),
        status: 400,
        message: "Select panel members from the QA subgroup",
      },
      {
        name: "a tool that is not a case audit tool",
        body: form({ ...CASE_AUDIT, toolId: "999999" }),
        status: 400,
        message: "Select the case audit tool",
      },
    ],
  },
  "case-audits.$caseAuditId._index.tsx": {
    as: "qa",
    path: (f) => `/case-audits/${f.caseAudits.own}`,
    writes: ["case_audit_concerns", "case_audit_learning", "notifications", "outbox", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "a concern with no words", body: form({ ...CONCERN, concern: "" }), status: 400, message: "Describe the concern" },
      {
        name: "a concern naming an NHS number",
        body: form({ ...CONCERN, concern: "NHS 9434765919 seen" }),
        status: 400,
        message: "Remove the NHS number (9434765919)",
      },
      {
        name: "a concern due on 31 February",
        body: form({ ...CONCERN, ...date("respondBy", "31", "2", "2099") }),
        status: 400,
        message: "The date to respond by must be a real date",
      },
      {
        name: "a concern due in the past",
        body: form({ ...CONCERN, ...date("respondBy", "1", "1", "2020") }),
        status: 400,
        message: "The date to respond by must be today or in the future",
      },
      {
        name: "a concern for an agency not in the audit",
        body: form({ ...CONCERN, agencyId: "999999" }),
        status: 400,
        message: "Select the agency",
      },
      {
        name: "closing a concern not yet answered",
        body: form({ _intent: "close", concernId: "OWN_CONCERN" }),
        status: 409,
        message: "The agency has not answered this concern yet",
      },
      {
        name: "closing letters",
        body: form({ _intent: "close", concernId: "abc" }),
        status: 400,
        message: "Choose a concern from the page",
      },
      {
        name: "learning of no kind",
        body: form({ _intent: "learning", text: "Plans" }),
        status: 400,
        message: "Select theme or recommendation",
      },
      {
        name: "a theme for one agency",
        body: form({ _intent: "learning", kind: "theme", text: "Plans", agencyId: "OWN_AGENCY" }),
        status: 400,
        message: "A theme is for the partnership: leave the agency empty",
      },
      {
        name: "over-long learning",
        body: form({ _intent: "learning", kind: "theme", text: LONG }),
        status: 400,
        message: "The learning must be 3,000 characters or fewer",
      },
      {
        name: "a case audit that does not exist",
        path: () => "/case-audits/999999",
        body: form({ _intent: "learning", kind: "theme", text: "Plans" }),
        status: NOT_FOUND,
      },
    ],
  },
  "case-audits.$caseAuditId.cases.$caseId.tsx": {
    as: "qa",
    path: (f) => `/case-audits/${f.caseAudits.own}/cases/${f.caseAudits.caseId}`,
    writes: ["case_audit_grades", "case_audit_grade_submissions", "case_audit_agreed", "case_audit_cases", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      {
        name: "an agency not in the case",
        body: form({ _intent: "save", "grade:999999:voice": "good" }),
        status: 400,
        message: "Grade only the agencies and domains of this case",
      },
      {
        name: "submitting with grades missing",
        body: form({ _intent: "submit" }),
        status: 400,
        message: "Select a grade for recognition of need",
      },
      {
        name: "agreeing before grading",
        body: form({ _intent: "agree", overall: "good", overallRationale: "x" }),
        status: 409,
        message: "Submit your own grades before recording the agreed grades",
      },
      {
        name: "a case of another audit",
        path: (f) => `/case-audits/${f.caseAudits.other}/cases/${f.caseAudits.caseId}`,
        body: form({ _intent: "save" }),
        status: NOT_FOUND,
      },
    ],
  },
  "case-audits.$caseAuditId.report.tsx": {
    as: "qa",
    path: (f) => `/case-audits/${f.caseAudits.own}/report`,
    writes: ["publications", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Select how agencies are shown to the board" },
      { name: "unknown view", body: form({ view: "everyone" }), status: 400, message: "Select how agencies are shown to the board" },
      {
        name: "nothing agreed yet",
        body: form({ view: "named" }),
        status: 409,
        message: "The panel has not agreed the grades of any case yet",
      },
      {
        name: "a case audit that does not exist",
        path: () => "/case-audits/999999/report",
        body: form({ view: "named" }),
        status: NOT_FOUND,
      },
    ],
  },
  "case-audits.$caseAuditId.recommendations.$learningId.tsx": {
    as: "qa",
    path: (f) => `/case-audits/${f.caseAudits.own}/recommendations/${f.caseAudits.learningId}`,
    writes: ["actions", "case_audit_learning", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Select the domain the action is about" },
      {
        name: "31 February",
        body: form({ ...ACTION, ...date("dueOn", "31", "2", "2099") }),
        status: 400,
        message: "The due date must be a real date",
      },
      {
        name: "due in the past",
        body: form({ ...ACTION, ...date("dueOn", "1", "1", "2020") }),
        status: 400,
        message: "The due date must be today or in the future",
      },
      {
        name: "a domain the tool does not have",
        body: form({ ...ACTION, domain: "teamwork" }),
        status: 400,
        message: "Select the domain the action is about",
      },
      {
        name: "no case return submitted yet",
        body: form(ACTION),
        status: 409,
        message: "The agency has not submitted a case return in this audit yet",
      },
      {
        name: "the partnership's recommendation, due in the past",
        path: (f) => `/case-audits/${f.caseAudits.own}/recommendations/${f.caseAudits.partnershipLearningId}`,
        body: form({ ...ACTION, ...date("dueOn", "1", "1", "2020") }),
        status: 400,
        message: "The due date must be today or in the future",
      },
      {
        name: "the partnership's recommendation without an owner",
        path: (f) => `/case-audits/${f.caseAudits.own}/recommendations/${f.caseAudits.partnershipLearningId}`,
        body: form({ ...ACTION, owner: " " }),
        status: 400,
        message: "Enter who owns the action",
      },
    ],
  },
  "case-audits.concerns.$concernId.tsx": {
    as: "agency_lead",
    path: (f) => `/case-audits/concerns/${f.caseAudits.concerns.own}`,
    writes: ["case_audit_concerns", "notifications", "outbox", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter your agency's response" },
      {
        name: "an NHS number in the response",
        body: form({ response: "Seen: 943-476-5919" }),
        status: 400,
        message: "Remove the NHS number (943-476-5919)",
      },
      {
        name: "over-long response",
        body: form({ response: LONG }),
        status: 400,
        message: "The response must be 5,000 characters or fewer",
      },
      {
        name: "another agency's concern",
        path: (f) => `/case-audits/concerns/${f.caseAudits.concerns.other}`,
        body: form({ response: "Done" }),
        status: NOT_FOUND,
      },
    ],
  },

  // Practitioner surveys: QA opens one on a cycle (the open cycle has none yet; the done cycle has one running).
  "cycles.$cycleId.practitioner.tsx": {
    as: "qa",
    path: (f) => `/cycles/${f.openCycleId}/practitioner`,
    writes: ["practitioner_surveys", "practitioner_links", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Select the practitioner survey to use" },
      {
        name: "a tool that is not offered",
        body: form({ toolId: "999999", ...date("opensOn", "1", "3", "2027"), ...date("closesOn", "31", "3", "2027") }),
        status: 400,
        message: "Select the practitioner survey to use",
      },
      {
        name: "letters for the tool",
        body: form({ toolId: "abc", ...date("opensOn", "1", "3", "2027"), ...date("closesOn", "31", "3", "2027") }),
        status: 400,
        message: "Select the practitioner survey to use",
      },
      {
        name: "no opening date",
        body: form({ toolId: "PRACTITIONER_TOOL", ...date("closesOn", "31", "3", "2027") }),
        status: 400,
        message: "Enter the opening date",
      },
      {
        name: "a closing date that is not real",
        body: form({ toolId: "PRACTITIONER_TOOL", ...date("opensOn", "1", "3", "2027"), ...date("closesOn", "31", "2", "2027") }),
        status: 400,
        message: "The closing date must be a real date",
      },
      {
        name: "closing before opening",
        body: form({ toolId: "PRACTITIONER_TOOL", ...date("opensOn", "1", "3", "2027"), ...date("closesOn", "1", "2", "2027") }),
        status: 400,
        message: "The closing date must be on or after the opening date",
      },
      {
        name: "over-long day",
        body: form({ toolId: "PRACTITIONER_TOOL", ...date("opensOn", LONG, "3", "2027"), ...date("closesOn", "31", "3", "2027") }),
        status: 400,
        message: "The opening date must be a real date",
      },
      {
        name: "a cycle with a survey running",
        path: (f) => `/cycles/${f.doneCycleId}/practitioner`,
        body: form({ toolId: "PRACTITIONER_TOOL", ...date("opensOn", "1", "3", "2027"), ...date("closesOn", "31", "3", "2027") }),
        status: 409,
        message: "This cycle already has a practitioner survey running: close it before opening another",
      },
      {
        name: "a cycle that does not exist",
        path: () => "/cycles/999999/practitioner",
        body: form({ toolId: "PRACTITIONER_TOOL" }),
        status: NOT_FOUND,
      },
      { name: "a letter id", path: () => "/cycles/abc/practitioner", body: form({ toolId: "PRACTITIONER_TOOL" }), status: NOT_FOUND },
    ],
  },
  "practitioner-surveys.$surveyId._index.tsx": {
    as: "qa",
    path: (f) => `/practitioner-surveys/${f.surveyId}`,
    writes: ["practitioner_surveys", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Choose an action from the page" },
      { name: "unknown intent", body: form({ _intent: "delete" }), status: 400, message: "Choose an action from the page" },
      { name: "over-long intent", body: form({ _intent: LONG }), status: 400, message: "Choose an action from the page" },
      {
        name: "a survey that does not exist",
        path: () => "/practitioner-surveys/999999",
        body: form({ _intent: "close" }),
        status: NOT_FOUND,
      },
      { name: "a letter id", path: () => "/practitioner-surveys/abc", body: form({ _intent: "close" }), status: NOT_FOUND },
      {
        name: "asked to confirm closing a survey that does not exist",
        path: () => "/practitioner-surveys/999999",
        body: form({ _intent: "confirm-close" }),
        status: NOT_FOUND,
      },
    ],
  },
  // The open link: no account, and nothing is stored until a whole, valid response is sent.
  "p.$token._index/route.tsx": {
    as: "anonymous",
    path: (f) => `/p/${f.surveyToken}`,
    writes: ["practitioner_responses", "practitioner_tallies"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Your answers could not be read: start the survey again" },
      {
        name: "an unknown role",
        body: form({ _step: "intro", role: "boss" }),
        status: 400,
        message: "Select your role, or prefer not to say",
      },
      {
        name: "an over-long role",
        body: form({ _step: "intro", role: LONG }),
        status: 400,
        message: "Select your role, or prefer not to say",
      },
      {
        name: "answers that are not JSON",
        body: form({ _state: "{not json", _page: "0", _go: "next" }),
        status: 400,
        message: "Your answers could not be read: start the survey again",
      },
      {
        name: "over-long answers",
        body: form({ _state: LONG, _page: "0", _go: "next" }),
        status: 400,
        message: "Your answers could not be read: start the survey again",
      },
      {
        name: "answers of the wrong shape",
        body: form({ _state: '{"role":"chief","answers":{}}', _page: "0", _go: "next" }),
        status: 400,
        message: "Your answers could not be read: start the survey again",
      },
      {
        name: "a page that does not exist",
        body: form({ _state: '{"role":null,"answers":{}}', _page: "99", _go: "next" }),
        status: 400,
        message: "Your answers could not be read: start the survey again",
      },
      {
        name: "letters for the page",
        body: form({ _state: '{"role":null,"answers":{}}', _page: "first", _go: "next" }),
        status: 400,
        message: "Your answers could not be read: start the survey again",
      },
      {
        name: "an answer the survey does not offer",
        body: form({ _state: '{"role":null,"answers":{}}', _page: "0", _go: "next", p1: "maybe", p2: "agree", p3: "agree" }),
        status: 400,
        message: "Select one of the listed answers for",
      },
      {
        name: "a question not on the page",
        body: form({ _state: '{"role":null,"answers":{}}', _page: "0", _go: "next", p16: "agree" }),
        status: 400,
        message: "“p16” is not a question on this page",
      },
      {
        name: "a page left unanswered",
        body: form({ _state: '{"role":null,"answers":{}}', _page: "0", _go: "next" }),
        status: 400,
        message: "Select an answer, or Don't know",
      },
      {
        name: "the last page without the earlier answers",
        body: form({ _state: '{"role":"frontline","answers":{}}', _page: "4", _go: "next", p14: "agree", p15: "agree", p16: "agree" }),
        status: 400,
        message: "Select an answer, or Don't know",
      },
      {
        name: "a link nobody was given",
        path: () => "/p/AAAAAAAAAAAAAAAAAAAAAA",
        body: form({ _step: "intro", role: "frontline" }),
        status: NOT_FOUND,
      },
      { name: "a link that is not a token", path: () => "/p/..%2F..%2Fetc", body: form({ _step: "intro" }), status: NOT_FOUND },
    ],
  },
  "cycles.$cycleId.assurance.tsx": {
    as: "qa",
    path: (f) => `/cycles/${f.doneCycleId}/assurance`,
    writes: ["publications", "audit_log"],
    cases: publishCases("assurance"),
  },

  // The scorecard (DESIGN §13): defining indicators, entering a period's figures, publishing.
  "indicators.new.tsx": {
    as: "admin",
    path: () => "/indicators/new",
    writes: ["indicators", "indicator_versions", "audit_log"],
    cases: indicatorCases(),
  },
  "indicators.$indicatorId.edit.tsx": {
    as: "admin",
    path: (f) => `/indicators/${f.own.indicatorId}/edit`,
    writes: ["indicators", "indicator_versions", "audit_log"],
    cases: [
      ...indicatorCases().filter((item) => item.name !== "a code already in use"),
      {
        name: "a frequency change under figures",
        body: form({ ...GOOD_INDICATOR, code: "OWN_INDICATOR", owner: "OWN_AGENCY", frequency: "monthly" }),
        status: 400,
        message: "already has observations: its frequency cannot change",
      },
      { name: "an indicator that does not exist", path: () => "/indicators/999999/edit", body: form(GOOD_INDICATOR), status: NOT_FOUND },
    ],
  },
  "indicators.$indicatorId.observations.new.tsx": {
    as: "agency_lead",
    path: (f) => `/indicators/${f.own.indicatorId}/observations/new`,
    writes: ["observations", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Enter the period, like 2026-Q3" },
      {
        name: "a month for a quarterly indicator",
        body: form({ period: "2026-09", value: "50" }),
        status: 400,
        message: "This indicator is quarterly: enter the period like 2026-Q3, not 2026-09",
      },
      {
        name: "a period that is not one",
        body: form({ period: "next spring", value: "50" }),
        status: 400,
        message: "Enter the period as 2026-Q3",
      },
      { name: "no value", body: form({ period: "2026-Q1" }), status: 400, message: "Enter the value, or the numerator and denominator" },
      {
        name: "letters for the value",
        body: form({ period: "2026-Q1", value: "lots" }),
        status: 400,
        message: "The value must be a number, like 75 or 12.5",
      },
      {
        name: "a percentage over 100",
        body: form({ period: "2026-Q1", value: "140" }),
        status: 400,
        message: "A percentage must be between 0 and 100",
      },
      {
        name: "a numerator without a denominator",
        body: form({ period: "2026-Q1", numerator: "4" }),
        status: 400,
        message: "Enter both the numerator and the denominator, or neither",
      },
      {
        name: "a zero denominator",
        body: form({ period: "2026-Q1", numerator: "0", denominator: "0" }),
        status: 400,
        message: "The denominator must be more than 0",
      },
      {
        name: "a value that disagrees with its ratio",
        body: form({ period: "2026-Q1", numerator: "45", denominator: "60", value: "80" }),
        status: 400,
        message: "The value does not match the numerator and denominator (75)",
      },
      {
        name: "over-long commentary",
        body: form({ period: "2026-Q1", value: "50", commentary: LONG }),
        status: 400,
        message: "The commentary must be 2000 characters or fewer",
      },
      {
        name: "provisional neither yes nor no",
        body: form({ period: "2026-Q1", value: "50", provisional: "perhaps" }),
        status: 400,
        message: "Provisional must be yes or no",
      },
      {
        name: "another agency's indicator",
        path: (f) => `/indicators/${f.other.indicatorId}/observations/new`,
        body: form({ period: "2026-Q1", value: "50" }),
        status: NOT_FOUND,
      },
      {
        name: "an indicator that does not exist",
        path: () => "/indicators/999999/observations/new",
        body: form({ period: "2026-Q1", value: "50" }),
        status: NOT_FOUND,
      },
    ],
  },
  "scorecard._index.tsx": {
    as: "qa",
    path: () => "/scorecard",
    writes: ["publications", "audit_log"],
    cases: [
      { name: "empty body", body: form({}), status: 400, message: "Publish from the scorecard page" },
      { name: "an unknown intent", body: form({ intent: "delete" }), status: 400, message: "Publish from the scorecard page" },
    ],
  },
  "api.v1.scorecard.ts": {
    as: "anonymous",
    path: () => "/api/v1/scorecard",
    writes: ["publications"],
    cases: [{ name: "any POST", body: form({ intent: "publish" }), status: 405, message: "The API is read-only: use GET" }],
  },
  "api.v1.observations.ts": {
    as: "anonymous",
    path: () => "/api/v1/observations",
    writes: ["observations"],
    cases: [{ name: "a POST without a token", body: form({ indicator: "x" }), status: 401 }],
  },

  // The read-only API refuses every write with a JSON 405 (the API sweep in the test covers its reads).
  "api.v1.$.ts": {
    as: "anonymous",
    path: () => "/api/v1/anything",
    writes: ["api_tokens"],
    cases: [{ name: "any POST", body: form({ name: "x" }), status: 405, message: "The API is read-only: use GET" }],
  },
  "api.v1.cycles._index.ts": {
    as: "anonymous",
    path: () => "/api/v1/cycles",
    writes: ["cycles"],
    cases: [{ name: "any POST", body: form({ title: "x" }), status: 405, message: "The API is read-only: use GET" }],
  },
  "api.v1.cycles.$cycleId._index.ts": {
    as: "anonymous",
    path: (f) => `/api/v1/cycles/${f.doneCycleId}`,
    writes: ["cycles"],
    cases: [{ name: "any POST", body: form({ title: "x" }), status: 405, message: "The API is read-only: use GET" }],
  },
  "api.v1.cycles.$cycleId.returns.ts": {
    as: "anonymous",
    path: (f) => `/api/v1/cycles/${f.doneCycleId}/returns`,
    writes: ["returns"],
    cases: [{ name: "any POST", body: form({ answers: "{}" }), status: 405, message: "The API is read-only: use GET" }],
  },
  "api.v1.cycles.$cycleId.reports.$kind.ts": {
    as: "anonymous",
    path: (f) => `/api/v1/cycles/${f.doneCycleId}/reports/baseline`,
    writes: ["publications"],
    cases: [{ name: "any POST", body: form({ view: "named" }), status: 405, message: "The API is read-only: use GET" }],
  },
  "api.v1.case-audits._index.ts": {
    as: "anonymous",
    path: () => "/api/v1/case-audits",
    writes: ["case_audits"],
    cases: [{ name: "any POST", body: form({ title: "x" }), status: 405, message: "The API is read-only: use GET" }],
  },
  "api.v1.case-audits.$caseAuditId.report.ts": {
    as: "anonymous",
    path: (f) => `/api/v1/case-audits/${f.caseAudits.own}/report`,
    writes: ["publications"],
    cases: [{ name: "any POST", body: form({ view: "named" }), status: 405, message: "The API is read-only: use GET" }],
  },
};

/**
 * Every form is also sent a JSON body, which is not a form at all: "the form could not be read" (the
 * upload forms: "select a file"), except where the action reads no form. Listed here so a new form gets it too.
 */
const JSON_BODY_ANSWER: Record<string, { status: number; message?: string } | "reads no form"> = {
  "tools.new.tsx": { status: 400, message: "Select a tool file" },
  "returns.$returnId.upload.tsx": { status: 400, message: "Select the completed spreadsheet" },
  "returns.$returnId.carry-forward.tsx": "reads no form",
  "api-tokens.$tokenId.revoke.tsx": "reads no form",
  "api.v1.$.ts": "reads no form",
  "api.v1.cycles._index.ts": "reads no form",
  "api.v1.cycles.$cycleId._index.ts": "reads no form",
  "api.v1.cycles.$cycleId.returns.ts": "reads no form",
  "api.v1.cycles.$cycleId.reports.$kind.ts": "reads no form",
  "api.v1.case-audits._index.ts": "reads no form",
  "api.v1.case-audits.$caseAuditId.report.ts": "reads no form",
  "api.v1.observations.ts": "reads no form",
  "api.v1.scorecard.ts": "reads no form",
};
for (const [file, row] of Object.entries(SWEEP)) {
  if ("exempt" in row) continue;
  const answer = JSON_BODY_ANSWER[file] ?? { status: 400, message: UNREADABLE_FORM };
  if (answer !== "reads no form") row.cases.push({ name: "a JSON body", body: JSON_BODY, ...answer });
}
