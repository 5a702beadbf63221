import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Panel } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getPublicSurvey } from "~/data/practitioner.server";
import { notFound } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Thank you") }];

/** After a practitioner sends their answers: thanks, and what happens next. Nothing about them is shown or kept. */
export async function loader({ params }: LoaderFunctionArgs) {
  const survey = await getPublicSurvey(getDb(), params.token ?? "");
  if (!survey) notFound();
  return { agencyName: survey.agencyName };
}

export default function Thanks() {
  const { agencyName } = useLoaderData<typeof loader>();
  return (
    <>
      <Panel title="Thank you: your answers have been sent" />
      <p className="govuk-body">
        Your answers are counted with those of your colleagues at {agencyName}. The safeguarding partnership's quality assurance group reads
        them beside your organisation's own assessment once the survey has closed, for groups of people large enough that nobody's answers
        can be picked out.
      </p>
      <p className="govuk-body">You can close this page.</p>
    </>
  );
}
