import sanitizeHtml from "sanitize-html";
import type { SurveyElementJson } from "~/domain/survey-json";

/**
 * Tool text may carry HTML (html elements, guidance). It is written by whoever uploads a tool, so it
 * is sanitised before it reaches a page: formatting and links only, no scripts, styles or frames.
 */
export function sanitizeToolHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ["p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "abbr"],
    allowedAttributes: { a: ["href", "title", "class", "rel"], abbr: ["title"], p: ["class"], ul: ["class"], ol: ["class"] },
    // Only the classes our own transforms add survive; a tool cannot bring its own.
    allowedClasses: {
      a: ["govuk-link"],
      p: ["govuk-body"],
      ul: ["govuk-list", "govuk-list--bullet"],
      ol: ["govuk-list", "govuk-list--number"],
    },
    allowedSchemes: ["https", "http", "mailto"],
    transformTags: {
      a: sanitizeHtml.simpleTransform("a", { class: "govuk-link", rel: "noreferrer noopener" }),
      p: sanitizeHtml.simpleTransform("p", { class: "govuk-body" }),
      ul: sanitizeHtml.simpleTransform("ul", { class: "govuk-list govuk-list--bullet" }),
      ol: sanitizeHtml.simpleTransform("ol", { class: "govuk-list govuk-list--number" }),
    },
  });
}

/** Sanitised HTML of every html element among these elements (panels included), by name. */
export function sanitizedHtmlOf(elements: SurveyElementJson[]): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (list: SurveyElementJson[]) => {
    for (const element of list) {
      if (element.type === "html" && typeof element.html === "string") found[element.name] = sanitizeToolHtml(element.html);
      if (element.type === "panel" && Array.isArray(element.elements)) walk(element.elements);
    }
  };
  walk(elements);
  return found;
}
