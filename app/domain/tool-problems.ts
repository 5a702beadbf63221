import { listElements, type SurveyJson } from "./survey-json";

/**
 * Tool upload problems written for the business office (DESIGN §4): the validator's "path: message" lines
 * grouped by what is wrong, each place named by its page and question title as well as its JSON path. Fifty
 * questions pointing at one unknown standard are one problem with fifty places, not fifty lines.
 */

export interface ProblemPlace {
  /** "Leadership › Is there a named senior lead?", or null where the path names no question. */
  where: string | null;
  path: string;
}

export interface ProblemGroup {
  message: string;
  places: ProblemPlace[];
}

/** Page and question titles by question name and by element path (survey.pages.0.elements.3…). */
function titlesOf(definition: unknown): { byName: Map<string, string>; byPath: Map<string, string>; pages: string[] } {
  const byName = new Map<string, string>();
  const byPath = new Map<string, string>();
  const survey = (definition as { survey?: SurveyJson } | null)?.survey;
  const pagesRaw = Array.isArray(survey?.pages) ? survey.pages : [];
  const pages = pagesRaw.map((page, index) => String(page?.title ?? page?.name ?? `Page ${index + 1}`));
  if (survey && Array.isArray(survey.pages)) {
    for (const { element, path } of listElements(survey)) {
      const page = pages[Number(/^survey\.pages\.(\d+)/.exec(path)?.[1] ?? -1)] ?? "";
      const where = `${page} › ${String(element.title ?? element.name ?? "")}`.replace(/^ › /, "");
      byPath.set(path, where);
      if (typeof element.name === "string" && element.name) byName.set(element.name, where);
    }
  }
  return { byName, byPath, pages };
}

function placeOf(path: string, titles: ReturnType<typeof titlesOf>): string | null {
  const item = /^items\.([^.]+(?:\.[^.]+)?)/.exec(path);
  if (item) {
    const [question] = item[1].split(".");
    return titles.byName.get(item[1]) ?? titles.byName.get(question) ?? null;
  }
  const element = /^survey\.pages\.\d+(?:\.elements\.\d+)+/.exec(path);
  if (element) {
    for (let prefix = element[0]; prefix.includes(".elements."); prefix = prefix.slice(0, prefix.lastIndexOf(".elements."))) {
      const found = titles.byPath.get(prefix);
      if (found) return found;
    }
  }
  const page = /^survey\.pages\.(\d+)/.exec(path);
  return page ? (titles.pages[Number(page[1])] ?? null) : null;
}

/** Groups "path: message" lines by message, in the order each message first appears. */
export function groupToolProblems(lines: string[], definition: unknown): ProblemGroup[] {
  const titles = titlesOf(definition);
  const groups = new Map<string, ProblemGroup>();
  for (const line of lines) {
    const split = line.indexOf(": ");
    const looksLikePath = split > 0 && !line.slice(0, split).includes(" ");
    const path = looksLikePath ? line.slice(0, split) : "";
    const message = looksLikePath ? line.slice(split + 2) : line;
    const group = groups.get(message) ?? { message, places: [] };
    if (path) group.places.push({ where: placeOf(path, titles), path });
    groups.set(message, group);
  }
  return [...groups.values()];
}
