import { Button, Details } from "~/components/govuk";

/**
 * The fixed parts of a return page around its questions: where the page sits in the return, what the tool
 * says about its standard, the answers carried from last cycle to review, and the save buttons.
 */

export function ReturnPageIntro({
  agencyName,
  pageNumber,
  pageCount,
  page,
  carriedCount,
  standard,
}: {
  agencyName: string;
  pageNumber: number;
  pageCount: number;
  page: { title: string; description: string | null };
  carriedCount: number;
  standard: { guidance: string | null; reference: string | null } | null;
}) {
  return (
    <>
      <span className="govuk-caption-l">
        {agencyName}: section {pageNumber} of {pageCount}
      </span>
      <h1 className="govuk-heading-l">{page.title}</h1>
      {page.description ? <p className="govuk-body">{page.description}</p> : null}
      {carriedCount > 0 ? (
        <div className="govuk-inset-text">
          {carriedCount === 1 ? "1 answer" : `${carriedCount} answers`} on this page came from your agency's last return. Check each one
          marked ‘From last cycle: review’ still holds, change it if not, then save the page.
        </div>
      ) : null}
      {standard?.guidance || standard?.reference ? (
        <Details summary="Guidance for this standard">
          {standard.guidance ? <p className="govuk-body">{standard.guidance}</p> : null}
          {standard.reference ? <p className="govuk-body">Reference: {standard.reference}</p> : null}
        </Details>
      ) : null}
    </>
  );
}

/** "Save and continue" while a visible page follows (with "Save and come back later"), else back to the overview. */
export function ReturnPageButtons({ hasNext }: { hasNext: boolean }) {
  return (
    <div className="govuk-button-group">
      {hasNext ? (
        <Button name="_next" value="continue">
          Save and continue
        </Button>
      ) : (
        <Button name="_next" value="overview">
          Save and return to all sections
        </Button>
      )}
      {hasNext ? (
        <Button name="_next" value="later" variant="secondary">
          Save and come back later
        </Button>
      ) : null}
    </div>
  );
}
