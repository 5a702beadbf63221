// Our components must emit GOV.UK Frontend's markup exactly (STYLE.md, UI). Each test renders one of the
// examples GOV.UK Frontend ships in its `fixtures.json` with our component and compares the HTML, after
// a normalisation that only removes what a browser ignores: indentation, attribute order, class order.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import {
  BackLink,
  Button,
  Checkboxes,
  DateInput,
  Details,
  ErrorMessage,
  ErrorSummary,
  Fieldset,
  FileUpload,
  Footer,
  Header,
  ServiceNavigation,
  Input,
  InsetText,
  NotificationBanner,
  Pagination,
  Panel,
  PhaseBanner,
  Radios,
  Select,
  SkipLink,
  SummaryList,
  Table,
  Tag,
  TaskList,
  Textarea,
  WarningText,
} from "./index";

interface Fixture {
  name: string;
  html: string;
}

const require = createRequire(import.meta.url);

function fixture(component: string, name: string): string {
  const file = require.resolve(`govuk-frontend/dist/govuk/components/${component}/fixtures.json`);
  const { fixtures } = JSON.parse(readFileSync(file, "utf8")) as { fixtures: Fixture[] };
  const found = fixtures.find((f) => f.name === name);
  if (!found) throw new Error(`govuk-frontend has no "${name}" fixture for ${component}`);
  return found.html;
}

const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]);
// Whitespace inside these is content, not layout.
const VERBATIM_ELEMENTS = new Set(["textarea", "pre"]);

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, code: string) => {
    if (code[0] === "#") {
      const hex = code[1] === "x" || code[1] === "X";
      return String.fromCodePoint(parseInt(code.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ctdot: "⋯" };
    return named[code.toLowerCase()] ?? entity;
  });
}

function normaliseAttributes(source: string): string {
  const attributes: Array<[string, string]> = [];
  const pattern = /([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (const match of source.matchAll(pattern)) {
    const name = match[1].toLowerCase();
    let value = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "")
      .replace(/\s+/g, " ")
      .trim();
    if (name === "class") value = value.split(" ").sort().join(" ");
    attributes.push([name, value]);
  }
  attributes.sort(([a], [b]) => a.localeCompare(b));
  return attributes.map(([name, value]) => ` ${name}="${value}"`).join("");
}

/**
 * Turns HTML into one line per tag or text run, indented by depth: tag names, every attribute and
 * every word of text must match; indentation, attribute order and class order need not. Boolean
 * attributes compare as `name=""` (`checked` and React's `checked=""` are the same).
 */
function normalise(html: string): string {
  const lines: string[] = [];
  let depth = 0;
  let verbatim = 0;
  const pattern =
    /<!--[\s\S]*?-->|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>|([^<]+)/g;
  for (const match of html.matchAll(pattern)) {
    const [, closeName, openName, attributes = "", selfClosing, text] = match;
    if (closeName) {
      const name = closeName.toLowerCase();
      if (VERBATIM_ELEMENTS.has(name)) verbatim -= 1;
      depth -= 1;
      lines.push(`${"  ".repeat(depth)}</${name}>`);
    } else if (openName) {
      const name = openName.toLowerCase();
      lines.push(`${"  ".repeat(depth)}<${name}${normaliseAttributes(attributes)}>`);
      if (VOID_ELEMENTS.has(name)) continue;
      if (selfClosing) {
        lines.push(`${"  ".repeat(depth)}</${name}>`);
        continue;
      }
      if (VERBATIM_ELEMENTS.has(name)) verbatim += 1;
      depth += 1;
    } else if (text !== undefined) {
      const decoded = decodeEntities(text);
      const content = verbatim > 0 ? JSON.stringify(decoded) : decoded.replace(/\s+/g, " ").trim();
      if (content) lines.push(`${"  ".repeat(depth)}${content}`);
    }
  }
  return lines.join("\n");
}

function render(element: ReactElement): string {
  return renderToStaticMarkup(element);
}

function expectMarkup(element: ReactElement, component: string, fixtureName: string) {
  expect(normalise(render(element))).toBe(normalise(fixture(component, fixtureName)));
}

describe("the markup normaliser used by these tests", () => {
  it("ignores indentation, attribute order and class order", () => {
    expect(normalise('<p class="b a" id="x">\n  Hello   world\n</p>')).toBe(normalise('<p id="x" class="a b">Hello world</p>'));
  });

  it("tells apart a missing class, a different attribute value, a different element and different text", () => {
    const html = '<p class="govuk-hint" id="x">Hint</p>';
    expect(normalise('<p class="" id="x">Hint</p>')).not.toBe(normalise(html));
    expect(normalise('<p class="govuk-hint" id="y">Hint</p>')).not.toBe(normalise(html));
    expect(normalise('<div class="govuk-hint" id="x">Hint</div>')).not.toBe(normalise(html));
    expect(normalise('<p class="govuk-hint" id="x">Hints</p>')).not.toBe(normalise(html));
    expect(normalise('<p class="govuk-hint" id="x"><span>Hint</span></p>')).not.toBe(normalise(html));
  });
});

describe("GOV.UK Frontend markup", () => {
  const passportErrors = [
    { text: "The date your passport was issued must be in the past", href: "#example-error-1" },
    { text: "Enter a postcode, like AA1 1AA", href: "#example-error-2" },
  ];

  it("renders the error summary exactly as GOV.UK Frontend does, focusable so it can take focus", () => {
    const html = render(<ErrorSummary errors={passportErrors} />);
    // GOV.UK Frontend's JavaScript adds tabindex="-1" when it focuses the summary; ours renders it.
    expect(html).toContain('tabindex="-1"');
    expect(normalise(html.replace(' tabindex="-1"', ""))).toBe(normalise(fixture("error-summary", "default")));
  });

  it("renders an error summary with a description and an error that links nowhere as GOV.UK Frontend does", () => {
    const html = render(
      <ErrorSummary
        description="Please fix the errors below."
        errors={[{ text: "Invalid username or password" }, { text: "Agree to the terms of service to log in", href: "#example-error-1" }]}
      />,
    );
    expect(normalise(html.replace(' tabindex="-1"', ""))).toBe(normalise(fixture("error-summary", "with everything")));
  });

  it("renders an error message with its visually hidden prefix and the space after it", () => {
    const html = render(<ErrorMessage>Error message about full name goes here</ErrorMessage>);
    expect(normalise(html)).toBe(normalise(fixture("error-message", "default")));
    expect(html).toContain('<span class="govuk-visually-hidden">Error:</span> Error message');
  });

  it("renders a text input with its label as GOV.UK Frontend does", () => {
    expectMarkup(<Input name="test-name" label="National Insurance number" />, "input", "default");
  });

  it("renders a text input with a hint and an error, described by both in that order", () => {
    expectMarkup(
      <Input
        id="with-error-hint"
        name="with-error-hint"
        label="National insurance number"
        error="Enter a National Insurance number in the correct format"
        hint="It’s on your National Insurance card, benefit letter, payslip or P60. For example, ‘QQ 12 34 56 C’."
      />,
      "input",
      "with error and hint",
    );
  });

  it("renders a fixed-width input, a page-heading label, an inputmode and a prefix and suffix as GOV.UK Frontend does", () => {
    expectMarkup(
      <Input
        id="input-width-2"
        name="test-width-2"
        label="National insurance number"
        hint="It’s on your National Insurance card, benefit letter, payslip or P60. For example, ‘QQ 12 34 56 C’."
        width={2}
      />,
      "input",
      "with width-2 class",
    );
    expectMarkup(
      <Input id="input-with-page-heading" name="test-name" label="National Insurance number" labelSize="l" isPageHeading />,
      "input",
      "with label as page heading",
    );
    expectMarkup(<Input id="with-inputmode" name="with-inputmode" label="With inputmode" inputMode="decimal" />, "input", "inputmode");
    expectMarkup(
      <Input id="input-with-prefix-suffix" name="cost" label="Cost per item, in pounds" prefix="£" suffix="per item" />,
      "input",
      "with prefix and suffix",
    );
  });

  it("renders a file upload with a hint and an error, and one for several files, as GOV.UK Frontend does", () => {
    expectMarkup(<FileUpload name="file-upload-1" label="Upload a file" />, "file-upload", "default");
    expectMarkup(
      <FileUpload id="file-upload-1" name="file-upload-1" label="Upload a file" multiple />,
      "file-upload",
      "allows multiple files",
    );
    expectMarkup(
      <FileUpload id="file-upload-1" name="file-upload-1" label="Upload a file" accept="image/*" />,
      "file-upload",
      "allows image files only",
    );
    expectMarkup(
      <FileUpload
        id="file-upload-3"
        name="file-upload-3"
        label="Upload a file"
        hint="Your photo may be in your Pictures, Photos, Downloads or Desktop folder. Or in an app like iPhoto."
        error="Error message goes here"
      />,
      "file-upload",
      "with error message and hint",
    );
    expectMarkup(
      <FileUpload id="file-upload-1" name="file-upload-1" label="Upload a file" labelSize="l" isPageHeading />,
      "file-upload",
      "with label as page heading",
    );
  });

  it("renders inline radios in a fieldset with a hint and the answer already chosen", () => {
    expectMarkup(
      <Radios
        idPrefix="example"
        name="example"
        inline
        legend="Have you changed your name?"
        hint="This includes changing your last name or spelling your name differently."
        defaultValue="no"
        items={[
          { value: "yes", text: "Yes" },
          { value: "no", text: "No" },
        ]}
      />,
      "radios",
      "inline",
    );
  });

  it("renders radios with hints on items under a page-heading legend", () => {
    expectMarkup(
      <Radios
        idPrefix="gov"
        name="gov"
        legend="How do you want to sign in?"
        legendSize="l"
        isPageHeading
        items={[
          {
            value: "gateway",
            text: "Sign in with Government Gateway",
            id: "gateway",
            hint: "You’ll have a user ID if you’ve registered for Self Assessment or filed a tax return online before.",
          },
          {
            value: "verify",
            text: "Sign in with GOV.UK Verify",
            id: "verify",
            hint: "You’ll have an account if you’ve already proved your identity with either Barclays, CitizenSafe, Digidentity, Experian, Post Office, Royal Mail or SecureIdentity.",
          },
        ]}
      />,
      "radios",
      "with hints on items",
    );
  });

  it("renders radios with an error, a hint and extra describedBy ids in GOV.UK's order", () => {
    expectMarkup(
      <Radios
        name="example-error-message-hint"
        error="Please select an option"
        describedBy="test-target-element"
        legend="Have you changed your name?"
        hint="This includes changing your last name or spelling your name differently."
        items={[
          { value: "yes", text: "Yes" },
          { value: "no", text: "No" },
        ]}
      />,
      "radios",
      "with hint, error message and describedBy",
    );
  });

  it("renders radios with a divider, numbering the ids after it as GOV.UK Frontend does", () => {
    expectMarkup(
      <Radios
        idPrefix="example-divider"
        name="example"
        legend="How do you want to sign in?"
        items={[
          { value: "government-gateway", text: "Use Government Gateway" },
          { value: "govuk-verify", text: "Use GOV.UK Verify" },
          { divider: "or" },
          { value: "create-account", text: "Create an account" },
        ]}
      />,
      "radios",
      "with a divider",
    );
  });

  it("renders conditional reveals, showing the one for the chosen answer", () => {
    const conditional = (id: string, name: string, label: string) => (
      <>
        <label className="govuk-label" htmlFor={id}>
          {label}
        </label>
        <input className="govuk-input govuk-!-width-one-third" name={name} type="text" id={id} />
      </>
    );
    expectMarkup(
      <Radios
        idPrefix="how-contacted-checked"
        name="how-contacted-checked"
        legend="How do you want to be contacted?"
        defaultValue="email"
        items={[
          { value: "email", text: "Email", conditional: conditional("context-email", "context-email", "Email") },
          { value: "phone", text: "Phone", conditional: conditional("contact-phone", "contact-phone", "Phone number") },
          {
            value: "text",
            text: "Text message",
            conditional: conditional("contact-text-message", "contact-text-message", "Mobile phone number"),
          },
        ]}
      />,
      "radios",
      "with conditional item checked",
    );
  });

  it("renders checkboxes with a divider and an exclusive None option under a page-heading legend", () => {
    expectMarkup(
      <Checkboxes
        name="with-divider-and-none"
        legend="Which types of waste do you transport regularly?"
        legendSize="l"
        isPageHeading
        items={[
          { value: "animal", text: "Waste from animal carcasses" },
          { value: "mines", text: "Waste from mines or quarries" },
          { value: "farm", text: "Farm or agricultural waste" },
          { divider: "or" },
          { value: "none", text: "None of these", exclusive: true },
        ]}
      />,
      "checkboxes",
      "with divider and None",
    );
  });

  it("renders checkboxes with some already ticked and an open conditional reveal", () => {
    expectMarkup(
      <Checkboxes
        name="nationality"
        defaultValue={["british", "other"]}
        items={[
          { value: "british", text: "British" },
          { value: "irish", text: "Irish" },
          {
            value: "other",
            text: "Citizen of another country",
            conditional: (
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="other-country">
                  Country
                </label>
                <input className="govuk-input" id="other-country" name="other-country" type="text" defaultValue="Ravka" />
              </div>
            ),
          },
        ]}
      />,
      "checkboxes",
      "with pre-checked values",
    );
  });

  it("renders checkboxes with an error in a fieldset and hints on the items", () => {
    const hint = "Nullam id dolor id nibh ultricies vehicula ut id elit.";
    expectMarkup(
      <Checkboxes
        name="waste"
        error="Please select an option"
        legend="Which types of waste do you transport regularly?"
        items={[
          { value: "animal", text: "Waste from animal carcasses", hint },
          { value: "mines", text: "Waste from mines or quarries", hint },
          { value: "farm", text: "Farm or agricultural waste", hint },
        ]}
      />,
      "checkboxes",
      "with error message and hints on items",
    );
  });

  it("describes each checkbox by the error when there is no fieldset to carry it", () => {
    expectMarkup(
      <Checkboxes
        name="t-and-c-with-hint"
        error="Please accept the terms and conditions"
        items={[{ value: "yes", text: "I agree to the terms and conditions", hint: "Go on, you know you want to!" }]}
      />,
      "checkboxes",
      "with single option (and hint) set 'aria-describedby' on input",
    );
  });

  it("renders a textarea with its value kept character for character", () => {
    expectMarkup(
      <Textarea id="full-address" name="address" label="Full address" defaultValue={"221B Baker Street\nLondon\nNW1 6XE\n"} />,
      "textarea",
      "with default value",
    );
  });

  it("renders a textarea with a hint and an error as GOV.UK Frontend does", () => {
    expectMarkup(
      <Textarea id="with-hint-error" name="with-hint-error" label="With hint and error" error="Error message" hint="Hint" />,
      "textarea",
      "with hint and error message",
    );
  });

  const selectItems = [
    { value: "1", text: "GOV.UK frontend option 1" },
    { value: "2", text: "GOV.UK frontend option 2" },
    { value: "3", text: "GOV.UK frontend option 3" },
  ];

  it("renders a select with the chosen option selected and a disabled option", () => {
    expectMarkup(
      <Select
        id="select-1"
        name="select-1"
        label="Label text goes here"
        defaultValue="2"
        items={selectItems.map((item) => (item.value === "3" ? { ...item, disabled: true } : item))}
      />,
      "select",
      "with selected value",
    );
  });

  it("renders a select with a hint and an error as GOV.UK Frontend does", () => {
    expectMarkup(
      <Select
        id="select-2"
        name="select-2"
        label="Label text goes here"
        hint="Hint text goes here"
        error="Error message goes here"
        items={selectItems}
      />,
      "select",
      "with hint text and error message",
    );
  });

  it("renders a date input with day, month and year fields named after the question", () => {
    expectMarkup(
      <DateInput id="dob" name="dob" legend="What is your date of birth?" hint="For example, 31 3 1980" />,
      "date-input",
      "complete question",
    );
  });

  it("renders a date input with an error that highlights only the field in error", () => {
    expectMarkup(
      <DateInput
        name="dob-day-error"
        legend="What is your date of birth?"
        hint="For example, 31 3 1980"
        error="Error message goes here"
        errorFields={["day"]}
      />,
      "date-input",
      "with error on day input",
    );
  });

  const monthRows = [
    ["January", "£85", "£95"],
    ["February", "£75", "£55"],
    ["March", "£165", "£125"],
  ].map(([month, bicycles, vehicles]) => [
    { text: month },
    { text: bicycles, format: "numeric" as const },
    { text: vehicles, format: "numeric" as const },
  ]);

  it("renders a table with a caption, numeric columns and row headers as GOV.UK Frontend does", () => {
    expectMarkup(
      <Table
        caption="Caption 1: Months and rates"
        captionSize="m"
        firstCellIsHeader
        head={[
          { text: "Month you apply" },
          { text: "Rate for bicycles", format: "numeric" },
          { text: "Rate for vehicles", format: "numeric" },
        ]}
        rows={monthRows}
      />,
      "table",
      "table with head and caption",
    );
  });

  it("renders a table without a head, with row headers", () => {
    expectMarkup(<Table firstCellIsHeader rows={monthRows} />, "table", "with firstCellIsHeader true");
  });

  it("renders tags with and without a colour as GOV.UK Frontend does", () => {
    expectMarkup(<Tag colour="grey">Grey</Tag>, "tag", "grey");
    expectMarkup(<Tag colour="light-blue">Light blue</Tag>, "tag", "light blue");
    expectMarkup(<Tag>Alpha</Tag>, "tag", "default");
  });

  const contactInformation = (
    <>
      <p className="govuk-body">email@email.com</p>
      <p className="govuk-body">
        Address line 1<br />
        Address line 2<br />
        Address line 3<br />
        Address line 4<br />
        Address line 5
      </p>
    </>
  );

  it("renders a summary list where only some rows have actions, as GOV.UK Frontend does", () => {
    expectMarkup(
      <SummaryList
        rows={[
          {
            key: "Name",
            value: "Firstname Lastname",
            actions: [
              { href: "#", text: "Edit", visuallyHiddenText: "name" },
              { href: "#", text: "Delete", visuallyHiddenText: "name" },
            ],
          },
          { key: "Date of birth", value: "13/08/1980" },
          { key: "Contact information", value: contactInformation },
        ]}
      />,
      "summary-list",
      "with some actions",
    );
  });

  it("renders a summary list with one or more actions per row, the hidden text after a space", () => {
    const html = render(
      <SummaryList
        rows={[
          {
            key: "Name",
            value: "Firstname Lastname",
            actions: [
              { href: "#", text: "Edit", visuallyHiddenText: "name" },
              { href: "#", text: "Delete", visuallyHiddenText: "name" },
            ],
          },
          {
            key: "Date of birth",
            value: "13/08/1980",
            actions: [{ href: "#", text: "Change", visuallyHiddenText: "date of birth" }],
          },
          {
            key: "Contact information",
            value: contactInformation,
            actions: [
              { href: "#", text: "Edit", visuallyHiddenText: "contact information" },
              { href: "#", text: "Change", visuallyHiddenText: "contact information" },
            ],
          },
        ]}
      />,
    );
    expect(normalise(html)).toBe(normalise(fixture("summary-list", "with actions")));
    expect(html).toContain('Change<span class="govuk-visually-hidden"> date of birth</span>');
  });

  it("renders buttons, secondary and warning buttons, link buttons and named buttons as GOV.UK Frontend does", () => {
    expectMarkup(<Button>Save and continue</Button>, "button", "default");
    expectMarkup(
      <Button name="secondary" variant="secondary">
        Secondary button
      </Button>,
      "button",
      "secondary",
    );
    expectMarkup(
      <Button href="/" variant="warning">
        Warning button
      </Button>,
      "button",
      "warning link",
    );
    expectMarkup(<Button name="start-now">Submit</Button>, "button", "name");
    expectMarkup(<Button value="start">Submit</Button>, "button", "value");
    expectMarkup(<Button disabled>Disabled button</Button>, "button", "disabled");
    expectMarkup(
      <Button href="/" isStartButton>
        Start now link button
      </Button>,
      "button",
      "start link",
    );
  });

  it("renders a task list with tag and plain-text statuses, hints and a task that cannot start yet", () => {
    expectMarkup(
      <TaskList
        items={[
          { title: "Company Directors", href: "#", status: { text: "Completed" } },
          { title: "Registered company details", href: "#", status: { tag: { text: "Not started", colour: "light-blue" } } },
          {
            title: "Business plan",
            href: "#",
            hint: "Ensure the plan covers objectives, strategies, sales, marketing and financial forecasts.",
            status: { tag: { text: "Review", colour: "pink" } },
          },
          { title: "Documentation", href: "#", status: { tag: { text: "In progress", colour: "blue" } } },
          { title: "Charitable status", href: "#", status: { tag: { text: "Error", colour: "red" } } },
          {
            title: "Payment",
            hint: "It will cost between £15 and £75",
            status: { text: "Cannot start yet", cannotStartYet: true },
          },
        ]}
      />,
      "task-list",
      "example with hint text and additional states",
    );
  });

  it("renders a fieldset with a page-heading legend as GOV.UK Frontend does", () => {
    expectMarkup(<Fieldset legend="What is your address?" legendSize="l" isPageHeading />, "fieldset", "as page heading l");
  });

  it("renders notification banners, default and success, as GOV.UK Frontend does", () => {
    expectMarkup(<NotificationBanner heading="This publication was withdrawn on 7 March 2014." />, "notification-banner", "default");
    expectMarkup(
      <NotificationBanner type="success" heading="Email sent to example@email.com" />,
      "notification-banner",
      "with type as success",
    );
  });

  it("renders previous and next links, with and without labels, as GOV.UK Frontend does", () => {
    expectMarkup(<Pagination previous={{ href: "/previous" }} next={{ href: "/next" }} />, "pagination", "with prev and next only");
    expectMarkup(
      <Pagination
        previous={{ href: "/previous" }}
        next={{ href: "/next" }}
        items={[
          { number: 1, href: "/page/1" },
          { number: 2, href: "/page/2", current: true },
          { number: 3, href: "/page/3" },
        ]}
      />,
      "pagination",
      "default",
    );
    expectMarkup(
      <Pagination
        previous={{ href: "/previous" }}
        next={{ href: "/next" }}
        items={[
          { number: 1, href: "/page/1" },
          { ellipsis: true },
          ...[8, 9, 10, 11, 12].map((number) => ({ number, href: `/page/${number}`, current: number === 10 })),
          { ellipsis: true },
          { number: 40, href: "/page/40" },
        ]}
      />,
      "pagination",
      "with many pages",
    );
    expectMarkup(
      <Pagination
        previous={{ href: "/previous", text: "Previous page", labelText: "Paying VAT and duty" }}
        next={{ href: "/next", text: "Next page", labelText: "Registering an imported vehicle" }}
      />,
      "pagination",
      "with prev and next only and labels",
    );
  });

  it("renders the skip link, phase banner, back link, panel, inset text, warning text and details as GOV.UK Frontend does", () => {
    expectMarkup(<SkipLink href="#test-target-element" />, "skip-link", "default");
    expectMarkup(
      <PhaseBanner tag="Alpha">
        This is a new service - your{" "}
        {/* eslint-disable-next-line jsx-a11y/anchor-is-valid -- the GOV.UK template example, copied as it is */}
        <a href="#" className="govuk-link">
          feedback
        </a>{" "}
        will help us to improve it.
      </PhaseBanner>,
      "phase-banner",
      "default",
    );
    expectMarkup(<BackLink href="#" />, "back-link", "default");
    expectMarkup(<Panel title="Application complete">Your reference number: HDJ2123F</Panel>, "panel", "default");
    expectMarkup(
      <InsetText>It can take up to 8 weeks to register a lasting power of attorney if there are no mistakes in the application.</InsetText>,
      "inset-text",
      "default",
    );
    expectMarkup(<WarningText>You can be fined up to £5,000 if you don’t register.</WarningText>, "warning-text", "default");
    expectMarkup(
      <Details summary="Help with nationality">
        We need to know your nationality so we can work out which elections you’re entitled to vote in. If you can’t provide your
        nationality, you’ll have to send copies of identity documents through the post.
      </Details>,
      "details",
      "default",
    );
  });
});

describe("Header and Footer (GOV.UK's, without the crown)", () => {
  it("shows the partnership as the product name, with no crown or GOV.UK logotype", () => {
    const html = render(<Header productName="Northshire Safeguarding Children Partnership" />);
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("GOV.UK");
    expect(normalise(html)).toBe(
      normalise(`<header class="govuk-header app-header" data-module="govuk-header">
        <div class="govuk-header__container govuk-width-container">
          <div class="govuk-header__logo">
            <a href="/" class="govuk-header__link govuk-header__link--homepage">
              <span class="govuk-header__product-name">Northshire Safeguarding Children Partnership</span>
            </a>
          </div>
        </div>
      </header>`),
    );
  });

  it("puts the service name and links in GOV.UK's service navigation: the active item marked, the user named, sign-out a POST to /logout", () => {
    const html = render(
      <ServiceNavigation
        serviceName="Safeguarding audits"
        serviceUrl="/"
        navigation={[
          { href: "/returns", text: "Returns", active: true },
          { href: "/reports", text: "Reports" },
        ]}
        userName="Sam Patel"
      />,
    );
    // Rendered on the server the links are listed and the "Menu" button is hidden: without scripts nothing is folded away.
    expect(normalise(html)).toBe(
      normalise(`<section aria-label="Service information" class="govuk-service-navigation app-service-navigation" data-module="govuk-service-navigation">
      <div class="govuk-width-container">
      <div class="govuk-service-navigation__container">
        <span class="govuk-service-navigation__service-name"><a href="/" class="govuk-service-navigation__link">Safeguarding audits</a></span>
        <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
          <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden="">Menu</button>
          <ul class="govuk-service-navigation__list" id="navigation">
            <li class="govuk-service-navigation__item govuk-service-navigation__item--active">
              <a class="govuk-service-navigation__link" href="/returns" aria-current="true"><strong class="govuk-service-navigation__active-fallback">Returns</strong></a>
            </li>
            <li class="govuk-service-navigation__item">
              <a class="govuk-service-navigation__link" href="/reports">Reports</a>
            </li>
            <li class="govuk-service-navigation__item">
              <span class="app-service-navigation__user">Sam Patel</span>
            </li>
            <li class="govuk-service-navigation__item">
              <form method="post" action="/logout" class="app-service-navigation__sign-out">
                <button type="submit" class="app-service-navigation__sign-out-button">Sign out</button>
              </form>
            </li>
          </ul>
        </nav>
      </div>
      </div>
      </section>`),
    );
  });

  it("renders the footer's support links and our own line, without the crown copyright or the OGL", () => {
    const html = render(<Footer metaLinks={[{ href: "/accessibility", text: "Accessibility statement" }]} />);
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("Crown copyright");
    expect(html).not.toContain("Open Government Licence");
    expect(normalise(html)).toBe(
      normalise(`<footer class="govuk-footer">
        <div class="govuk-width-container">
          <div class="govuk-footer__meta">
            <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 class="govuk-visually-hidden">Support links</h2>
              <ul class="govuk-footer__inline-list">
                <li class="govuk-footer__inline-list-item">
                  <a class="govuk-footer__link" href="/accessibility">Accessibility statement</a>
                </li>
              </ul>
              <span class="govuk-footer__licence-description">Open source safeguarding audit platform</span>
            </div>
          </div>
        </div>
      </footer>`),
    );
  });
});
