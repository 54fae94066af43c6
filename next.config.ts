import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { STATIC_SECURITY_HEADERS } from "./server/http/security-headers";

const withNextIntl = createNextIntlPlugin("./server/i18n/request.ts");

const nextConfig: NextConfig = {
  // Native / wasm packages are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "@napi-rs/canvas", "postgres", "wechatpay-axios-plugin", "alipay-sdk", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
  // Every response; pages also get a per-request CSP (and HSTS in production) from proxy.ts.
  headers() {
    const headers = Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return Promise.resolve([{ source: "/:path*", headers }]);
  },
  experimental: {
    // Our actions take a few form fields (sign-in, locale); anything larger is not ours.
    serverActions: { bodySizeLimit: "64kb" },
  },
};

export default withNextIntl(nextConfig);
