import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  type ShouldRevalidateFunction,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { getViewer } from "~/auth/session.server";
import { Footer, Header, PhaseBanner, ServiceNavigation, SkipLink } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { countUnread } from "~/data/notifications.server";
import type { Role } from "~/domain/permissions";
import { useNonce } from "~/utils/nonce";
import { SERVICE_NAME, partnershipName } from "~/utils/partnership";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/css/app.css" },
  { rel: "icon", href: "/favicon.ico", sizes: "48x48" },
];

/** Pages set their own titles; this one covers errors caught by the root boundary. */
export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: SERVICE_NAME }];
  const title =
    isRouteErrorResponse(error) && error.status === 404
      ? "Page not found"
      : isRouteErrorResponse(error) && error.status < 500
        ? "There is a problem"
        : "Sorry, there is a problem with the service";
  return [{ title: `${title} – ${SERVICE_NAME}` }];
};

/**
 * Live-condition checks on a return page (`_intent=conditions`) change nothing on the server, and
 * autosaves (`_intent=autosave`) change nothing the root shows, so no loader reloads after them.
 * Reloading the root then used to race with an immediate "Save", leaving the next page without its data.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("_intent");
  return intent === "conditions" || intent === "autosave" ? false : defaultShouldRevalidate;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  return {
    partnershipName: partnershipName(),
    viewer: viewer ? { name: viewer.name, role: viewer.role } : null,
    unreadNotifications: viewer ? await countUnread(getDb(), viewer) : 0,
  };
}

function navigationFor(role: Role | undefined): { href: string; text: string }[] {
  switch (role) {
    case "admin":
      return [
        { href: "/cycles", text: "Cycles" },
        { href: "/agencies", text: "Agencies" },
        { href: "/users", text: "Users" },
        { href: "/tools", text: "Tools" },
        { href: "/actions", text: "Actions" },
        { href: "/scorecard", text: "Scorecard" },
        { href: "/panels", text: "Panels" },
        { href: "/case-audits", text: "Case audits" },
        { href: "/outbox", text: "Outbox" },
        { href: "/api-tokens", text: "API tokens" },
      ];
    case "qa":
      return [
        { href: "/cycles", text: "Cycles" },
        { href: "/agencies", text: "Agencies" },
        { href: "/tools", text: "Tools" },
        { href: "/actions", text: "Actions" },
        { href: "/scorecard", text: "Scorecard" },
        { href: "/panels", text: "Panels" },
        { href: "/case-audits", text: "Case audits" },
      ];
    case "board":
      return [
        { href: "/board", text: "Board reports" },
        { href: "/actions", text: "Actions" },
        { href: "/scorecard", text: "Scorecard" },
      ];
    case "agency_lead":
      return [
        { href: "/returns", text: "Your returns" },
        { href: "/actions", text: "Your actions" },
        { href: "/agencies", text: "Your agency" },
        { href: "/indicators", text: "Your indicators" },
        { href: "/people", text: "People" },
        { href: "/case-audits", text: "Case audits" },
      ];
    case "agency_member":
      return [
        { href: "/returns", text: "Your returns" },
        { href: "/actions", text: "Your actions" },
        { href: "/agencies", text: "Your agency" },
        { href: "/indicators", text: "Your indicators" },
        { href: "/panels", text: "Feedback letters" },
        { href: "/case-audits", text: "Case audits" },
      ];
    default:
      return [];
  }
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const { pathname } = useLocation();
  const unread = data?.unreadNotifications ?? 0;
  // Everyone signed in has notifications; the count of unread ones is part of the link's name.
  const notifications = {
    href: "/notifications",
    text: (
      <>
        Notifications
        {unread > 0 ? (
          <span className="app-header__count">
            {unread}
            <span className="govuk-visually-hidden"> unread</span>
          </span>
        ) : null}
      </>
    ),
  };
  // A practitioner answering through their agency's link has no account here: the header's name and the service's
  // name lead nowhere, rather than to the staff sign-in page.
  const publicSurvey = pathname.startsWith("/p/");
  const navigation = [...navigationFor(data?.viewer?.role), ...(data?.viewer ? [notifications] : [])].map((item) => ({
    ...item,
    active: pathname.startsWith(item.href),
  }));
  // React's hydration resets <body>'s classes to the server's; GOV.UK Frontend's styles for its
  // scripted components (conditional reveals) key off these, so put them back once hydrated.
  useEffect(() => {
    document.body.classList.add("js-enabled");
    if ("noModule" in HTMLScriptElement.prototype) document.body.classList.add("govuk-frontend-supported");
  }, []);
  return (
    <html lang="en-GB" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <script
          nonce={nonce}
          // GOV.UK Frontend's styles for scripted behaviour (conditional reveals, done by our React components) key off these classes.
          dangerouslySetInnerHTML={{
            __html:
              "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        <SkipLink />
        <Header productName={data?.partnershipName ?? "Safeguarding Children Partnership"} homepageUrl={publicSurvey ? null : "/"} />
        <ServiceNavigation
          serviceName={SERVICE_NAME}
          serviceUrl={publicSurvey ? undefined : "/"}
          navigation={navigation}
          userName={data?.viewer?.name}
        />
        <div className="govuk-width-container">
          <PhaseBanner tag="Beta">This is a new service. Tell the partnership business office if something does not work.</PhaseBanner>
          <main className="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <Footer />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Expected refusals (403, 404) read as GOV.UK error pages; anything else as a plain apology. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <>
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you followed a link, the page may have moved or you may not have access to it.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            Go to the home page
          </a>
        </p>
      </>
    );
  }
  if (isRouteErrorResponse(error) && error.status < 500) {
    const heading = error.status === 403 ? "You do not have permission to see this page" : "There is a problem";
    const detail = typeof error.data === "string" ? error.data : error.statusText;
    return (
      <>
        <h1 className="govuk-heading-l">{heading}</h1>
        {/* The refusal's own words, unless they only repeat the heading. */}
        {detail && detail !== heading ? <p className="govuk-body">{detail}</p> : null}
        {error.status === 403 ? (
          <p className="govuk-body">If you think you should have access, ask your partnership's business office.</p>
        ) : null}
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            Go to the home page
          </a>
        </p>
      </>
    );
  }
  console.error(error);
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. Your saved answers are safe.</p>
    </>
  );
}
