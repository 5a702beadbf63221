import { Fragment, type ReactNode } from "react";

import { classNames } from "./class-names";

export interface HeaderNavigationItem {
  href: string;
  text: ReactNode;
  active?: boolean;
}

export interface HeaderProps {
  /** The partnership's name, shown where GOV.UK shows its logo: this service is not on gov.uk, so no crown. */
  productName: ReactNode;
  homepageUrl?: string;
  serviceName?: ReactNode;
  serviceUrl?: string;
  navigation?: HeaderNavigationItem[];
  navigationLabel?: string;
  /** The signed-in user's name; when given the navigation ends with it and a "Sign out" button. */
  userName?: ReactNode;
  /** Where the "Sign out" form posts to. */
  signOutAction?: string;
}

/**
 * GOV.UK Frontend 5's header without the crown and GOV.UK logotype. The navigation is a plain list with
 * no menu button, so it shows (stacked on small screens) with or without JavaScript. Signing out is a
 * POST form, not a link, because it changes state.
 */
export function Header({
  productName,
  homepageUrl = "/",
  serviceName,
  serviceUrl,
  navigation = [],
  navigationLabel = "Menu",
  userName,
  signOutAction = "/logout",
}: HeaderProps) {
  const items: Array<{ key: string; active?: boolean; content: ReactNode }> = navigation.map((item) => ({
    key: item.href,
    active: item.active,
    content: (
      <a className="govuk-header__link" href={item.href}>
        {item.text}
      </a>
    ),
  }));
  if (userName) {
    items.push(
      { key: "app-user", content: <span className="app-header__user">{userName}</span> },
      {
        key: "app-sign-out",
        content: (
          <form method="post" action={signOutAction} className="app-header__sign-out">
            <button type="submit" className="app-header__sign-out-button">
              Sign out
            </button>
          </form>
        ),
      },
    );
  }

  return (
    <header className="govuk-header app-header" data-module="govuk-header">
      <div className="govuk-header__container govuk-width-container">
        <div className="govuk-header__logo">
          <a href={homepageUrl} className="govuk-header__link govuk-header__link--homepage">
            <span className="govuk-header__product-name">{productName}</span>
          </a>
        </div>
        {serviceName || items.length > 0 ? (
          <div className="govuk-header__content">
            {serviceName ? (
              serviceUrl ? (
                <a href={serviceUrl} className="govuk-header__link govuk-header__service-name">
                  {serviceName}
                </a>
              ) : (
                <span className="govuk-header__service-name">{serviceName}</span>
              )
            ) : null}
            {items.length > 0 ? (
              <nav aria-label={navigationLabel} className="govuk-header__navigation">
                <ul id="navigation" className="govuk-header__navigation-list">
                  {items.map((item, index) => (
                    // The space between items is part of the inline-block layout, as in GOV.UK's template.
                    <Fragment key={item.key}>
                      {index > 0 ? " " : null}
                      <li
                        className={classNames(
                          "govuk-header__navigation-item",
                          item.active && "govuk-header__navigation-item--active",
                        )}
                      >
                        {item.content}
                      </li>
                    </Fragment>
                  ))}
                </ul>
              </nav>
            ) : null}
          </div>
        ) : null}
      </div>
    </header>
  );
}
