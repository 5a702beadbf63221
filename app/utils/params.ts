/** A numeric id from the URL, or a 404: a mistyped or guessed address is "page not found", never an error. */
export function requireId(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) throw new Response("Not found", { status: 404 });
  return Number(value);
}

export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

/** A 400 whose message the error page shows as it is: for an address with a bad parameter. */
export function badRequest(message: string): never {
  throw new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
