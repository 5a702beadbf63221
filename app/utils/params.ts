/** A numeric id from the URL, or a 404: a mistyped or guessed address is "page not found", never an error. */
export function requireId(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) throw new Response("Not found", { status: 404 });
  return Number(value);
}

export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}
