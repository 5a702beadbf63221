/** The partnership's name shown in the header; set PARTNERSHIP_NAME in a real deployment. */
export function partnershipName(): string {
  return process.env.PARTNERSHIP_NAME?.trim() || "Northshire Safeguarding Children Partnership";
}

export const SERVICE_NAME = "Safeguarding audit";

/** "Page – Service – Partnership": GOV.UK title order, most specific first. */
export function pageTitle(title: string): string {
  return `${title} – ${SERVICE_NAME}`;
}

/** The address people are given in links: APP_URL where the deployment sets it, else the address the page was asked on. */
export function publicBase(request: Request): string {
  return (process.env.APP_URL || new URL(request.url).origin).replace(/\/+$/, "");
}
