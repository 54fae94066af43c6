import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./server/i18n/request.ts");

const nextConfig: NextConfig = {
  // Native / wasm packages are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "@napi-rs/canvas", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // Our actions take a few form fields (sign-in, locale); anything larger is not ours.
    serverActions: { bodySizeLimit: "64kb" },
  },
};

export default withNextIntl(nextConfig);
