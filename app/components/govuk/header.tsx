export interface HeaderProps {
  /** The partnership's name, shown where GOV.UK shows its logo: this service is not on gov.uk, so no crown. */
  productName: React.ReactNode;
  /** Where the name leads; null for a page whose reader has nowhere else to go here (a practitioner survey's link). */
  homepageUrl?: string | null;
}

/**
 * GOV.UK Frontend 5's header without the crown and GOV.UK logotype. The service name and its links sit
 * under it, in the service navigation (service-navigation.tsx), as GOV.UK Frontend 5.9 recommends.
 */
export function Header({ productName, homepageUrl = "/" }: HeaderProps) {
  return (
    <header className="govuk-header app-header" data-module="govuk-header">
      <div className="govuk-header__container govuk-width-container">
        <div className="govuk-header__logo">
          {homepageUrl === null ? (
            <span className="govuk-header__product-name">{productName}</span>
          ) : (
            <a href={homepageUrl} className="govuk-header__link govuk-header__link--homepage">
              <span className="govuk-header__product-name">{productName}</span>
            </a>
          )}
        </div>
      </div>
    </header>
  );
}
