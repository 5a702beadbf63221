import { describe, expect, it } from "vitest";
import { effectiveDueOn, extensionProblems } from "./due-date";
import {
  MAX_ATTEMPTS,
  afterFailure,
  buildMessage,
  dedupeKey,
  dueReminder,
  isActionOverdue,
  toEmailText,
  toHeaderValue,
  type ReturnForReminders,
} from "./notifications";

// A cycle opened on 5 January 2027 and due on 31 March 2027 (85 days later).
const ret: ReturnForReminders = {
  returnId: 7,
  status: "in_progress",
  cycleStatus: "open",
  dueOn: "2027-03-31",
  openedOn: "2027-01-05",
  finalDeadlineOn: "2027-04-30",
};

describe("which reminder is due", () => {
  it("sends nothing while the due date is more than 14 days away", () => {
    // 16 March → 31 March is 15 days.
    expect(dueReminder(ret, "2027-03-16")).toBeNull();
  });

  it("sends the 14-day reminder from 14 days before down to 4 days before", () => {
    expect(dueReminder(ret, "2027-03-17")).toEqual({ kind: "due_in_14_days", returnId: 7, dueOn: "2027-03-31", daysLeft: 14 });
    // A day the scheduler missed is caught up: 27 March is 4 days before.
    expect(dueReminder(ret, "2027-03-27")).toMatchObject({ kind: "due_in_14_days", daysLeft: 4 });
  });

  it("sends the 3-day reminder from 3 days before to the due date itself", () => {
    expect(dueReminder(ret, "2027-03-28")).toMatchObject({ kind: "due_in_3_days", daysLeft: 3 });
    expect(dueReminder(ret, "2027-03-31")).toMatchObject({ kind: "due_in_3_days", daysLeft: 0 });
  });

  it("chases an overdue return the day after the due date, until the final deadline", () => {
    expect(dueReminder(ret, "2027-04-01")).toMatchObject({ kind: "overdue", daysLeft: -1 });
    expect(dueReminder(ret, "2027-04-30")).toMatchObject({ kind: "overdue", daysLeft: -30 });
    expect(dueReminder(ret, "2027-05-01")).toBeNull();
    expect(dueReminder({ ...ret, finalDeadlineOn: null }, "2027-12-01")).toMatchObject({ kind: "overdue", daysLeft: -245 });
  });

  it("counts against the agency's extended due date", () => {
    // Extended from 31 March to 30 April: on 1 April it is 29 days away, so nothing is sent.
    const extended = { ...ret, dueOn: effectiveDueOn("2027-03-31", "2027-04-30") };
    expect(dueReminder(extended, "2027-04-01")).toBeNull();
    expect(dueReminder(extended, "2027-04-16")).toMatchObject({ kind: "due_in_14_days", dueOn: "2027-04-30", daysLeft: 14 });
  });

  it("skips the 14-day reminder when the cycle opened 14 days or less before the due date", () => {
    const late = { ...ret, openedOn: "2027-03-17" };
    expect(dueReminder(late, "2027-03-20")).toBeNull();
    expect(dueReminder(late, "2027-03-29")).toMatchObject({ kind: "due_in_3_days", daysLeft: 2 });
    expect(dueReminder({ ...ret, openedOn: "2027-03-16" }, "2027-03-20")).toMatchObject({ kind: "due_in_14_days", daysLeft: 11 });
  });

  it("never chases a submitted return, nor one in a closed or draft cycle", () => {
    for (const status of ["submitted", "returned", "validated"] as const) expect(dueReminder({ ...ret, status }, "2027-04-01")).toBeNull();
    expect(dueReminder({ ...ret, status: "not_started" }, "2027-04-01")).toMatchObject({ kind: "overdue" });
    expect(dueReminder({ ...ret, cycleStatus: "closed" }, "2027-04-01")).toBeNull();
    expect(dueReminder({ ...ret, cycleStatus: "draft" }, "2027-03-20")).toBeNull();
  });

  it("chases an action only once its due date has passed and it is not done", () => {
    expect(isActionOverdue({ status: "open", dueOn: "2027-03-31" }, "2027-03-31")).toBe(false);
    expect(isActionOverdue({ status: "in_progress", dueOn: "2027-03-31" }, "2027-04-01")).toBe(true);
    expect(isActionOverdue({ status: "done", dueOn: "2027-03-31" }, "2027-04-01")).toBe(false);
  });

  it("keys a reminder by event, due date and recipient", () => {
    expect(dedupeKey("overdue", "return:7:due:2027-03-31", 12)).toBe("overdue:return:7:due:2027-03-31:user:12");
  });
});

describe("what the messages say", () => {
  it("writes the overdue chase in plain English with the date and days overdue", () => {
    const message = buildMessage({
      kind: "overdue",
      returnId: 7,
      cycleTitle: "Section 11 audit 2027",
      agencyName: "Northshire Police",
      dueOn: "2027-03-31",
      daysLeft: -3,
    });
    expect(message.subject).toBe("Section 11 audit 2027: your return is overdue");
    expect(message.body).toContain(
      "Northshire Police's return for Section 11 audit 2027 was due on 31 March 2027 and has not been submitted. It is 3 days overdue.",
    );
    expect(message.link).toBe("/returns/7");
  });

  it("says 'today' and '1 day' where that is what it means", () => {
    const input = { returnId: 7, cycleTitle: "S11 2027", agencyName: "Police", dueOn: "2027-03-31" };
    expect(buildMessage({ ...input, kind: "due_in_3_days", daysLeft: 0 }).subject).toBe("S11 2027: your return is due today");
    expect(buildMessage({ ...input, kind: "due_in_3_days", daysLeft: 1 }).subject).toBe("S11 2027: your return is due in 1 day");
    expect(buildMessage({ ...input, kind: "overdue", daysLeft: -1 }).body).toContain("It is 1 day overdue.");
  });

  it("links each kind to where the reader acts on it", () => {
    const base = { returnId: 7, cycleTitle: "S11 2027", agencyName: "Police" };
    expect(buildMessage({ ...base, kind: "challenge_answered", standardCode: "S11-6" }).link).toBe("/returns/7/review/S11-6");
    expect(
      buildMessage({ ...base, kind: "challenge_raised", standardCode: "S11-6", question: "Where is the training record?" }).body,
    ).toContain("Where is the training record?");
    expect(buildMessage({ ...base, kind: "return_sent_back", reason: "Add the audit dates" }).body).toContain(
      "What to change: Add the audit dates",
    );
    expect(
      buildMessage({
        kind: "action_overdue",
        actionId: 3,
        agencyName: "Police",
        standardCode: "S11-2",
        description: "Train managers",
        dueOn: "2027-01-31",
      }),
    ).toMatchObject({
      subject: "Action overdue: S11-2 for Police",
      link: "/actions/3",
    });
    expect(buildMessage({ ...base, kind: "cycle_opened", dueOn: "2027-03-31" }).body).toContain("by 31 March 2027");
  });

  it("tells a case audit's agency what case, what to do and by when, not that a cycle is open", () => {
    const opened = buildMessage({
      kind: "case_audit_opened",
      caseAuditId: 4,
      caseAuditTitle: "Neglect",
      agencyName: "Police",
      caseReferences: ["2027-T1-C1", "2027-T1-C2"],
      dueOn: "2027-03-31",
    });
    expect(opened.subject).toBe("Case audit: Neglect: Police is taking part");
    expect(opened.body).toContain("2 children's cases together on the theme Neglect: 2027-T1-C1, 2027-T1-C2.");
    expect(opened.body).toContain("submits it by 31 March 2027");
    expect(opened.link).toBe("/case-audits/4");
    const base = { returnId: 7, cycleTitle: "Neglect: case 2027-T1-C2", agencyName: "Police" };
    const caseAudit = { caseAuditTitle: "Neglect", caseReference: "2027-T1-C2" };
    expect(buildMessage({ ...base, kind: "due_in_3_days", dueOn: "2027-03-31", daysLeft: 3, caseAudit }).subject).toBe(
      "Case audit: case 2027-T1-C2: your case return is due in 3 days",
    );
    const overdue = buildMessage({ ...base, kind: "overdue", dueOn: "2027-03-31", daysLeft: -2, caseAudit });
    expect(overdue.subject).toBe("Case audit: case 2027-T1-C2: your case return is overdue");
    expect(overdue.body).toContain("in the case audit Neglect was due on 31 March 2027 and has not been submitted. It is 2 days overdue.");
  });

  it("puts the full link in the email", () => {
    expect(toEmailText({ body: "Hello.", link: "/returns/7" }, "https://audit.example.org")).toBe(
      "Hello.\n\nGo to the service: https://audit.example.org/returns/7\n\nYou can also read this message under Notifications when you sign in.",
    );
  });
});

describe("retrying a failed email", () => {
  it("backs off 1, 5, 15 and 60 minutes, then marks it failed after the fifth attempt", () => {
    const now = "2027-03-31T09:00:00.000Z";
    expect(afterFailure(1, now)).toEqual({ state: "pending", nextAttemptAt: "2027-03-31T09:01:00.000Z" });
    expect(afterFailure(2, now)).toEqual({ state: "pending", nextAttemptAt: "2027-03-31T09:05:00.000Z" });
    expect(afterFailure(3, now)).toEqual({ state: "pending", nextAttemptAt: "2027-03-31T09:15:00.000Z" });
    expect(afterFailure(4, now)).toEqual({ state: "pending", nextAttemptAt: "2027-03-31T10:00:00.000Z" });
    expect(MAX_ATTEMPTS).toBe(5);
    expect(afterFailure(5, now)).toEqual({ state: "failed" });
  });
});

describe("extending a due date", () => {
  const cycle = { opensOn: "2027-01-05", finalDeadlineOn: "2027-04-30" };
  it("accepts a date between the opening date and the final deadline, with a reason", () => {
    expect(extensionProblems({ ...cycle, newDueOn: "2027-04-30", reason: "Ofsted inspection in March" })).toEqual({});
    expect(extensionProblems({ ...cycle, newDueOn: "2027-01-05", reason: "Agreed" })).toEqual({});
  });

  it("refuses a date before the cycle opened, or after its final deadline, and an empty reason", () => {
    expect(extensionProblems({ ...cycle, newDueOn: "2027-01-04", reason: "  " })).toEqual({
      dueOn: "The new due date must be the same as or after the opening date, 5 January 2027",
      reason: "Enter the reason for the new due date",
    });
    expect(extensionProblems({ ...cycle, newDueOn: "2027-05-01", reason: "x" }).dueOn).toBe(
      "The new due date must be the same as or before the final deadline, 30 April 2027",
    );
    expect(extensionProblems({ ...cycle, finalDeadlineOn: null, newDueOn: "2028-05-01", reason: "x" })).toEqual({});
    expect(extensionProblems({ ...cycle, newDueOn: "2027-03-01", reason: "x".repeat(1001) }).reason).toBe(
      "The reason must be 1,000 characters or fewer",
    );
  });
});

describe("email header values", () => {
  it("turns line breaks and other control characters into one space, so a name cannot add a header", () => {
    expect(toHeaderValue("Section 11 is open for X\r\nBcc: evil@example.org")).toBe("Section 11 is open for X Bcc: evil@example.org");
    expect(toHeaderValue("A\nB\rC\tD\u0000E\u2028F")).toBe("A B C D E F");
    expect(toHeaderValue("Northshire Police")).toBe("Northshire Police");
  });
});
