import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Board reports") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["board", "admin", "qa"]);
  return null;
}

/** Board members see only reports the QA subgroup has published (DESIGN §7); none are published yet. */
export default function BoardReports() {
  return (
    <>
      <h1 className="govuk-heading-l">Board reports</h1>
      <p className="govuk-body">Reports appear here when the partnership's QA subgroup publishes them to the board.</p>
      <p className="govuk-body">No reports have been published yet.</p>
    </>
  );
}
