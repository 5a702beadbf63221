import { describe, expect, it } from "vitest";
import { formatSpread, quantile, spreadOf } from "./spread";

describe("spreadOf (linear interpolation between closest ranks)", () => {
  it("takes the middle value of an odd group and the quartiles between ranks", () => {
    // 10, 20, 30, 40, 50: h = 4·0.25 = 1 → 20; h = 2 → 30; h = 3 → 40.
    expect(spreadOf([50, 10, 40, 20, 30])).toEqual({ n: 5, median: 30, q1: 20, q3: 40 });
  });

  it("interpolates an even group: the median halfway between the middle two, quartiles a quarter of the way", () => {
    // 10, 20, 40, 80: median h = 1.5 → 20 + 0.5·20 = 30; q1 h = 0.75 → 10 + 0.75·10 = 17.5; q3 h = 2.25 → 40 + 0.25·40 = 50.
    expect(spreadOf([80, 10, 40, 20])).toEqual({ n: 4, median: 30, q1: 17.5, q3: 50 });
  });

  it("leaves not-scored values out of n rather than counting them as 0", () => {
    expect(spreadOf([null, 60, null, 100])).toEqual({ n: 2, median: 80, q1: 70, q3: 90 });
  });

  it("gives one value as every quantile, and no figures at all for an empty group", () => {
    expect(spreadOf([42.5])).toEqual({ n: 1, median: 42.5, q1: 42.5, q3: 42.5 });
    expect(spreadOf([null])).toEqual({ n: 0, median: null, q1: null, q3: null });
  });

  it("matches Excel's QUARTILE.INC on an uneven group", () => {
    // QUARTILE.INC({1,2,4,7,11,16},1) = 2.5, (…,2) = 5.5, (…,3) = 10: h = 1.25, 2.5, 3.75.
    const sorted = [1, 2, 4, 7, 11, 16];
    expect([quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75)]).toEqual([2.5, 5.5, 10]);
  });
});

describe("formatSpread", () => {
  it("writes the median with its middle half and n, rounded half up, and says when there are no scores", () => {
    expect(formatSpread({ n: 4, median: 62.5, q1: 37.5, q3: 75 })).toBe("63% (middle half 38% to 75%, n = 4)");
    expect(formatSpread({ n: 0, median: null, q1: null, q3: null })).toBe("No scores (n = 0)");
  });
});
