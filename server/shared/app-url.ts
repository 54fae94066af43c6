/** Absolute links to this deployment, from APP_URL (with or without a trailing slash). */
import { env } from "@/server/env";

export function appUrl(path: `/${string}`): string {
  return `${env.APP_URL.replace(/\/+$/, "")}${path}`;
}
