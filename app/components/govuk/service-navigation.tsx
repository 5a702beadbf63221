import { Fragment, useEffect, useState, type ReactNode } from "react";

import { classNames } from "./class-names";

export interface ServiceNavigationItem {
  href: string;
  text: ReactNode;
  active?: boolean;
}

export interface ServiceNavigationProps {
  serviceName?: ReactNode;
  serviceUrl?: string;
  navigation?: ServiceNavigationItem[];
  navigationLabel?: string;
  /** The signed-in user's name; when given the navigation ends with it and a "Sign out" button. */
  userName?: ReactNode;
  /** Where the "Sign out" form posts to. */
  signOutAction?: string;
}

/** GOV.UK Frontend's breakpoint between mobile and tablet (40.0625em), where the menu collapses. */
const TABLET_UP = "(min-width: 40.0625em)";

/**
 * GOV.UK Frontend 5's service navigation: the service name and the service's links, under the header.
 * On a small screen the links fold behind a "Menu" button, as GOV.UK Frontend's own script does
 * (done in React here, as the app runs none of GOV.UK Frontend's scripts). The button exists only
 * once scripts run: without JavaScript the links are always listed, so nothing is out of reach.
 * Signing out is a POST form, not a link, because it changes state.
 */
export function ServiceNavigation({
  serviceName,
  serviceUrl,
  navigation = [],
  navigationLabel = "Menu",
  userName,
  signOutAction = "/logout",
}: ServiceNavigationProps) {
  // null until hydrated: the server cannot know the screen, and must render what works without scripts.
  const [narrow, setNarrow] = useState<boolean | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const query = window.matchMedia(TABLET_UP);
    const update = () => setNarrow(!query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);

  const items: Array<{ key: string; active?: boolean; content: ReactNode }> = navigation.map((item) => ({
    key: item.href,
    active: item.active,
    content: (
      <a className="govuk-service-navigation__link" href={item.href} aria-current={item.active ? "true" : undefined}>
        {item.active ? <strong className="govuk-service-navigation__active-fallback">{item.text}</strong> : item.text}
      </a>
    ),
  }));
  if (userName) {
    items.push(
      { key: "app-user", content: <span className="app-service-navigation__user">{userName}</span> },
      {
        key: "app-sign-out",
        content: (
          <form method="post" action={signOutAction} className="app-service-navigation__sign-out">
            <button type="submit" className="app-service-navigation__sign-out-button">
              Sign out
            </button>
          </form>
        ),
      },
    );
  }
  if (!serviceName && items.length === 0) return null;
  const collapsed = narrow === true && !open;

  return (
    <section
      aria-label="Service information"
      className="govuk-service-navigation app-service-navigation"
      data-module="govuk-service-navigation"
    >
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          {serviceName ? (
            <span className="govuk-service-navigation__service-name">
              {serviceUrl ? (
                <a href={serviceUrl} className="govuk-service-navigation__link">
                  {serviceName}
                </a>
              ) : (
                <span className="govuk-service-navigation__text">{serviceName}</span>
              )}
            </span>
          ) : null}
          {items.length > 0 ? (
            <nav aria-label={navigationLabel} className="govuk-service-navigation__wrapper">
              <button
                type="button"
                className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                aria-controls="navigation"
                aria-expanded={narrow === true ? open : undefined}
                hidden={narrow !== true}
                onClick={() => setOpen((was) => !was)}
              >
                {navigationLabel}
              </button>
              <ul className="govuk-service-navigation__list" id="navigation" hidden={collapsed}>
                {items.map((item, index) => (
                  <Fragment key={item.key}>
                    {index > 0 ? " " : null}
                    <li className={classNames("govuk-service-navigation__item", item.active && "govuk-service-navigation__item--active")}>
                      {item.content}
                    </li>
                  </Fragment>
                ))}
              </ul>
            </nav>
          ) : null}
        </div>
      </div>
    </section>
  );
}
