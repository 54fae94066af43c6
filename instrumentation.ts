/** At server start (Node runtime only): server/instrumentation-node.ts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("@/server/instrumentation-node")).registerNode();
}
