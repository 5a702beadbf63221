import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { quickPractitionerSubmit, REHEARSALS } from "../../server/quick-submit.js";

/*
 * The server's quick path for a practitioner's last page (server/quick-submit.js), over real HTTP. What is pinned
 * here is its promise about the start-up rehearsal (decision 033): a request on a rehearsal's connection is never
 * handed to the page's route, which would store it for real, and its failures are not logged as a practitioner's.
 * The app's own checks and store (`quickSubmit`) are tested on a real database elsewhere; here they are a
 * function the test sets the answer of.
 */

const TOKEN = "AbCdEfGhIjKlMnOpQrStUv";
let answer: () => Promise<{ location: string; setCookie: string } | null>;
const route = vi.fn((_req: express.Request, res: express.Response) => res.status(200).send("the page's own route"));
let server: http.Server;
let base: string;
let rehearsing = false;

beforeAll(async () => {
  const app = express();
  app.post(
    "/p/:token",
    quickPractitionerSubmit(() => answer(), route as unknown as express.RequestHandler),
  );
  server = http.createServer(app);
  // As server.js does for the connections the primary marks: the whole connection is a rehearsal's.
  server.on("connection", (socket) => {
    if (rehearsing) REHEARSALS.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  route.mockClear();
  answer = async () => null;
});

function post(target: string, body: string, type = "application/x-www-form-urlencoded"): Promise<Response> {
  // A new connection each time, so each is a rehearsal's or not as the test says.
  return fetch(`${base}${target}`, { method: "POST", headers: { "Content-Type": type, Connection: "close" }, body, redirect: "manual" });
}

describe("the quick path for a last page", () => {
  it("answers a stored response with the redirect to the thank-you page", async () => {
    answer = async () => ({ location: `/p/${TOKEN}/thanks`, setCookie: "__practitioner_answered=1" });
    const response = await post(`/p/${TOKEN}`, "_page=4&_go=next");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/p/${TOKEN}/thanks`);
    expect(route).not.toHaveBeenCalled();
  });

  it("hands anything it does not answer to the page's route, the body as it came", async () => {
    const response = await post(`/p/${TOKEN}`, "_page=0&_go=next");
    expect(await response.text()).toBe("the page's own route");
    expect(route).toHaveBeenCalledTimes(1);
  });

  describe("on a start-up rehearsal's connection", () => {
    beforeAll(() => {
      rehearsing = true;
    });
    afterAll(() => {
      rehearsing = false;
    });

    it("never hands a request to the page's route, which would store it", async () => {
      expect((await post(`/p/${TOKEN}`, "_page=0&_go=next")).status).toBe(422);
      expect((await post(`/p/${TOKEN}`, "{}", "application/json")).status).toBe(422);
      expect((await post("/p/short", "_page=4&_go=next")).status).toBe(422);
      expect(route).not.toHaveBeenCalled();
    });

    it("does not log a failed store as a practitioner's", async () => {
      const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
      try {
        answer = async () => {
          throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
        };
        expect((await post(`/p/${TOKEN}`, "_page=4&_go=next")).status).toBe(422);
        expect(logged).not.toHaveBeenCalled();
        expect(route).not.toHaveBeenCalled();
      } finally {
        logged.mockRestore();
      }
    });
  });
});
