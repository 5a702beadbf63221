import { useEffect } from "react";

/**
 * GOV.UK asks for "Error: " before the page title when a form is re-shown with errors. Remix's
 * meta cannot see action data, so the prefix is added here once the page is in the browser.
 */
export function useErrorTitle(hasErrors: boolean): void {
  useEffect(() => {
    if (hasErrors && !document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
    if (!hasErrors && document.title.startsWith("Error: ")) document.title = document.title.slice("Error: ".length);
  }, [hasErrors]);
}
