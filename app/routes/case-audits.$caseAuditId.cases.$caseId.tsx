import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, InsetText, NotificationBanner, Select, Table, Textarea } from "~/components/govuk";
import { getCaseGrading, saveAgreedGrades, saveGrades } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { spreadOf } from "~/domain/case-audit";
import { errorSummaryItems, type FieldErrors, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * The panel's grading of one case (DESIGN §12). Each member grades every agency's part in each domain
 * blind: until they submit, they see only the agencies' own computed and self grades, never another
 * member's. Once submitted they see the spread; the chair, having submitted, records the agreed grades with
 * their reasons and the case's overall grade.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Case ${data.grading.case.reference} – ${data.grading.caseAudit.title}` : "Case") },
];

async function load(request: Request, params: LoaderFunctionArgs["params"], roles: ("qa" | "admin")[]) {
  const viewer = await requireRole(request, roles);
  const grading = await getCaseGrading(getDb(), viewer, requireId(params.caseId));
  if (!grading || grading.caseAudit.id !== requireId(params.caseAuditId)) notFound();
  return { viewer, grading };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grading } = await load(request, params, ["qa", "admin"]);
  return { grading };
}

/** Form fields are named "grade:<agencyId>:<domain>", "agreed:…" and "rationale:…". */
function fieldsOf(form: FormData, prefix: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries())
    if (name.startsWith(`${prefix}:`) && typeof value === "string") fields[name.slice(prefix.length + 1)] = value;
  return fields;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, grading } = await load(request, params, ["qa"]);
  const form = await readForm(request);
  const intent = form.get("_intent");
  const base = `/case-audits/${grading.caseAudit.id}/cases/${grading.case.id}`;
  const posted = Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const problem = (errors: FieldErrors, status: number) => data({ errors, posted }, { status });
  if (intent === "save" || intent === "submit") {
    const result = await saveGrades(getDb(), viewer, grading.case.id, fieldsOf(form, "grade"), intent === "submit");
    if (!result.ok)
      return problem(
        "errors" in result
          ? Object.fromEntries(Object.entries(result.errors).map(([key, message]) => [`grade:${key}`, message]))
          : { form: result.message },
        result.status === 422 ? 400 : result.status,
      );
    return redirect(`${base}?${intent === "submit" ? "submitted" : "saved"}=1`);
  }
  if (intent === "agree") {
    const result = await saveAgreedGrades(getDb(), viewer, grading.case.id, {
      grades: fieldsOf(form, "agreed"),
      rationales: fieldsOf(form, "rationale"),
      overall: String(form.get("overall") ?? ""),
      overallRationale: String(form.get("overallRationale") ?? ""),
    });
    if (!result.ok)
      return problem("errors" in result ? result.errors : { form: result.message }, result.status === 422 ? 400 : result.status);
    return redirect(`${base}?agreed=1`);
  }
  return problem({ form: "Choose an action from the page" }, 400);
}

const fieldId = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, "-");

export default function GradeCase() {
  const { grading } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  const posted: Record<string, string> = actionData?.posted ?? {};
  useErrorTitle(Boolean(errors));
  const { bands, domains, agencies } = grading;
  const label = (code: string | null | undefined) => (code ? (bands.find((band) => band.code === code)?.label ?? code) : "–");
  const gradeItems = [{ value: "", text: "Select a grade" }, ...bands.map((band) => ({ value: band.code, text: band.label }))];
  const summaryIds = Object.fromEntries(Object.keys(errors ?? {}).map((key) => [key, fieldId(key)]));
  return (
    <>
      <BackLink href={`/case-audits/${grading.caseAudit.id}`}>Back to the case audit</BackLink>
      {errors ? <ErrorSummary errors={errorSummaryItems(errors, summaryIds)} /> : null}
      {params.has("saved") ? <NotificationBanner type="success" heading="Your draft grades are saved: only you can see them" /> : null}
      {params.has("submitted") ? <NotificationBanner type="success" heading="Your grades are submitted" /> : null}
      {params.has("agreed") ? <NotificationBanner type="success" heading="Agreed grades recorded" /> : null}
      <span className="govuk-caption-l">{grading.caseAudit.title}</span>
      <h1 className="govuk-heading-l">Case {grading.case.reference}</h1>
      <p className="govuk-body">
        {grading.membersSubmitted} of {grading.members} panel members have submitted their grades.
      </p>
      <h2 className="govuk-heading-m">What the agencies found</h2>
      <p className="govuk-body">
        Each agency's computed grade from its case return, and its own grade, by domain. Case returns not yet submitted show nothing.
      </p>
      <div className="app-table-wrapper" role="region" aria-label="Agencies' grades by domain" tabIndex={0}>
        <Table
          caption="Computed grade / agency's own grade"
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Agency" }, ...domains.map((domain) => ({ text: domain.title }))]}
          rows={agencies.map((agency) => [
            {
              text:
                agency.status === "not_started" || agency.status === "in_progress" ? (
                  `${agency.name} (not submitted)`
                ) : (
                  <a className="govuk-link" href={`/returns/${agency.returnId}`}>
                    {agency.name}
                  </a>
                ),
            },
            ...domains.map((domain) => ({ text: `${label(agency.computed[domain.code])} / ${label(agency.ownGrades[domain.code])}` })),
          ])}
        />
      </div>

      {grading.canGrade ? (
        <>
          <h2 className="govuk-heading-m">Your grades</h2>
          <InsetText>
            You are grading blind: other members' grades stay hidden until you submit yours. Once submitted, your grades cannot be changed.
          </InsetText>
          <Form method="post" noValidate>
            {agencies.map((agency) => (
              <fieldset key={agency.id} className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{agency.name}</legend>
                {domains.map((domain) => {
                  const name = `grade:${agency.id}:${domain.code}`;
                  return (
                    <Select
                      key={domain.code}
                      id={fieldId(name)}
                      name={name}
                      label={
                        <>
                          {domain.title}
                          <span className="govuk-visually-hidden"> for {agency.name}</span>
                        </>
                      }
                      error={errors?.[name]}
                      defaultValue={posted[name] ?? grading.mine[`${agency.id}:${domain.code}`] ?? ""}
                      items={gradeItems}
                    />
                  );
                })}
              </fieldset>
            ))}
            <div className="govuk-button-group">
              <Button name="_intent" value="submit">
                Submit my grades
              </Button>
              <Button name="_intent" value="save" variant="secondary">
                Save draft
              </Button>
            </div>
          </Form>
        </>
      ) : null}

      {grading.others !== null ? (
        <>
          <h2 className="govuk-heading-m">The panel's grades</h2>
          <div className="app-table-wrapper" role="region" aria-label="Panel grades by agency and domain" tabIndex={0}>
            <Table
              caption="Each submitted member's grade, and the spread"
              captionSize="s"
              firstCellIsHeader
              head={[{ text: "Agency and domain" }, { text: "Grades" }, { text: "Spread" }]}
              rows={agencies.flatMap((agency) =>
                domains.map((domain) => {
                  const theirs = grading.others!.filter((grade) => grade.agencyId === agency.id && grade.domain === domain.code);
                  const own = grading.position.submitted ? grading.mine[`${agency.id}:${domain.code}`] : undefined;
                  const all = [...(own ? [{ member: "You", grade: own }] : []), ...theirs];
                  return [
                    { text: `${agency.name}: ${domain.title}` },
                    { text: all.length === 0 ? "None" : all.map((grade) => `${grade.member}: ${label(grade.grade)}`).join("; ") },
                    {
                      text:
                        spreadOf(
                          bands,
                          all.map((grade) => grade.grade),
                        )
                          .filter((entry) => entry.count > 0)
                          .map((entry) => `${label(entry.grade)} ${entry.count}`)
                          .join(", ") || "–",
                    },
                  ];
                }),
              )}
            />
          </div>
        </>
      ) : grading.position.isMember ? null : (
        <p className="govuk-body">The panel's grades are shown here once the chair has recorded the agreed grades.</p>
      )}

      {grading.canAgree ? (
        <>
          <h2 className="govuk-heading-m">Agreed grades</h2>
          <p className="govuk-body">
            As chair, record the grade the panel agrees for each agency in each domain, with the reason, and the overall grade of the case.
          </p>
          <Form method="post" noValidate>
            {agencies.map((agency) => (
              <fieldset key={agency.id} className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{agency.name}</legend>
                {domains.map((domain) => {
                  const key = `${agency.id}:${domain.code}`;
                  return (
                    <div key={domain.code}>
                      <Select
                        id={fieldId(`agreed:${key}`)}
                        name={`agreed:${key}`}
                        label={
                          <>
                            Agreed grade: {domain.title}
                            <span className="govuk-visually-hidden"> for {agency.name}</span>
                          </>
                        }
                        error={errors?.[`agreed:${key}`]}
                        defaultValue={posted[`agreed:${key}`] ?? grading.agreed[key]?.grade ?? ""}
                        items={gradeItems}
                      />
                      <Textarea
                        id={fieldId(`rationale:${key}`)}
                        name={`rationale:${key}`}
                        label={
                          <>
                            Reason
                            <span className="govuk-visually-hidden">
                              {" "}
                              for the agreed grade for {domain.title} for {agency.name}
                            </span>
                          </>
                        }
                        rows={2}
                        error={errors?.[`rationale:${key}`]}
                        defaultValue={posted[`rationale:${key}`] ?? grading.agreed[key]?.rationale ?? ""}
                      />
                    </div>
                  );
                })}
              </fieldset>
            ))}
            <Select
              name="overall"
              label="Agreed overall grade for the case"
              labelSize="s"
              error={errors?.overall}
              defaultValue={posted.overall ?? grading.case.agreedOverall ?? ""}
              items={gradeItems}
            />
            <Textarea
              name="overallRationale"
              label="Reason for the overall grade"
              labelSize="s"
              error={errors?.overallRationale}
              defaultValue={posted.overallRationale ?? grading.case.overallRationale ?? ""}
            />
            <Button name="_intent" value="agree">
              Record agreed grades
            </Button>
          </Form>
        </>
      ) : grading.case.agreedOverall ? (
        <>
          <h2 className="govuk-heading-m">Agreed grades</h2>
          <p className="govuk-body">
            Overall: <strong>{label(grading.case.agreedOverall)}</strong>.{" "}
            <span className="app-pre-line">{grading.case.overallRationale}</span>
          </p>
        </>
      ) : null}
    </>
  );
}
