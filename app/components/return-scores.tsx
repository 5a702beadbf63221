import type { StoredScore } from "~/data/returns.server";
import type { SurveyPageJson } from "~/domain/survey-json";
import { listQuestions } from "~/domain/survey-json";
import type { ToolDefinition } from "~/domain/tool-schema";
import { formatPercent } from "~/domain/scoring";
import { answerText } from "./survey/answer-text";
import { BandLabel } from "./band";
import { SummaryList, Table } from "./govuk";

/**
 * A submitted return read back: overall and per-standard computed scores, then every answered
 * question page by page. Shared by the agency's own view and the QA subgroup's review.
 */
export function ReturnScores({ tool, score, moderated = {} }: { tool: ToolDefinition; score: StoredScore; moderated?: Record<string, string> }) {
  const bandLabel = (code: string | null) => tool.bands.find((band) => band.code === code)?.label ?? "Not given";
  return (
    <>
      <h2 className="govuk-heading-m">Computed scores</h2>
      <SummaryList
        rows={[
          { key: "Overall", value: <BandLabel bands={tool.bands} code={score.overallBand} percent={score.overallPercent} showPercent /> },
          ...score.dimensions.map((dimension) => ({
            key: tool.dimensions?.find((candidate) => candidate.code === dimension.code)?.title ?? dimension.code,
            value: <BandLabel bands={tool.bands} code={dimension.band} percent={dimension.percent} showPercent />,
          })),
          { key: "Questions answered", value: `${score.completeness.answered} of ${score.completeness.total}` },
        ]}
      />
      <div className="app-table-wrapper" role="region" aria-label="Scores by standard" tabIndex={0}>
        <Table
          caption="Scores by standard"
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Standard" }, { text: "Score", format: "numeric" }, { text: "Computed band" }, { text: "Self rating" }, { text: "Moderated rating" }, { text: "Questions counted", format: "numeric" }]}
          rows={tool.standards.map((standard) => {
            const scored = score.standards.find((entry) => entry.code === standard.code);
            return [
              { text: `${standard.code} ${standard.title}` },
              { text: formatPercent(scored?.percent ?? null), format: "numeric" },
              {
                text: (
                  <>
                    <BandLabel bands={tool.bands} code={scored?.band ?? null} />
                    {scored?.essentialCap ? <span className="govuk-body-s govuk-!-display-block">Limited by an essential question</span> : null}
                  </>
                ),
              },
              { text: bandLabel(scored?.selfRating ?? null) },
              { text: moderated[standard.code] ? <BandLabel bands={tool.bands} code={moderated[standard.code]} /> : "Not moderated" },
              { text: `${scored?.included ?? 0}${scored?.notApplicable ? ` (${scored.notApplicable} not applicable)` : ""}`, format: "numeric" },
            ];
          })}
        />
      </div>
      <p className="govuk-body-s">
        Scored with {tool.code} version {score.toolVersion}, scoring rules version {score.rulesVersion}. Not-applicable and unanswered questions are left out of a
        standard's score; an essential question answered below its best can limit a standard's band. Percentages are rounded
        for display, but bands use the exact figure: 84.6% shows as 85% yet sits below an 85% boundary.
      </p>
    </>
  );
}

export function ReturnAnswers({ pages, answers, visible }: { pages: SurveyPageJson[]; answers: Record<string, unknown>; visible: string[] }) {
  const shown = new Set(visible);
  return (
    <>
      <h2 className="govuk-heading-m">Answers</h2>
      {pages.map((page) => {
        const questions = listQuestions({ pages: [page] }).filter((question) => shown.has(question.name));
        if (questions.length === 0) return null;
        return (
          <section key={page.name} className="app-return-page">
            <h3 className="govuk-heading-s">{page.title ?? page.name}</h3>
            <SummaryList
              rows={questions.map((question) => ({
                key: question.element.title ?? question.name,
                value: <span className="app-answer">{answerText(question.element, answers[question.name])}</span>,
              }))}
            />
          </section>
        );
      })}
    </>
  );
}
