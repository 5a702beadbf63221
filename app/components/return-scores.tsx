import type { StoredScore } from "~/data/returns.server";
import type { SurveyPageJson } from "~/domain/survey-json";
import { listQuestions } from "~/domain/survey-json";
import type { ToolDefinition } from "~/domain/tool-schema";
import { bandLabel, formatPercent } from "~/domain/scoring";
import { answerText } from "./survey/answer-text";
import { BandLabel } from "./band";
import { SummaryList, Table } from "./govuk";

/**
 * A submitted return read back: overall and per-standard computed scores, then every answered
 * question page by page. Shared by the agency's own view and the QA subgroup's review.
 */
/** A question's title for people, by item key ("question" or "matrix.row"). */
function questionTitle(tool: ToolDefinition, key: string): string {
  const questions = listQuestions(tool.survey);
  const found =
    questions.find((question) => question.name === key) ??
    questions.find((question) => question.name === key.slice(0, key.lastIndexOf(".")));
  const title = found?.element.title;
  return typeof title === "string" && title !== "" ? title : key;
}

/** The words of a choice the agency picked, falling back to its stored value. */
function choiceText(tool: ToolDefinition, key: string, value: string): string {
  if (value === "false") return "No";
  if (value === "true") return "Yes";
  const found = listQuestions(tool.survey).find((question) => question.name === key);
  const choices = (found?.element.choices ?? []) as (string | { value: unknown; text?: unknown })[];
  const choice = choices.find((candidate) => (typeof candidate === "object" ? String(candidate.value) : String(candidate)) === value);
  return typeof choice === "object" && typeof choice.text === "string" ? choice.text : value;
}

export function ReturnScores({
  tool,
  score,
  earlier = null,
  moderated = {},
}: {
  tool: ToolDefinition;
  score: StoredScore;
  earlier?: StoredScore | null;
  moderated?: Record<string, string>;
}) {
  const labelOf = (code: string | null) => bandLabel(tool.bands, code, "Not given");
  return (
    <>
      <h2 className="govuk-heading-m">Computed scores</h2>
      <SummaryList
        rows={[
          {
            key: "Overall",
            value: (
              <BandLabel
                bands={tool.bands}
                code={score.overallBand}
                percent={score.overallPercent}
                showPercent
                cap={score.overallCapped}
                unmetEssentials={score.unmetEssentials?.length ?? 0}
              />
            ),
          },
          ...(earlier
            ? [
                {
                  key: `Overall before re-scoring (rules version ${earlier.rulesVersion})`,
                  value: <BandLabel bands={tool.bands} code={earlier.overallBand} percent={earlier.overallPercent} showPercent />,
                },
              ]
            : []),
          ...score.dimensions.map((dimension) => ({
            key: tool.dimensions?.find((candidate) => candidate.code === dimension.code)?.title ?? dimension.code,
            value: (
              <BandLabel bands={tool.bands} code={dimension.band} percent={dimension.percent} showPercent cap={dimension.essentialCap} />
            ),
          })),
          { key: "Questions answered", value: `${score.completeness.answered} of ${score.completeness.total}` },
        ]}
      />
      <div className="app-table-wrapper" role="region" aria-label="Scores by standard" tabIndex={0}>
        <Table
          caption="Scores by standard"
          captionSize="s"
          firstCellIsHeader
          head={[
            { text: "Standard" },
            { text: "Score", format: "numeric" },
            { text: "Computed band" },
            { text: "Self rating" },
            { text: "Moderated rating" },
            { text: "Questions counted", format: "numeric" },
          ]}
          rows={tool.standards.map((standard) => {
            const scored = score.standards.find((entry) => entry.code === standard.code);
            return [
              { text: `${standard.code} ${standard.title}` },
              { text: formatPercent(scored?.percent ?? null, tool.bands), format: "numeric" },
              { text: <BandLabel bands={tool.bands} code={scored?.band ?? null} cap={scored?.essentialCap} /> },
              { text: labelOf(scored?.selfRating ?? null) },
              { text: moderated[standard.code] ? <BandLabel bands={tool.bands} code={moderated[standard.code]} /> : "Not moderated" },
              {
                text: `${scored?.included ?? 0}${scored?.notApplicable ? ` (${scored.notApplicable} not applicable)` : ""}`,
                format: "numeric",
              },
            ];
          })}
        />
      </div>
      {score.unmetEssentials && score.unmetEssentials.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">Essential requirements not met</h3>
          <ul className="govuk-list govuk-list--bullet">
            {score.unmetEssentials.map((unmet) => (
              <li key={unmet.item}>
                {unmet.standard}: {questionTitle(tool, unmet.item)} (answered “{choiceText(tool, unmet.item, unmet.answer)}”)
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="govuk-body-s">
        Scored with {tool.code} version {score.toolVersion}, scoring rules version {score.rulesVersion}. Unanswered questions are left out
        of a standard's score, and so are not-applicable answers, except on an essential question, where a duty cannot be not applicable. An
        essential question not met puts its standard in the lowest band and caps the overall at the second-highest; one answered below its
        best caps its standard. Percentages are whole numbers, except where rounding would carry one up to a band boundary it is below: then
        one decimal, rounded down (84.96% shows as 84.9%).
      </p>
    </>
  );
}

export function ReturnAnswers({
  pages,
  answers,
  visible,
}: {
  pages: SurveyPageJson[];
  answers: Record<string, unknown>;
  visible: string[];
}) {
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
