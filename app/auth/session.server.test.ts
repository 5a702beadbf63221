import { describe, expect, it } from "vitest";
import { safeRedirect } from "./session.server";

/* DESIGN §10 (Security): after sign-in the browser goes only to our own paths (no open redirect). */

describe("safeRedirect", () => {
  it.each([
    ["/returns/12", "/returns/12"],
    ["/cycles/3?status=late#list", "/cycles/3?status=late#list"],
    ["/returns/12/pages/S11-1?x=a%2Fb", "/returns/12/pages/S11-1?x=a%2Fb"],
    ["/", "/"],
    // Percent-encoded, a tab or slash is part of one of our paths: the browser stays on this site.
    ["/%09/evil.example/phish", "/%09/evil.example/phish"],
    ["/%2F/evil.example", "/%2F/evil.example"],
    ["/%5C/evil.example", "/%5C/evil.example"],
    ["/%0D%0A/evil.example", "/%0D%0A/evil.example"],
  ])("follows our own path %s", (target, expected) => {
    expect(safeRedirect(target, "/fallback")).toBe(expected);
  });

  // Browsers drop tabs and newlines from URLs and read a backslash as a slash, so each of these would
  // otherwise leave the site (WHATWG URL standard, "basic URL parser").
  it.each([
    "//evil.example/phish",
    "/\\evil.example/phish",
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r/evil.example/phish",
    "\t//evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "evil.example/phish",
    " //evil.example",
    "/\u0000/evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "/\u00a0//evil.example",
    "",
  ])("refuses %j and answers the fallback", (target) => {
    expect(safeRedirect(target, "/fallback")).toBe("/fallback");
  });

  it("refuses a value that is not text", () => {
    expect(safeRedirect(null, "/fallback")).toBe("/fallback");
    expect(safeRedirect(undefined)).toBe("/");
  });
});
