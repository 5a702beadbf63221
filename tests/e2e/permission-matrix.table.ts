/**
 * THE PERMISSION MATRIX (DESIGN §7): who gets what from every route, over real HTTP.
 * tests/e2e/permission-matrix.test.ts reads app/routes at test time and fails for a route file without a
 * row here, so adding a route means adding its row. How to write a row:
 *
 *   "<route file name>": {
 *     url: (ids, side) => `/things/${ids[side].returnId}`,    // side: "own" = the signed-in agency's ids,
 *                                                             //       "other" = another agency's ids
 *     GET:  { anonymous: LOGIN, admin: 200, qa: 200, board: 403, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) },
 *     POST: { ... },                                         // only for routes with an action (an empty form is posted)
 *   },
 *
 * Outcomes: a status code (200, 400 = allowed in but the empty form is refused, 403, 404, 405 = no action),
 * LOGIN (302 to /login), REDIRECT (302 anywhere else). For agency roles an outcome is either one value for
 * both sides or { own, other }; OWN_ONLY(x) is { own: x, other: 404 }: another agency's id is "not found",
 * never data (DESIGN §7). Partnership roles (admin, qa, board) use the first agency's ids.
 *
 * The ids come from fixtures the test makes for itself on the e2e server's database: two agencies, each
 * with a lead and a member; a cycle with both returns submitted, scored, with an action each and published
 * to the board (`done`); a second open cycle with both returns still editable (`open`); and a cycle of a
 * tool of its own that only the other agency takes part in (`otherOnly`: what "another agency's" cycle and
 * tool mean for the agency roles' rows of cycles and tools).
 */

export type Role = "admin" | "qa" | "board" | "agency_lead" | "agency_member";
export type Who = "anonymous" | Role;
export type Outcome = number | "login" | "redirect";
export type AgencyOutcome = Outcome | { own: Outcome; other: Outcome };
export type Expectations = Record<Who, AgencyOutcome>;

export interface FixtureIds {
  agencyId: number;
  /** A submitted, scored return of the `done` cycle, with an action. */
  doneReturnId: number;
  /** An editable (not submitted) return of the `open` cycle. */
  openReturnId: number;
  /** An evidence file on the editable return. */
  evidenceId: number;
  actionId: number;
  /** The agency's lead (a person's page). */
  leadId: number;
  /** A scorecard indicator the agency owns. */
  indicatorId: number;
}

export interface Fixtures {
  own: FixtureIds;
  other: FixtureIds;
  doneCycleId: number;
  openCycleId: number;
  toolId: number;
  /** A cycle, and its tool, that only the other agency has a return in. */
  otherOnly: { cycleId: number; toolId: number };
  publicationId: number;
  /** A published actions report of the `done` cycle. */
  actionsPublicationId: number;
  firstPageName: string;
  firstStandardCode: string;
  /** Practitioner surveys: `own` on the done cycle (both agencies have a link), `other` on a cycle only the other agency is in. */
  surveys: { own: number; other: number };
  /** Each agency's open link (its token) in the `own` survey. */
  tokens: { own: string; other: string };
  /** Case audits: `own` has both agencies (a concern raised with each), `other` the other agency alone. */
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

export interface Row {
  url: (fixtures: Fixtures, side: "own" | "other") => string;
  GET: Expectations;
  POST?: Expectations;
  /** The POST ends the session it is sent with (sign out): the test signs in afresh for it. */
  endsSession?: boolean;
}

export const LOGIN = "login" as const;
export const REDIRECT = "redirect" as const;
export const OWN_ONLY = (outcome: Outcome) => ({ own: outcome, other: 404 });

/** Shorthands for the common shapes. */
const everyone = (outcome: Outcome): Expectations => ({
  anonymous: outcome,
  admin: outcome,
  qa: outcome,
  board: outcome,
  agency_lead: outcome,
  agency_member: outcome,
});
const only = (allowed: Partial<Record<Role, AgencyOutcome>>, otherwise: Outcome = 403): Expectations => ({
  anonymous: LOGIN,
  admin: allowed.admin ?? otherwise,
  qa: allowed.qa ?? otherwise,
  board: allowed.board ?? otherwise,
  agency_lead: allowed.agency_lead ?? otherwise,
  agency_member: allowed.agency_member ?? otherwise,
});

export const MATRIX: Record<string, Row> = {
  // Signed-in users are sent to their start page; the rest to sign in.
  "_index.tsx": {
    url: () => "/",
    GET: only({ admin: REDIRECT, qa: REDIRECT, board: REDIRECT, agency_lead: REDIRECT, agency_member: REDIRECT }),
  },
  "healthz.ts": { url: () => "/healthz", GET: everyone(200) },
  "login.tsx": {
    url: () => "/login",
    // Someone already signed in is sent on to their start page.
    GET: { ...everyone(REDIRECT), anonymous: 200 },
    POST: { ...everyone(REDIRECT), anonymous: 400 },
  },
  "logout.tsx": { url: () => "/logout", GET: everyone(REDIRECT), POST: everyone(LOGIN), endsSession: true },

  // Agencies, users, tools, cycles: the business office manages; QA reads; the agency roles read their own
  // agency's (its page and people, the cycles it takes part in and their tools), and another agency's is not
  // found (404); the board has no part (DESIGN §7). Agency roles' /agencies is their own agency's page.
  "agencies._index.tsx": { url: () => "/agencies", GET: only({ admin: 200, qa: 200, agency_lead: REDIRECT, agency_member: REDIRECT }) },
  "agencies.new.tsx": { url: () => "/agencies/new", GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  "agencies.$agencyId._index.tsx": {
    url: (f, side) => `/agencies/${f[side].agencyId}`,
    GET: only({ admin: 200, qa: 200, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    // Deactivating an agency is the business office's; an empty form is refused.
    POST: only({ admin: 400 }),
  },
  "agencies.$agencyId.edit.tsx": {
    url: (f, side) => `/agencies/${f[side].agencyId}/edit`,
    GET: only({ admin: 200 }),
    POST: only({ admin: 400 }),
  },
  // People, passwords and agencies on the web: the business office's alone.
  "agencies.import.tsx": { url: () => "/agencies/import", GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  "agencies.$agencyId.lead.tsx": {
    url: (f, side) => `/agencies/${f[side].agencyId}/lead`,
    GET: only({ admin: 200 }),
    POST: only({ admin: 400 }),
  },
  "users.$userId._index.tsx": { url: (f, side) => `/users/${f[side].leadId}`, GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  "users.$userId.edit.tsx": { url: (f, side) => `/users/${f[side].leadId}/edit`, GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  // Forgetting a password: anyone signed out may ask (an empty form is refused); someone signed in is sent on, as from sign-in.
  "forgot-password.tsx": {
    url: () => "/forgot-password",
    GET: { ...everyone(REDIRECT), anonymous: 200 },
    POST: { ...everyone(REDIRECT), anonymous: 400 },
  },
  "reset-password.$token.tsx": { url: () => "/reset-password/not-a-real-token", GET: everyone(404), POST: everyone(404) },
  "users._index.tsx": { url: () => "/users", GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }) },
  "users.new.tsx": { url: () => "/users/new", GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  "tools._index.tsx": { url: () => "/tools", GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }) },
  "tools.new.tsx": { url: () => "/tools/new", GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  "tools.$toolId.tsx": {
    url: (f, side) => `/tools/${side === "own" ? f.toolId : f.otherOnly.toolId}`,
    GET: only({ admin: 200, qa: 200, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    POST: only({ admin: 400 }),
  },
  "cycles._index.tsx": { url: () => "/cycles", GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }) },
  "cycles.new.tsx": { url: () => "/cycles/new", GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  "cycles.$cycleId._index.tsx": {
    url: (f, side) => `/cycles/${side === "own" ? f.doneCycleId : f.otherOnly.cycleId}`,
    GET: only({ admin: 200, qa: 200, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    POST: only({ admin: 400 }),
  },
  "cycles.$cycleId.completion.tsx": { url: (f) => `/cycles/${f.doneCycleId}/completion`, GET: only({ admin: 200, qa: 200 }) },

  // Reports: all for the business office, build and publish for QA, the agency's own view for agencies.
  "cycles.$cycleId.baseline.tsx": {
    url: (f) => `/cycles/${f.doneCycleId}/baseline`,
    GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }),
    POST: only({ qa: 400 }),
  },
  "cycles.$cycleId.baseline.export.ts": {
    url: (f) => `/cycles/${f.doneCycleId}/baseline/export?format=csv`,
    GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }),
  },
  "cycles.$cycleId.comparison.tsx": {
    url: (f) => `/cycles/${f.doneCycleId}/comparison`,
    GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }),
  },
  "cycles.$cycleId.baseline_.agencies.$agencyId.tsx": {
    url: (f, side) => `/cycles/${f.doneCycleId}/baseline/agencies/${f[side].agencyId}`,
    GET: only({ admin: 200, qa: 200, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
  },
  "board._index.tsx": { url: () => "/board", GET: only({ admin: 200, qa: 200, board: 200 }) },
  "board.$publicationId.tsx": { url: (f) => `/board/${f.publicationId}`, GET: only({ admin: 200, qa: 200, board: 200 }) },
  "board.$publicationId.export.ts": {
    url: (f) => `/board/${f.publicationId}/export?format=csv`,
    GET: only({ admin: 200, qa: 200, board: 200 }),
  },

  // Returns: agencies edit and submit their own drafts; QA and the business office read what is submitted.
  "returns._index.tsx": { url: () => "/returns", GET: only({ agency_lead: 200, agency_member: 200 }) },
  "returns.$returnId._index.tsx": {
    url: (f, side) => `/returns/${f[side].doneReturnId}`,
    GET: only({ admin: 200, qa: 200, board: 404, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    // Answering QA's challenge: only the agency's answer is accepted; the partnership roles who can read the
    // return get the form's refusal for an empty form (answerChallenge refuses their real answers).
    POST: only({ admin: 400, qa: 400, board: 404, agency_lead: OWN_ONLY(400), agency_member: OWN_ONLY(400) }),
  },
  "returns.$returnId.pages.$pageName/route.tsx": {
    url: (f, side) => `/returns/${f[side].openReturnId}/pages/${f.firstPageName}`,
    GET: only({ agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    POST: only({ agency_lead: OWN_ONLY(400), agency_member: OWN_ONLY(400) }),
  },
  "returns.$returnId.submit.tsx": {
    url: (f, side) => `/returns/${f[side].openReturnId}/submit`,
    // A contributor may not sign off: the submit page sends them back to the return.
    GET: only({ agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(REDIRECT) }),
    POST: only({ agency_lead: OWN_ONLY(400), agency_member: OWN_ONLY(REDIRECT) }),
  },
  "returns.$returnId.review._index.tsx": {
    url: (f, side) => `/returns/${f[side].doneReturnId}/review`,
    GET: only({ admin: 200, qa: 200 }),
    POST: only({ qa: 400 }),
  },
  "returns.$returnId.review.$standardCode.tsx": {
    url: (f, side) => `/returns/${f[side].doneReturnId}/review/${f.firstStandardCode}`,
    GET: only({ admin: 200, qa: 200 }),
    POST: only({ qa: 400 }),
  },
  "returns.$returnId.evidence.$evidenceId.ts": {
    // On a draft: private to its agency until submitted, so QA and the business office get 404 too.
    url: (f, side) => `/returns/${f[side].openReturnId}/evidence/${f[side].evidenceId}`,
    GET: only({ admin: 404, qa: 404, board: 404, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
  },
  "returns.$returnId.spreadsheet.ts": {
    url: (f, side) => `/returns/${f[side].openReturnId}/spreadsheet`,
    GET: only({ admin: 404, qa: 404, board: 404, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
  },
  "returns.$returnId.upload.tsx": {
    url: (f, side) => `/returns/${f[side].openReturnId}/upload`,
    GET: only({ agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    POST: only({ agency_lead: OWN_ONLY(400), agency_member: OWN_ONLY(400) }),
  },
  "returns.$returnId.due-date.tsx": {
    url: (f, side) => `/returns/${f[side].openReturnId}/due-date`,
    GET: only({ admin: 200 }),
    POST: only({ admin: 400 }),
  },
  "returns.$returnId.history.tsx": { url: (f, side) => `/returns/${f[side].doneReturnId}/history`, GET: only({ admin: 200, qa: 200 }) },

  // Actions: the agency manages its own; QA reads and agrees; the business office reads.
  "returns.$returnId.actions.new.tsx": {
    url: (f, side) => `/returns/${f[side].doneReturnId}/actions/new`,
    GET: only({ agency_lead: OWN_ONLY(200) }),
    POST: only({ agency_lead: OWN_ONLY(400) }),
  },
  // Panels (QA's scrutiny panels and their letters to agencies). A panel id that does not exist tells the
  // roles let in (404) from those kept out (403) without a fixture panel.
  // Case audits (DESIGN §12): QA and the business office set up and read them; QA grades and publishes; an
  // agency reads the audits it takes part in (its own case returns), its lead answers its own concerns.
  "case-audits._index.tsx": { url: () => "/case-audits", GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }) },
  "case-audits.new.tsx": { url: () => "/case-audits/new", GET: only({ admin: 200, qa: 200 }), POST: only({ admin: 400, qa: 400 }) },
  "case-audits.$caseAuditId._index.tsx": {
    url: (f, side) => `/case-audits/${f.caseAudits[side]}`,
    GET: only({ admin: 200, qa: 200, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    POST: only({ qa: 400 }),
  },
  "case-audits.$caseAuditId.cases.$caseId.tsx": {
    url: (f) => `/case-audits/${f.caseAudits.own}/cases/${f.caseAudits.caseId}`,
    GET: only({ admin: 200, qa: 200 }),
    POST: only({ qa: 400 }),
  },
  "case-audits.$caseAuditId.report.tsx": {
    url: (f) => `/case-audits/${f.caseAudits.own}/report`,
    GET: only({ admin: 200, qa: 200 }),
    POST: only({ qa: 400 }),
  },
  "case-audits.$caseAuditId.report.export.ts": {
    url: (f) => `/case-audits/${f.caseAudits.own}/report/export?format=csv`,
    GET: only({ admin: 200, qa: 200 }),
  },
  "case-audits.$caseAuditId.recommendations.$learningId.tsx": {
    url: (f) => `/case-audits/${f.caseAudits.own}/recommendations/${f.caseAudits.learningId}`,
    GET: only({ qa: 200 }),
    POST: only({ qa: 400 }),
  },
  "case-audits.concerns.$concernId.tsx": {
    url: (f, side) => `/case-audits/concerns/${f.caseAudits.concerns[side]}`,
    GET: only({ admin: 200, qa: 200, agency_lead: OWN_ONLY(200) }),
    POST: only({ agency_lead: OWN_ONLY(400) }),
  },

  "panels._index.tsx": { url: () => "/panels", GET: only({ admin: 200, qa: 200, board: 403, agency_lead: 200, agency_member: 200 }) },
  "panels.new.tsx": { url: () => "/panels/new", GET: only({ qa: 200 }), POST: only({ qa: 400 }) },
  // QA posting an empty form is refused for the form (400) before the panel is looked up: no agency data either way.
  "panels.$panelId._index.tsx": { url: () => "/panels/999999", GET: only({ admin: 404, qa: 404 }), POST: only({ qa: 400 }) },
  "panels.$panelId.letters.$agencyId._index.tsx": {
    url: (f, side) => `/panels/999999/letters/${f[side].agencyId}`,
    GET: only({ admin: 404, qa: 404, board: 404, agency_lead: 404, agency_member: 404 }),
  },
  "panels.$panelId.letters.$agencyId.letter[.]docx.ts": {
    url: (f, side) => `/panels/999999/letters/${f[side].agencyId}/letter.docx`,
    GET: only({ admin: 404, qa: 404, board: 404, agency_lead: 404, agency_member: 404 }),
  },

  // Notifications: everyone signed in has their own; the outbox of emails is the business office's.
  "notifications.tsx": {
    url: () => "/notifications",
    GET: only({ admin: 200, qa: 200, board: 200, agency_lead: 200, agency_member: 200 }),
    POST: only({ admin: 400, qa: 400, board: 400, agency_lead: 400, agency_member: 400 }),
  },
  "outbox.tsx": { url: () => "/outbox", GET: only({ admin: 200 }), POST: only({ admin: 400 }) },

  // Contributors: an agency lead invites and removes the agency's members; an invitation link is for whoever holds it.
  "people._index.tsx": { url: () => "/people", GET: only({ agency_lead: 200 }), POST: only({ agency_lead: 400 }) },
  // A link that does not work is not found, whatever is posted to it (the bad-input sweep posts to a real one).
  "invite.$token.tsx": { url: () => "/invite/not-a-real-token", GET: everyone(404), POST: everyone(404) },

  // Carry forward: a POST from the return's own agency goes back to the return with the outcome; so does any GET.
  "returns.$returnId.carry-forward.tsx": {
    url: (f, side) => `/returns/${f[side].openReturnId}/carry-forward`,
    GET: everyone(REDIRECT),
    POST: only({ agency_lead: OWN_ONLY(REDIRECT), agency_member: OWN_ONLY(REDIRECT) }),
  },

  // Print: a submitted return for whoever may read it; a blank tool for the partnership and agencies with a cycle of it.
  "returns.$returnId.print.tsx": {
    url: (f, side) => `/returns/${f[side].doneReturnId}/print`,
    GET: only({ admin: 200, qa: 200, board: 404, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
  },
  "tools.$toolId_.print.tsx": {
    url: (f, side) => `/tools/${side === "own" ? f.toolId : f.otherOnly.toolId}/print`,
    GET: only({ admin: 200, qa: 200, board: 404, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
  },

  // Practitioner surveys (DESIGN §11): QA and the business office open and read them; a lead shares their own agency's link.
  "cycles.$cycleId.practitioner.tsx": {
    url: (f) => `/cycles/${f.doneCycleId}/practitioner`,
    GET: only({ admin: 200, qa: 200 }),
    POST: only({ admin: 400, qa: 400 }),
  },
  "practitioner-surveys.$surveyId._index.tsx": {
    url: (f, side) => `/practitioner-surveys/${f.surveys[side]}`,
    GET: only({ admin: 200, qa: 200, agency_lead: OWN_ONLY(200) }),
    POST: only({ admin: 400, qa: 400 }),
  },
  "practitioner-surveys.$surveyId.poster.tsx": {
    url: (f, side) => `/practitioner-surveys/${f.surveys[side]}/poster`,
    GET: only({ agency_lead: OWN_ONLY(200) }),
  },
  // The open link needs no account: everyone gets the page, and an empty form is refused as unreadable.
  "p.$token._index/route.tsx": { url: (f, side) => `/p/${f.tokens[side]}`, GET: everyone(200), POST: everyone(400) },
  "p.$token.thanks.tsx": { url: (f, side) => `/p/${f.tokens[side]}/thanks`, GET: everyone(200) },
  // The assurance view is the partnership's (DESIGN §14); QA publishes it.
  "cycles.$cycleId.assurance.tsx": {
    url: (f) => `/cycles/${f.doneCycleId}/assurance`,
    GET: only({ admin: 200, qa: 200 }),
    POST: only({ qa: 400 }),
  },
  "cycles.$cycleId.assurance.export.ts": {
    url: (f) => `/cycles/${f.doneCycleId}/assurance/export?format=csv`,
    GET: only({ admin: 200, qa: 200 }),
  },

  // Further reports: the completion and actions reports are the partnership's; trend and comparison are also the agency's own view.
  "cycles.$cycleId.completion.export.ts": {
    url: (f) => `/cycles/${f.doneCycleId}/completion/export?format=csv`,
    GET: only({ admin: 200, qa: 200 }),
  },
  "cycles.$cycleId.actions-report.tsx": {
    url: (f) => `/cycles/${f.doneCycleId}/actions-report`,
    GET: only({ admin: 200, qa: 200 }),
    POST: only({ qa: 400 }),
  },
  "cycles.$cycleId.actions-report.export.ts": {
    url: (f) => `/cycles/${f.doneCycleId}/actions-report/export?format=csv`,
    GET: only({ admin: 200, qa: 200 }),
  },
  "cycles.$cycleId.trend.tsx": {
    url: (f) => `/cycles/${f.doneCycleId}/trend`,
    GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }),
  },
  "cycles.$cycleId.trend.export.ts": {
    url: (f) => `/cycles/${f.doneCycleId}/trend/export?format=csv`,
    GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }),
  },
  // Without ?against= there is nothing to compare with: the roles let in are told so (400).
  "cycles.$cycleId.comparison.export.ts": {
    url: (f) => `/cycles/${f.doneCycleId}/comparison/export?format=csv`,
    GET: only({ admin: 400, qa: 400, agency_lead: 400, agency_member: 400 }),
  },

  // API tokens are the business office's. The API itself takes bearer tokens only: a session cookie is not enough (401).
  "api-tokens._index.tsx": { url: () => "/api-tokens", GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  "api-tokens.$tokenId.revoke.tsx": { url: () => "/api-tokens/999999/revoke", GET: only({ admin: 404 }), POST: only({ admin: 404 }) },
  "api.v1.cycles._index.ts": { url: () => "/api/v1/cycles", GET: everyone(401) },
  "api.v1.cycles.$cycleId._index.ts": { url: (f) => `/api/v1/cycles/${f.doneCycleId}`, GET: everyone(401) },
  "api.v1.cycles.$cycleId.returns.ts": { url: (f) => `/api/v1/cycles/${f.doneCycleId}/returns`, GET: everyone(401) },
  "api.v1.cycles.$cycleId.reports.$kind.ts": { url: (f) => `/api/v1/cycles/${f.doneCycleId}/reports/baseline`, GET: everyone(401) },
  "api.v1.$.ts": { url: () => "/api/v1/no-such-thing", GET: everyone(401) },
  "api.v1.observations.ts": { url: () => "/api/v1/observations", GET: everyone(401) },
  "api.v1.scorecard.ts": { url: () => "/api/v1/scorecard", GET: everyone(401) },
  "api.v1.case-audits._index.ts": { url: () => "/api/v1/case-audits", GET: everyone(401) },
  "api.v1.case-audits.$caseAuditId.report.ts": { url: (f) => `/api/v1/case-audits/${f.caseAudits.own}/report`, GET: everyone(401) },

  // The scorecard (DESIGN §7, §13): the business office defines indicators; an agency's people read and enter
  // their own agency's indicators (another agency's is not found); admin and QA read the live scorecard and QA
  // publishes it; the board reads published scorecards only.
  "indicators._index.tsx": { url: () => "/indicators", GET: only({ admin: 200, qa: 200, agency_lead: 200, agency_member: 200 }) },
  "indicators.new.tsx": { url: () => "/indicators/new", GET: only({ admin: 200 }), POST: only({ admin: 400 }) },
  "indicators.$indicatorId._index.tsx": {
    url: (f, side) => `/indicators/${f[side].indicatorId}`,
    GET: only({ admin: 200, qa: 200, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
  },
  "indicators.$indicatorId.edit.tsx": {
    url: (f, side) => `/indicators/${f[side].indicatorId}/edit`,
    GET: only({ admin: 200 }),
    POST: only({ admin: 400 }),
  },
  "indicators.$indicatorId.observations.new.tsx": {
    url: (f, side) => `/indicators/${f[side].indicatorId}/observations/new`,
    GET: only({ admin: 200, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    POST: only({ admin: 400, agency_lead: OWN_ONLY(400), agency_member: OWN_ONLY(400) }),
  },
  "scorecard._index.tsx": { url: () => "/scorecard", GET: only({ admin: 200, qa: 200, board: 200 }), POST: only({ qa: 400 }) },
  "scorecard.export.ts": { url: () => "/scorecard/export?format=csv", GET: only({ admin: 200, qa: 200 }) },

  // Actions: the agency manages (lead) or updates (member) its own; QA reads and agrees; the business office
  // reads; the board reads them as published: its /actions lists the published actions reports, and a live
  // action is not found for it (DESIGN §7, docs/decisions/014-permission-gaps.md).
  "actions._index.tsx": { url: () => "/actions", GET: only({ admin: 200, qa: 200, board: 200, agency_lead: 200, agency_member: 200 }) },
  "actions.$actionId.tsx": {
    url: (f, side) => `/actions/${f[side].actionId}`,
    GET: only({ admin: 200, qa: 200, board: 404, agency_lead: OWN_ONLY(200), agency_member: OWN_ONLY(200) }),
    POST: only({ qa: 400, agency_lead: OWN_ONLY(400), agency_member: OWN_ONLY(400) }),
  },
};

/**
 * The same route for a partnership action (a case audit's recommendation for the partnership): the QA
 * subgroup reads and updates it, the business office reads it, and no agency role finds it, whichever agency.
 */
export const PARTNERSHIP_ACTION: Row = {
  url: (f) => `/actions/${f.caseAudits.partnershipActionId}`,
  GET: only({ admin: 200, qa: 200, board: 404, agency_lead: 404, agency_member: 404 }),
  POST: only({ qa: 400, agency_lead: 404, agency_member: 404 }),
};
