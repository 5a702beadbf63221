import type { Answers } from "./scoring";

/**
 * Two people editing the same return never silently overwrite each other (DESIGN §6, "Nothing lost"
 * in §10). A page save is a three-way merge, question by question, of what the form showed when it
 * was opened (`base`), what it posts (`mine`) and what is stored now (`theirs`), as version control
 * merges text: a question only one side changed takes that side's answer; one both sides changed
 * differently is a conflict, and the stored answer stays until the person chooses again.
 */

/** A question both people changed, to different answers: the stored (their) answer was kept. */
export interface AnswerConflict {
  name: string;
  mine: unknown;
  theirs: unknown;
}

export interface AnswerMerge {
  /** The answer to store for every question in `mine` (undefined = no answer). */
  answers: Answers;
  /** Questions whose stored answer now comes from `mine` (changed from the base, no conflict). */
  written: string[];
  conflicts: AnswerConflict[];
}

function isUnanswered(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.every(isUnanswered);
  if (typeof value === "object") return Object.values(value as Record<string, unknown>).every(isUnanswered);
  return false;
}

function isRowMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether two answers are the same answer, compared by meaning rather than by form: every kind of
 * "no answer" (missing, null, "", no boxes ticked, no matrix row chosen) is the same; checkbox
 * answers are sets (order and repeats do not matter); a matrix answer is the same when every row has
 * the same choice; single values compare as text, so a rating of 3 read from a form equals a stored 3.
 */
export function sameAnswer(a: unknown, b: unknown): boolean {
  const emptyA = isUnanswered(a);
  const emptyB = isUnanswered(b);
  if (emptyA || emptyB) return emptyA && emptyB;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const setA = new Set(a.map(String));
    const setB = new Set(b.map(String));
    return setA.size === setB.size && [...setA].every((entry) => setB.has(entry));
  }
  if (isRowMap(a) || isRowMap(b)) {
    if (!isRowMap(a) || !isRowMap(b)) return false;
    const rows = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...rows].every((row) => sameAnswer(a[row], b[row]));
  }
  return String(a) === String(b);
}

/**
 * Merges one page's posted answers (`mine`) into the stored ones (`theirs`), given the answers the
 * form was opened with (`base`). For each question in `mine`: unchanged by me (same as the base) →
 * keep theirs; changed by me and not by them → mine; changed by both to the same answer → that
 * answer; changed by both to different answers → a conflict, and theirs is kept (never written over
 * unseen). Questions not in `mine` are not part of this save. A `null` base means it is not known
 * what the form was opened with: then only answers that differ from the stored ones count as mine,
 * a question nobody has answered yet takes mine, and one already answered differently is a
 * conflict — so nothing stored is replaced or cleared without the person having seen it.
 */
export function mergeAnswers(base: Answers | null, mine: Answers, theirs: Answers): AnswerMerge {
  const answers: Answers = {};
  const written: string[] = [];
  const conflicts: AnswerConflict[] = [];
  for (const [name, value] of Object.entries(mine)) {
    const stored = theirs[name];
    const changedByMe = base === null ? !sameAnswer(value, stored) : !sameAnswer(value, base[name]);
    const changedByThem = base === null ? !isUnanswered(stored) : !sameAnswer(stored, base[name]);
    if (!changedByMe) {
      answers[name] = stored;
    } else if (!changedByThem || sameAnswer(value, stored)) {
      answers[name] = value;
      written.push(name);
    } else {
      answers[name] = stored;
      conflicts.push({ name, mine: value, theirs: stored });
    }
  }
  return { answers, written, conflicts };
}
