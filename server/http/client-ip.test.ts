import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp } from "@/server/shared/request";
import {
  CLIENT_IP_HEADER,
  clientIpFrom,
  clientIpFromHeaders,
  installFrontDoor,
  stampClientIp,
  UNKNOWN_CLIENT,
} from "./client-ip";

const headersOf = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()] ?? null;

describe("clientIpFrom", () => {
  it("with no trusted proxy is the socket's peer, whatever X-Forwarded-For says", () => {
    expect(clientIpFrom("198.51.100.7", "1.2.3.4", 0)).toBe("198.51.100.7");
    expect(clientIpFrom("::ffff:198.51.100.7", "1.2.3.4, 5.6.7.8", 0)).toBe("198.51.100.7");
    expect(clientIpFrom("2001:db8::1", undefined, 0)).toBe("2001:db8::1");
    expect(clientIpFrom(undefined, "1.2.3.4", 0)).toBe(UNKNOWN_CLIENT);
  });

  it("behind N proxies takes the N-th address from the right, ignoring what the client prepended", () => {
    // The client forged "1.1.1.1"; the proxy appended the address it saw (203.0.113.5).
    expect(clientIpFrom("10.0.0.2", "1.1.1.1, 203.0.113.5", 1)).toBe("203.0.113.5");
    expect(clientIpFrom("10.0.0.2", ["1.1.1.1", "203.0.113.5, 10.0.0.1"], 2)).toBe("203.0.113.5");
    // Fewer entries than proxies: the leftmost is the best there is.
    expect(clientIpFrom("10.0.0.2", "203.0.113.5", 3)).toBe("203.0.113.5");
    // Garbage where the client address should be is not an address.
    expect(clientIpFrom("10.0.0.2", "not-an-ip", 1)).toBe(UNKNOWN_CLIENT);
  });
});

describe("clientIpFromHeaders", () => {
  const forged = { "x-forwarded-for": "1.2.3.4", [CLIENT_IP_HEADER]: "5.6.7.8" };

  it("without the front door trusts neither header unless proxies are configured", () => {
    expect(clientIpFromHeaders(headersOf(forged), 0, false)).toBe(UNKNOWN_CLIENT);
    expect(clientIpFromHeaders(headersOf({ "x-forwarded-for": "1.1.1.1, 203.0.113.5" }), 1, false)).toBe(
      "203.0.113.5",
    );
  });

  it("behind the front door reads only its header", () => {
    expect(clientIpFromHeaders(headersOf(forged), 0, true)).toBe("5.6.7.8");
    expect(clientIpFromHeaders(headersOf({ "x-forwarded-for": "1.2.3.4" }), 0, true)).toBe(UNKNOWN_CLIENT);
  });
});

describe("stampClientIp", () => {
  it("replaces a client-sent copy of the internal header in headers and rawHeaders", () => {
    const req = {
      socket: { remoteAddress: "::ffff:198.51.100.7" },
      headers: { [CLIENT_IP_HEADER]: "5.6.7.8", "x-forwarded-for": "1.2.3.4" },
      rawHeaders: ["X-Fenxiao-Client-IP", "5.6.7.8", "X-Forwarded-For", "1.2.3.4"],
    } as unknown as IncomingMessage;
    stampClientIp(req, 0);
    expect(req.headers[CLIENT_IP_HEADER]).toBe("198.51.100.7");
    expect(req.rawHeaders).toEqual(["X-Forwarded-For", "1.2.3.4", CLIENT_IP_HEADER, "198.51.100.7"]);
  });
});

describe("the front door in front of a server", () => {
  let port = 0;
  const server = createServer((req, res) => {
    // What every handler behind it (Next, short links, REST) gets from clientIp().
    const headers = { get: (n: string) => (req.headers[n.toLowerCase()] as string | undefined) ?? null };
    res.end(clientIp(headers));
  });
  beforeAll(async () => {
    installFrontDoor(server, 0);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (headers: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/", headers }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(body));
      });
      req.on("error", reject);
      req.end();
    });

  it("answers with the socket's address however X-Forwarded-For and the internal header are forged", async () => {
    expect(await get({})).toBe("127.0.0.1");
    for (const ip of ["1.2.3.4", "5.6.7.8", "9.9.9.9"]) {
      expect(await get({ "x-forwarded-for": ip, "x-real-ip": ip, [CLIENT_IP_HEADER]: ip })).toBe("127.0.0.1");
    }
  });
});
