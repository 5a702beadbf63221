import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { FeedbackLetter } from "~/domain/feedback-letter";

/**
 * A challenge panel's feedback letter as a Word document: the same words and figures as the
 * printable page, both laid out from the domain's `buildFeedbackLetter` (no arithmetic here).
 * Tables repeat their header row across pages and never split a row.
 */

/** Half-points: 11pt body, 9pt tables (seven rating columns must fit a portrait page). */
const BODY_SIZE = 22;
const TABLE_SIZE = 18;

function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: TABLE_SIZE })] })] });
}

function table(head: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: head.map((text) => cell(text, true)) }),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((text, index) => cell(text, index === 0)) })),
    ],
  });
}

function para(text: string, bold = false): Paragraph {
  return new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text, bold, size: BODY_SIZE })] });
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1): Paragraph {
  return new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });
}

export function feedbackLetterFileName(letter: FeedbackLetter): string {
  return `${letter.title
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase()}.docx`;
}

export async function renderFeedbackLetterDocx(letter: FeedbackLetter): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: letter.title, heading: HeadingLevel.TITLE }),
    ...(letter.isFinal ? [] : [para(letter.status, true)]),
    para(`From: ${letter.from}`),
    para(`To: ${letter.to}`),
    para(letter.session),
    heading("The panel"),
    para(letter.attendance),
    ...(letter.outcome ? [heading("Outcome", HeadingLevel.HEADING_2), para(letter.outcome)] : []),
    ...(letter.notes ? [heading("Notes", HeadingLevel.HEADING_2), para(letter.notes)] : []),
    heading("Ratings"),
    para(`Overall score: ${letter.overall.score} (${letter.overall.band}).`),
    para(letter.optimismGapSentence),
    para(
      "The effective rating is the moderated rating where the panel gave one, otherwise the band the scoring rules give. It is the rating reported to the board.",
    ),
    table(
      ["Standard", "Score", "Computed band", "Self rating", "Moderated rating", "Reason", "Effective rating"],
      letter.standards.map((standard) => [
        `${standard.code} ${standard.title}`,
        standard.score,
        standard.computedBand,
        standard.selfRating,
        standard.moderatedRating,
        standard.rationale,
        standard.effectiveRating,
      ]),
    ),
    heading("Challenges"),
    ...(letter.challenges.length === 0
      ? [para("The panel raised no challenges.")]
      : [
          table(
            ["Standard", "Question", "Your answer", "Outcome"],
            letter.challenges.map((challenge) => [challenge.standard, challenge.question, challenge.answer, challenge.outcome]),
          ),
        ]),
    heading("Agreed actions"),
    ...(letter.actions.length === 0
      ? [para("No actions have been agreed yet.")]
      : [
          table(
            ["Standard", "Action", "Owner", "Due", "Status"],
            letter.actions.map((action) => [action.standard, action.description, action.owner, action.due, action.status]),
          ),
        ]),
    ...(letter.actionsAwaitingAgreement > 0
      ? [
          para(
            `${letter.actionsAwaitingAgreement} further ${letter.actionsAwaitingAgreement === 1 ? "action awaits" : "actions await"} agreement by the QA subgroup.`,
          ),
        ]
      : []),
  ];
  const document = new Document({
    title: letter.title,
    creator: letter.from,
    styles: { default: { document: { run: { font: "Arial", size: BODY_SIZE } } } },
    sections: [{ properties: { page: { margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } }, children }],
  });
  return Packer.toBuffer(document);
}
