/** Opens the database at server start so migrations and the demo seed run before the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { appDatabase } = await import("@/server/db");
  await appDatabase();
}
