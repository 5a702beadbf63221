/** Joins the class names that are set, in order, as GOV.UK Frontend's templates do. */
export function classNames(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(" ");
}
