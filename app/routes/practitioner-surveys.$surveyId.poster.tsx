import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink } from "~/components/govuk";
import { PrintButton } from "~/components/print-button";
import { getDb } from "~/data/db.server";
import { getSurvey, listSurveyLinks } from "~/data/practitioner.server";
import { formatDate } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle, publicBase } from "~/utils/partnership";
import { qrCodeSvg } from "~/utils/qr-code.server";

/**
 * A printable poster of an agency's survey link (for a staff room or a team meeting): what the survey is,
 * that it is anonymous, the link in words and as a QR code drawn on the server as SVG, so it prints sharp
 * and needs no script.
 */

export const meta: MetaFunction = () => [{ title: pageTitle("Practitioner survey poster") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["agency_lead"]);
  const db = getDb();
  const survey = await getSurvey(db, viewer, requireId(params.surveyId));
  if (!survey) notFound();
  const [link] = await listSurveyLinks(db, viewer, survey.id);
  if (!link) notFound();
  const url = `${publicBase(request)}/p/${link.token}`;
  return {
    surveyId: survey.id,
    agencyName: link.agencyName,
    closesOn: survey.closesOn,
    url,
    qr: qrCodeSvg(url, `QR code for the survey link ${url}`),
  };
}

export default function Poster() {
  const { surveyId, agencyName, closesOn, url, qr } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="app-no-print">
        <BackLink href={`/practitioner-surveys/${surveyId}`}>Back to the survey</BackLink>
        <PrintButton />
      </div>
      <span className="govuk-caption-xl">{agencyName}</span>
      <h1 className="govuk-heading-xl">How does safeguarding children work where you are?</h1>
      <p className="govuk-body-l">
        Tell the safeguarding partnership in 5 minutes. It is anonymous: your name, email, device and the time of day are not recorded.
      </p>
      <div className="app-poster-qr" dangerouslySetInnerHTML={{ __html: qr }} />
      <p className="govuk-body-l app-break-anywhere">
        Or go to <strong>{url}</strong>
      </p>
      <p className="govuk-body">Open until {formatDate(closesOn)}.</p>
    </>
  );
}
