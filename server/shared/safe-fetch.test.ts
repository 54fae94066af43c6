import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeFetch, type SafeFetchOptions } from "./safe-fetch";

/**
 * Two local servers on one port: 127.0.0.2 plays a public image host, 127.0.0.1 an internal
 * service that must never be reached. Tests that need a reachable "public" host widen the
 * address policy to exactly 127.0.0.2.
 */
let port = 0;
const hits = { internal: 0, public: 0 };
let publicHandler: RequestListener = (_req, res) => res.end();
const servers: Server[] = [];

async function listen(host: string, handler: RequestListener, at = 0) {
  const s = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    s.once("error", reject);
    s.listen(at, host, resolve);
  });
  servers.push(s);
  return (s.address() as AddressInfo).port;
}

beforeAll(async () => {
  port = await listen("127.0.0.2", (req, res) => {
    hits.public += 1;
    publicHandler(req, res);
  });
  await listen(
    "127.0.0.1",
    (_req, res) => {
      hits.internal += 1;
      res.writeHead(200, { "content-type": "image/png" }).end("internal secret");
    },
    port,
  );
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const base: SafeFetchOptions = { maxBytes: 1024, timeoutMs: 2000, maxRedirects: 2, ports: "any" };
const onlyFakePublic: SafeFetchOptions = { ...base, isAllowedAddress: (a) => a === "127.0.0.2" };
const resolveTo = (address: string) => () => Promise.resolve([{ address, family: 4 }]);
const image = (body: string): RequestListener => (_req, res) =>
  res.writeHead(200, { "content-type": "image/png" }).end(body);

describe("safeFetch refuses internal addresses", () => {
  it("in every spelling, and the internal service never sees a request", async () => {
    hits.internal = 0;
    for (const url of [
      `http://[::ffff:127.0.0.1]:${port}/x.png`, // the review's bypass
      `http://[::ffff:7f00:1]:${port}/x.png`,
      `http://127.0.0.1:${port}/x.png`,
      `http://2130706433:${port}/x.png`,
      `http://[::1]:${port}/x.png`,
    ]) {
      const r = await safeFetch(url, base);
      expect(r.ok, url).toBe(false);
    }
    const named = await safeFetch(`http://intranet.test:${port}/x.png`, { ...base, resolve: resolveTo("127.0.0.1") });
    expect(named.ok).toBe(false);
    const split = await safeFetch(`http://split.test:${port}/x.png`, {
      ...onlyFakePublic,
      resolve: () => Promise.resolve([{ address: "127.0.0.2", family: 4 }, { address: "127.0.0.1", family: 4 }]),
    });
    expect(split.ok).toBe(false);
    expect(hits.internal).toBe(0);
  });

  it("connects to the address it checked, however DNS answers next (rebinding)", async () => {
    hits.internal = 0;
    publicHandler = image("public image");
    let lookups = 0;
    // First answer public, every later one internal: a second lookup would reach 127.0.0.1.
    const rebinding = () => Promise.resolve([{ address: lookups++ === 0 ? "127.0.0.2" : "127.0.0.1", family: 4 }]);
    const r = await safeFetch(`http://rebind.test:${port}/x.png`, { ...onlyFakePublic, resolve: rebinding });
    expect(r.ok && r.bytes.toString()).toBe("public image");
    expect(lookups).toBe(1);
    expect(hits.internal).toBe(0);
  });

  it("checks every redirect hop and caps how many it follows", async () => {
    hits.internal = 0;
    publicHandler = (req, res) => {
      if (req.url === "/to-internal") res.writeHead(302, { location: `http://127.0.0.1:${port}/x.png` }).end();
      else if (req.url === "/to-mapped") res.writeHead(301, { location: `http://[::ffff:127.0.0.1]:${port}/` }).end();
      else if (req.url?.startsWith("/loop")) res.writeHead(302, { location: `/loop${req.url.length}` }).end();
      else if (req.url === "/once") res.writeHead(302, { location: "/final" }).end();
      else image("final")(req, res);
    };
    const at = (path: string) => safeFetch(`http://127.0.0.2:${port}${path}`, onlyFakePublic);
    expect((await at("/to-internal")).ok).toBe(false);
    expect((await at("/to-mapped")).ok).toBe(false);
    expect(await at("/loop")).toEqual({ ok: false, reason: "too many redirects" });
    const followed = await at("/once");
    expect(followed.ok && followed.bytes.toString()).toBe("final");
    expect(hits.internal).toBe(0);
  });
});

describe("safeFetch caps", () => {
  it("stops reading at maxBytes, declared or streamed", async () => {
    publicHandler = (_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end("x".repeat(5000)); // sent with a content-length
    };
    expect(await safeFetch(`http://127.0.0.2:${port}/big`, onlyFakePublic)).toEqual({ ok: false, reason: "body too large" });
    publicHandler = (_req, res) => {
      res.writeHead(200, { "content-type": "image/png" }); // chunked, no length
      const timer = setInterval(() => res.write("x".repeat(512)), 5);
      res.on("close", () => clearInterval(timer));
    };
    expect(await safeFetch(`http://127.0.0.2:${port}/endless`, onlyFakePublic)).toEqual({ ok: false, reason: "body too large" });
  });

  it("gives up at the deadline when the server stalls", async () => {
    publicHandler = (_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.write("x"); // and then nothing
    };
    const started = Date.now();
    const r = await safeFetch(`http://127.0.0.2:${port}/slow`, { ...onlyFakePublic, timeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("takes only http(s), on ports 80 and 443 by default, without credentials, of the wanted type", async () => {
    let resolved = 0;
    const counting = { resolve: () => ((resolved += 1), Promise.resolve([{ address: "1.1.1.1", family: 4 }])) };
    for (const url of ["file:///etc/passwd", "ftp://example.com/x", "http://user:pw@example.com/x", "http://example.com:22/x"]) {
      const r = await safeFetch(url, { ...base, ports: undefined, ...counting });
      expect(r.ok, url).toBe(false);
    }
    expect(resolved).toBe(0);
    publicHandler = (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>");
    const html = await safeFetch(`http://127.0.0.2:${port}/page`, {
      ...onlyFakePublic,
      acceptContentType: (t) => t.startsWith("image/"),
    });
    expect(html.ok).toBe(false);
  });
});
