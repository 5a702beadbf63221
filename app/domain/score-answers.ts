import { scoreReturn, type Answers, type ReturnScore } from "./scoring";
import { visibleQuestions } from "./survey-engine";
import type { ToolDefinition } from "./tool-schema";

/** Scores answers as the agency sees them: the survey engine decides which questions are visible. */
export function scoreAnswers(tool: ToolDefinition, answers: Answers): ReturnScore {
  return scoreReturn(tool, answers, visibleQuestions(tool.survey, answers));
}
