/**
 * The API's documentation: the OpenAPI 3.1 document at /api/v1/openapi.json (generated from the
 * routes' own zod schemas) and Scalar's reference at /docs/api. Scalar's standalone bundle is
 * served from node_modules by this app, never from a CDN: many customers' browsers (and this
 * deployment) have no internet. The page runs under a nonce-based CSP; the bundle reads the
 * nonce from <meta property="csp-nonce"> for the styles it injects.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Scalar } from "@scalar/hono-api-reference";
import type { Context, Env } from "hono";
import { randomToken } from "@/server/shared/crypto";
import { webhooksDoc } from "@/server/webhooks/docs";
import type { RestApp } from "./app";

export const OPENAPI_PATH = "/api/v1/openapi.json";
export const DOCS_PATH = "/docs/api";
const BUNDLE_PATH = `${DOCS_PATH}/scalar.js`;

let bundle: Promise<Buffer> | undefined;
/** The standalone bundle, read once. Resolved from the project root, not from the build output. */
function scalarBundle() {
  bundle ??= (async () => {
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const entry = require.resolve("@scalar/api-reference");
    return readFile(path.join(path.dirname(entry), "browser", "standalone.js"));
  })();
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

function csp(nonce: string) {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    // Scalar's components set element styles; attributes cannot carry a nonce.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // "Try it" sends requests to this API from the page.
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function registerDocs(app: RestApp) {
  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "Fenxiao API",
      version: "1.0.0",
      description:
        "The brand integration API. JSON over HTTPS; amounts in integer fen, rates in basis points, times ISO 8601. " +
        "Authenticate with `Authorization: Bearer fx_…`. Errors are `application/problem+json` (RFC 9457) with `code` " +
        "and `errors: {<field path>: <key>}`. POST / PUT / PATCH accept an `Idempotency-Key` header.\n" +
        webhooksDoc(),
    },
    servers: [{ url: "/", description: "This server" }],
  });

  app.get(BUNDLE_PATH, async (c) => {
    const body = await scalarBundle();
    return c.body(new Uint8Array(body), 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=86400",
    });
  });

  app.get(DOCS_PATH, async (c, next) => {
    const nonce = randomToken(16);
    const page = Scalar({
      url: OPENAPI_PATH,
      cdn: BUNDLE_PATH,
      nonce,
      pageTitle: "Fenxiao API reference",
      withDefaultFonts: false,
      telemetry: false,
      showDeveloperTools: "never",
    });
    // Scalar's middleware is typed for a plain Hono context; it reads nothing of ours.
    const res = await page(c as unknown as Context<Env, string>, next);
    if (res) res.headers.set("content-security-policy", csp(nonce));
    return res;
  });
}
