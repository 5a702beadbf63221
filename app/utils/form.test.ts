import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dateErrorTargets, parseForm, postedDateParts, readDateInputs, readForm, UNREADABLE_FORM } from "./form";

const Schema = z
  .object({
    name: z.string().trim().min(1, "Enter the name"),
    kind: z.enum(["a", "b"], { error: "Select the kind" }),
    note: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.name === "forbidden") ctx.addIssue({ code: "custom", path: ["name"], message: "Choose another name" });
  });

describe("parseForm", () => {
  it("gives a field the request does not carry at all its own message, as if it were left empty", () => {
    expect(parseForm(Schema, {})).toEqual({ ok: false, errors: { name: "Enter the name", kind: "Select the kind" } });
    expect(parseForm(Schema, { kind: "a" })).toEqual({ ok: false, errors: { name: "Enter the name" } });
  });

  it("keeps refinements and passes good input through", () => {
    expect(parseForm(Schema, { name: "forbidden", kind: "a" })).toEqual({ ok: false, errors: { name: "Choose another name" } });
    expect(parseForm(Schema, { name: " Jo ", kind: "b" })).toEqual({ ok: true, data: { name: "Jo", kind: "b", note: "" } });
  });
});

describe("readForm", () => {
  it("reads a posted form", async () => {
    const form = await readForm(new Request("http://x/", { method: "POST", body: new URLSearchParams({ a: "1" }) }));
    expect(form.get("a")).toBe("1");
  });

  it("answers a body that is not a form with a 400 saying so", async () => {
    const request = new Request("http://x/", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"a":1}' });
    const thrown = await readForm(request).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    await expect((thrown as Response).text()).resolves.toBe(UNREADABLE_FORM);
  });

  it("answers a body whose reading fails part-way (refused as too large, or dropped) with the same 400", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("email=a"));
        controller.error(new Error("The body passed its 512 KB limit"));
      },
    });
    const request = new Request("http://x/", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
      duplex: "half",
    } as RequestInit);
    const thrown = await readForm(request).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Response);
    await expect((thrown as Response).text()).resolves.toBe(UNREADABLE_FORM);
  });
});

describe("readDateInputs", () => {
  const FIELDS = [
    { name: "opensOn", label: "opening date" },
    { name: "dueOn", label: "due date" },
    { name: "finalDeadlineOn", label: "final deadline", required: false },
  ];
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(entries)) data.append(name, value);
    return data;
  };

  it("reads every date, an optional one left empty as null", () => {
    const posted = form({
      "opensOn-day": "1",
      "opensOn-month": "3",
      "opensOn-year": "2027",
      "dueOn-day": "30",
      "dueOn-month": "4",
      "dueOn-year": "2027",
    });
    expect(readDateInputs(posted, FIELDS)).toEqual({
      dates: { opensOn: "2027-03-01", dueOn: "2027-04-30", finalDeadlineOn: null },
      errors: {},
    });
  });

  it("gives each missing or impossible date its own message, in the form's order", () => {
    const posted = form({ "dueOn-day": "31", "dueOn-month": "2", "dueOn-year": "2027", "finalDeadlineOn-day": "5" });
    const { dates, errors } = readDateInputs(posted, FIELDS);
    expect(dates).toEqual({});
    expect(Object.keys(errors)).toEqual(["opensOn", "dueOn", "finalDeadlineOn"]);
    expect(errors.opensOn).toBe("Enter the opening date");
    expect(errors.dueOn).toMatch(/^The due date must be a real date/);
    expect(errors.finalDeadlineOn).toMatch(/^The final deadline must include/);
  });

  it("shows the parts as posted and links each date's error to its day field", () => {
    expect(postedDateParts({ "dueOn-day": "31", "dueOn-month": "2", "dueOn-year": "20x7" }, "dueOn")).toEqual({
      day: "31",
      month: "2",
      year: "20x7",
    });
    expect(dateErrorTargets(FIELDS)).toEqual({ opensOn: "opensOn-day", dueOn: "dueOn-day", finalDeadlineOn: "finalDeadlineOn-day" });
  });
});
