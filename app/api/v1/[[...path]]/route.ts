// The public REST API (server/rest). Under `npm start` node:http serves it before Next.
import { nextRestHandler } from "@/server/rest/mount";

export const dynamic = "force-dynamic";
export const GET = nextRestHandler;
export const HEAD = nextRestHandler;
export const POST = nextRestHandler;
export const PUT = nextRestHandler;
export const PATCH = nextRestHandler;
export const DELETE = nextRestHandler;
