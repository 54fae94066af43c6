import { eq, sql } from "drizzle-orm";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database, Db } from "@/db/client";
import { brandSettings, distributors, linkClicks } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { keyedHash } from "@/server/shared/crypto";
import { CLIENT_IP_HEADER, installFrontDoor } from "@/server/http/client-ip";
import { serveShortLink, shortLinkTarget } from "@/server/http/short-links";
import { createBrandFixture } from "@/server/testing/fixtures";
import { createProduct } from "./products";
import { shortLinkRoute } from "./redirect";
import { ensureShortLink } from "./short-links";
import { createTestDistributor } from "./testing";

let t: Database;
let GET: ReturnType<typeof shortLinkRoute>;
let server: Server;
let origin: string;
beforeAll(async () => {
  t = await createTestDatabase();
  GET = shortLinkRoute(() => Promise.resolve(t));
  // `npm start` answers /s/<code> from node:http ahead of Next; the same cases run through both.
  server = createServer((req, res) => {
    const target = shortLinkTarget(req.method, req.url);
    if (target) void serveShortLink(t.db, req, res, target);
    else res.writeHead(418).end("not a short link");
  });
  // As `npm start` behind one proxy, which appends the visitor's address to X-Forwarded-For.
  installFrontDoor(server, 1);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

const IP = "203.0.113.77";
type Via = "next route" | "node:http";
let through: Via = "next route";

function visit(
  code: string,
  opts: { query?: string; cookie?: string; headers?: Record<string, string> } = {},
) {
  const headers = {
    // node:http: the front door derives IP from this; the Next route: its stamp, as `npm start`
    // would have set it.
    "x-forwarded-for": IP,
    [CLIENT_IP_HEADER]: IP,
    "user-agent": `Mozilla/5.0 ${"x".repeat(400)}`,
    ...(opts.cookie ? { cookie: opts.cookie } : {}),
    ...opts.headers,
  };
  const path = `/s/${encodeURIComponent(code)}${opts.query ?? ""}`;
  if (through === "node:http") return fetch(`${origin}${path}`, { headers, redirect: "manual" });
  const req = new Request(`http://localhost:3000${path}`, { headers });
  return GET(req, { params: Promise.resolve({ code }) });
}

/** A brand whose landing URL's host is verified unless `verified` is false. */
async function brandWithLink(landingUrl: string | null, { verified = true } = {}) {
  const b = await createBrandFixture(t);
  const d = await createTestDistributor(t, b.tenantId, {
    code: `R${Math.random().toString(36).slice(2, 9).toUpperCase()}`,
  });
  const link = await withTenant(t.db, b.tenantId, async (tx) => {
    const host = landingUrl && verified ? new URL(landingUrl).hostname : null;
    await tx
      .update(brandSettings)
      .set({ landingUrl, landingVerifiedHost: host })
      .where(eq(brandSettings.tenantId, b.tenantId));
    return ensureShortLink(tx, { distributorId: d.id });
  });
  return { b, d, link };
}

const clicksOf = (tenantId: string) =>
  withTenant(t.db, tenantId, (tx) => tx.select().from(linkClicks).orderBy(linkClicks.id));

describe.each<Via>(["next route", "node:http"])("GET /s/<code> through the %s", (via) => {
  beforeAll(() => {
    through = via;
  });

  it("sends a known code to the landing URL with fx_ref, sets the device cookie and records the click", async () => {
    const { b, d, link } = await brandWithLink("https://shop.example.com/store?from=fx");
    const res = await visit(link.code);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(
      `https://shop.example.com/store?from=fx&fx_ref=${d.code}`,
    );
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(
      /^fx_did=[A-Za-z0-9_-]{16,64}; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax/,
    );
    const deviceId = /^fx_did=([^;]+)/.exec(cookie)![1]!;

    const [click] = await clicksOf(b.tenantId);
    expect(click).toMatchObject({
      shortLinkId: link.id,
      distributorId: d.id,
      deviceId,
      via: "link",
    });
    expect(click!.ipHash).toBe(keyedHash(IP, "ip"));
    expect(click!.userAgent).toHaveLength(300);
    // The raw IP is stored nowhere in the click.
    const dump = rowsOf<{ t: string }>(
      await withTenant(t.db, b.tenantId, (tx) =>
        tx.execute(sql`select row_to_json(c)::text as t from link_clicks c`),
      ),
    );
    expect(dump.map((r) => r.t).join()).not.toContain(IP);
  });

  it("keeps the visitor's device id and records how they came (via)", async () => {
    const { b, link } = await brandWithLink("https://shop.example.com/");
    const deviceId = "dev_abcdefghijklmnop";
    const res = await visit(link.code, { query: "?via=qr", cookie: `other=1; fx_did=${deviceId}` });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toContain(`fx_did=${deviceId};`);
    await visit(link.code.toLowerCase(), { query: "?via=poster" });
    await visit(link.code, { query: "?via=<script>" });
    const clicks = await clicksOf(b.tenantId);
    expect(clicks.map((c) => c.via)).toEqual(["qr", "poster", "link"]);
    expect(clicks[0]!.deviceId).toBe(deviceId);
    expect(clicks[1]!.deviceId).not.toBe(deviceId);
  });

  it("adds fx_sku for a product link", async () => {
    const { b, d } = await brandWithLink("https://shop.example.com/p");
    const link = await withTenant(t.db, b.tenantId, async (tx) => {
      const p = await createProduct(
        tx,
        { type: "system", id: null },
        { sku: "TEA-250", name: "茶", priceFen: 100 },
      );
      return ensureShortLink(tx, { distributorId: d.id, productId: p.id });
    });
    const res = await visit(link.code);
    expect(res.headers.get("location")).toBe(
      `https://shop.example.com/p?fx_ref=${d.code}&fx_sku=TEA-250`,
    );
  });

  it("without a landing URL, sends the visitor to the brand's join page", async () => {
    const { b, d, link } = await brandWithLink(null);
    const res = await visit(link.code);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/d/${b.slug}/join?ref=${d.code}`);
  });

  it("with a landing URL whose host is not verified, sends the visitor to the brand's join page", async () => {
    const { b, d, link } = await brandWithLink("https://phishing.example.net/login", { verified: false });
    const res = await visit(link.code);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/d/${b.slug}/join?ref=${d.code}`);
  });

  it("answers an unknown code with a friendly 404 page, not a redirect, and records nothing", async () => {
    const res = await visit("ZZZZ999", { headers: { "accept-language": "en-GB,en" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("This link no longer works");
    const zh = await visit("bad code!");
    expect(zh.status).toBe(404);
    expect(await zh.text()).toContain("链接已失效");
  });

  it("stops working while the distributor is not active", async () => {
    const { b, d, link } = await brandWithLink("https://shop.example.com/");
    await withTenant(t.db, b.tenantId, (tx) =>
      tx.update(distributors).set({ status: "frozen" }).where(eq(distributors.id, d.id)),
    );
    const res = await visit(link.code);
    expect(res.status).toBe(404);
    expect(await clicksOf(b.tenantId)).toEqual([]);
  });
});

describe("shortLinkTarget (which requests node:http answers itself)", () => {
  it("takes GET and HEAD of /s/<code>, with or without a query or trailing slash", () => {
    expect(shortLinkTarget("GET", "/s/ABC234")).toEqual({ code: "ABC234", via: null });
    expect(shortLinkTarget("HEAD", "/s/ABC234/?via=qr&x=1")).toEqual({ code: "ABC234", via: "qr" });
    expect(shortLinkTarget("GET", "/s/%E4%B8%AD")).toEqual({ code: "中", via: null });
    expect(shortLinkTarget("GET", "/s/%E4%B8")).toEqual({ code: "%E4%B8", via: null });
  });

  it("leaves every other request to Next", () => {
    for (const [method, url] of [
      ["POST", "/s/ABC234"],
      ["GET", "/s/"],
      ["GET", "/s/ABC/extra"],
      ["GET", "/signin"],
      ["GET", "/d/hoobang/s/ABC"],
      ["GET", "/sABC"],
    ] as const) {
      expect(shortLinkTarget(method, url)).toBeNull();
    }
  });
});

describe("serveShortLink when the database fails", () => {
  it("answers 503 with Retry-After and logs that the click was not recorded", async () => {
    const down = { execute: () => Promise.reject(new Error("connection refused")) } as unknown as Db;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const failing = createServer((req, res) => void serveShortLink(down, req, res, shortLinkTarget(req.method, req.url)!));
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/s/ABC234`, { redirect: "manual" });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.headers.get("location")).toBeNull();
      expect(logged.mock.calls.some((c) => String(c[0]).includes("click not recorded"))).toBe(true);
    } finally {
      logged.mockRestore();
      await new Promise((resolve) => failing.close(resolve));
    }
  });
});
