import { describe, expect, it } from "vitest";
import { parseTrustProxy } from "../../server/trust-proxy.js";

/* Which proxies' X-Forwarded-For hops are believed (server.js, docs/operations.md "Behind a proxy"). */

describe("parseTrustProxy", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["false", false],
    ["0", false],
    ["1", 1],
    [" 2 ", 2],
    ["10.0.0.1", "10.0.0.1"],
    ["10.0.0.0/8, 192.168.1.4", "10.0.0.0/8,192.168.1.4"],
    ["loopback", "loopback"],
    ["::1, fd00::/8", "::1,fd00::/8"],
  ])("reads %j as %j", (value, setting) => {
    expect(parseTrustProxy(value)).toEqual({ setting, warning: null });
  });

  it("reads true as one proxy, with a warning saying what to write instead", () => {
    const { setting, warning } = parseTrustProxy("true");
    expect(setting).toBe(1);
    expect(warning).toContain("TRUST_PROXY=true is read as TRUST_PROXY=1");
  });

  it.each([
    ["yes", '"yes" is not a number of proxies'],
    ["10.0.0.0/33", '"10.0.0.0/33" is not'],
    ["10.0.0.1,", '"" is not'],
    ["*", '"*" is not'],
    ["10.0.0.1/8/2", '"10.0.0.1/8/2" is not'],
    ["11", "more than 10 proxies"],
    ["-1", '"-1" is not'],
  ])("refuses %j", (value, message) => {
    expect(() => parseTrustProxy(value)).toThrow(message);
  });
});
