import { useFetcher } from "@remix-run/react";
import { useCallback, useMemo, useState, type RefObject } from "react";

/** What the page's action answers a condition check: the page's questions the answers so far would show. */
type ConditionsAnswer = { kind: "conditions"; page: string; visible: string[] | null };

/**
 * Live conditions on a return page: with JavaScript, a changed choice asks the server which of the page's
 * questions are now visible (the server decides, so the browser and the saved return can never disagree).
 * `visible` starts from what the page was rendered with; `setVisibleNames` takes a page save's answer.
 */
export function useLiveConditions(formRef: RefObject<HTMLFormElement>, pageName: string, initialVisible: string[]) {
  const conditions = useFetcher();
  const [visibleNames, setVisibleNames] = useState<string[]>(initialVisible);
  // The fetcher outlives a move to the next page (same route), so only its answer for this page counts.
  const [seen, setSeen] = useState(conditions.data);
  if (conditions.data !== seen) {
    setSeen(conditions.data);
    const answer = conditions.data as ConditionsAnswer | undefined;
    if (answer?.kind === "conditions" && answer.page === pageName && answer.visible) setVisibleNames(answer.visible);
  }
  const visible = useMemo(() => new Set(visibleNames), [visibleNames]);

  const checkConditions = useCallback(() => {
    if (!formRef.current) return;
    const formData = new FormData(formRef.current);
    formData.set("_intent", "conditions");
    conditions.submit(formData, { method: "post" });
  }, [formRef, conditions]);

  return { visible, setVisibleNames, checkConditions };
}
