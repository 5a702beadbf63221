import type { Answers } from "./scoring";
import { checkAnswerShapes, validateReturn, visibleQuestions } from "./survey-engine";
import { listQuestions } from "./survey-json";
import type { ToolDefinition } from "./tool-schema";

/** What a carried-forward return starts from, and what could not come across (with why). */
export interface CarriedAnswers {
  answers: Answers;
  /** The question names given an answer from the previous return: each to be reviewed. */
  carried: string[];
  /** Previous answers left behind: "name: reason". */
  dropped: string[];
}

/**
 * Prefills a return from the same agency's previous return of the same tool code ("carry
 * forward"). An answer comes across when the new version has a question of the same name (the
 * tool format keeps question names stable between versions, as it keeps standard codes), or, for
 * a self rating renamed between versions, when `comparableTo` maps the new standard to the old one
 * whose self-rating question held it. What comes across must still be an allowed answer in the new
 * version (checked by the survey engine: type, choices, validators), and visible once everything
 * has come across; anything else is dropped, never guessed. File answers (uploaded evidence) stay
 * with the return they belong to. A different tool code carries nothing: the questions mean
 * different things.
 */
export function carryForwardAnswers(previous: { definition: ToolDefinition; answers: Answers }, next: ToolDefinition): CarriedAnswers {
  if (previous.definition.code !== next.code) return { answers: {}, carried: [], dropped: [] };
  const questions = new Map(listQuestions(next.survey).map((question) => [question.name, question]));
  const candidates: Answers = {};
  const dropped: string[] = [];

  for (const [name, value] of Object.entries(previous.answers)) {
    const question = questions.get(name);
    if (!question) dropped.push(`${name}: not a question of version ${next.version}`);
    else if (question.type === "file") dropped.push(`${name}: evidence files stay with the earlier return`);
    else candidates[name] = value;
  }

  // Self ratings whose question was renamed: follow the version mapping of standards.
  const mapping = next.comparableTo?.[`${previous.definition.code}@${previous.definition.version}`] ?? {};
  const oldStandards = new Map(previous.definition.standards.map((standard) => [standard.code, standard]));
  for (const standard of next.standards) {
    if (!standard.selfRating || standard.selfRating in candidates) continue;
    const oldCode = standard.code in mapping ? mapping[standard.code] : standard.code;
    const oldQuestion = oldCode ? oldStandards.get(oldCode)?.selfRating : undefined;
    if (oldQuestion && previous.answers[oldQuestion] !== undefined) candidates[standard.selfRating] = previous.answers[oldQuestion];
  }

  // Each answer on its own must be allowed in the new version.
  for (const name of Object.keys(candidates)) {
    const problems = checkAnswerShapes(next.survey, { [name]: candidates[name] });
    if (problems.length > 0) {
      dropped.push(`${name}: no longer an allowed answer`);
      delete candidates[name];
    }
  }
  // Then together: an answer that breaks a validator, or that the other answers now hide, is left out.
  // Dropping one can hide another, so repeat until nothing changes (each pass removes at least one).
  for (;;) {
    const shown = visibleQuestions(next.survey, candidates);
    const invalid = new Set(
      validateReturn(next.survey, candidates)
        .filter((problem) => problem.kind === "invalid")
        .map((problem) => problem.name),
    );
    const leaving = Object.keys(candidates).filter((name) => !shown.has(name) || invalid.has(name));
    if (leaving.length === 0) break;
    for (const name of leaving) {
      dropped.push(`${name}: ${invalid.has(name) ? "breaks a rule of the new version" : "not asked given the other answers"}`);
      delete candidates[name];
    }
  }
  const order = [...questions.keys()];
  const carried = order.filter((name) => name in candidates);
  return { answers: Object.fromEntries(carried.map((name) => [name, candidates[name]])), carried, dropped };
}
