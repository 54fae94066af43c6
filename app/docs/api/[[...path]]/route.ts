// The API reference (Scalar, served by the REST app from node_modules; no CDN).
import { nextRestHandler } from "@/server/rest/mount";

export const dynamic = "force-dynamic";
export const GET = nextRestHandler;
