import { SECTOR_LABELS } from "~/domain/agency";
import { CONCERN_STATUS_LABELS } from "~/domain/case-audit";
import { recommendationActionNote, type CaseAuditReport } from "~/domain/reports/case-audit";
import { BandLabel } from "./band";
import { SummaryList, Table } from "./govuk";

/**
 * The case audit report (DESIGN §12) laid out from its model: agreed grades by agency and domain, the spread
 * before and after the panel, each case's overall grade, the learning and the concerns' state. Every table
 * holds the model's own figures; the same model makes every file.
 */
export function CaseAuditView({ report }: { report: CaseAuditReport }) {
  const { bands } = report;
  const label = (code: string | null) => (code === null ? "–" : (bands.find((band) => band.code === code)?.label ?? code));
  return (
    <>
      <SummaryList
        rows={[
          { key: "Theme", value: report.caseAudit.title },
          { key: "Lines of enquiry", value: <span className="app-pre-line">{report.caseAudit.linesOfEnquiry}</span> },
          { key: "Cases", value: String(report.summary.cases) },
          { key: "Case returns submitted", value: `${report.summary.returnsSubmitted} of ${report.summary.returnsExpected}` },
          { key: "Cases with agreed grades", value: String(report.summary.casesAgreed) },
          {
            key: "Immediate concerns",
            value: `${report.summary.concernsOpen} open, ${report.summary.concernsAnswered} answered, ${report.summary.concernsClosed} closed`,
          },
        ]}
      />
      <h2 className="govuk-heading-m">Agreed grades by agency and domain</h2>
      <div className="app-table-wrapper" role="region" aria-label="Agreed grades by agency and domain" tabIndex={0}>
        <Table
          caption={`The worst agreed grade over the audit's cases (number of cases)`}
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Agency" }, ...report.domains.map((domain) => ({ text: domain.title }))]}
          rows={report.agencies.map((row) => [
            {
              text: (
                <>
                  {row.agency.name}
                  <br />
                  <span className="govuk-body-s">
                    {row.agency.sectorSuppressed ? "Sector not shown" : SECTOR_LABELS[row.agency.sector]}
                  </span>
                </>
              ),
            },
            ...row.domains.map((cell) => ({
              text:
                cell.worstAgreed === null ? (
                  "Not agreed"
                ) : (
                  <>
                    <BandLabel bands={bands} code={cell.worstAgreed} /> ({cell.cases})
                  </>
                ),
            })),
          ])}
        />
      </div>
      <h2 className="govuk-heading-m">Spread before and after the panel</h2>
      <div className="app-table-wrapper" role="region" aria-label="Spread of grades before and after the panel" tabIndex={0}>
        <Table
          caption="How many grades of each kind: members' blind grades, then the agreed grades"
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Domain" }, { text: "When" }, ...bands.map((band) => ({ text: band.label, format: "numeric" as const }))]}
          rows={report.spread.flatMap((entry) => {
            const title = report.domains.find((domain) => domain.code === entry.code)?.title ?? entry.code;
            return [
              [
                { text: title },
                { text: "Before" },
                ...entry.before.map((cell) => ({ text: String(cell.count), format: "numeric" as const })),
              ],
              [
                { text: title },
                { text: "Agreed" },
                ...entry.after.map((cell) => ({ text: String(cell.count), format: "numeric" as const })),
              ],
            ];
          })}
        />
      </div>
      <h2 className="govuk-heading-m">Cases</h2>
      <div className="app-table-wrapper" role="region" aria-label="Overall grade by case" tabIndex={0}>
        <Table
          caption="The panel's agreed overall grade for each case"
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Case" }, { text: "Agreed overall" }, { text: "Panel members", format: "numeric" }, { text: "Reason" }]}
          rows={report.cases.map((entry) => [
            { text: entry.reference },
            { text: label(entry.agreedOverall) },
            { text: String(entry.panelMembers), format: "numeric" as const },
            { text: entry.overallRationale ?? "–" },
          ])}
        />
      </div>
      <h2 className="govuk-heading-m">Learning</h2>
      {report.themes.length + report.recommendations.length === 0 ? (
        <p className="govuk-body">No themes or recommendations recorded.</p>
      ) : null}
      {report.themes.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">Themes</h3>
          <ul className="govuk-list govuk-list--bullet">
            {report.themes.map((theme, index) => (
              <li key={index}>{theme}</li>
            ))}
          </ul>
        </>
      ) : null}
      {report.recommendations.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">Recommendations</h3>
          <ul className="govuk-list govuk-list--bullet">
            {report.recommendations.map((entry, index) => (
              <li key={index}>
                For {entry.agency ?? "the partnership"}: {entry.text}
                {recommendationActionNote(entry)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 className="govuk-heading-m">Immediate concerns</h2>
      {report.concerns.length === 0 ? (
        <p className="govuk-body">No immediate concerns were raised.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Immediate concerns" tabIndex={0}>
          <Table
            caption="Immediate concerns and their state"
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Case" }, { text: "Agency" }, { text: "Respond by" }, { text: "State" }]}
            rows={report.concerns.map((concern) => [
              { text: concern.case },
              { text: concern.agency },
              { text: concern.respondBy },
              { text: `${CONCERN_STATUS_LABELS[concern.status]}${concern.overdue ? " (overdue)" : ""}` },
            ])}
          />
        </div>
      )}
    </>
  );
}
