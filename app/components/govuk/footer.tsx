import { Fragment, type ReactNode } from "react";

export interface FooterLink {
  href: string;
  text: ReactNode;
}

export interface FooterProps {
  /** Support links such as accessibility statement, cookies and privacy. */
  metaLinks?: FooterLink[];
  metaLinksTitle?: string;
  children?: ReactNode;
}

/**
 * GOV.UK Frontend 5's footer without the crown copyright and the Open Government Licence: this
 * service is not Crown content. The licence line says what the platform is instead.
 */
export function Footer({
  metaLinks = [],
  metaLinksTitle = "Support links",
  children = "Open source safeguarding audit platform",
}: FooterProps) {
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            {metaLinks.length > 0 ? (
              <>
                <h2 className="govuk-visually-hidden">{metaLinksTitle}</h2>
                <ul className="govuk-footer__inline-list">
                  {metaLinks.map((link, index) => (
                    // The space between items is part of the inline-block layout, as in GOV.UK's template.
                    <Fragment key={link.href}>
                      {index > 0 ? " " : null}
                      <li className="govuk-footer__inline-list-item">
                        <a className="govuk-footer__link" href={link.href}>
                          {link.text}
                        </a>
                      </li>
                    </Fragment>
                  ))}
                </ul>
              </>
            ) : null}
            <span className="govuk-footer__licence-description">{children}</span>
          </div>
        </div>
      </div>
    </footer>
  );
}
