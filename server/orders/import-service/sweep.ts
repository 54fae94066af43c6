/**
 * The sweep's part for imports: an import whose runner stopped (the process restarted
 * mid-file) is resumed from its last committed chunk. Runs imports one after another: they
 * share the process with requests.
 */
import type { Database } from "@/db/client";
import { staleImports } from "./queries";
import { isImportActive, runImport } from "./run";

export async function resumeStaleImports(database: Database, now = new Date()) {
  let resumed = 0;
  for (const { tenantId, importIds } of await staleImports(database, now)) {
    for (const id of importIds) {
      if (isImportActive(id)) continue;
      try {
        if ((await runImport(database, tenantId, id, { now: () => new Date(Math.max(Date.now(), now.getTime())) })) !== "skipped") resumed += 1;
      } catch (e) {
        console.error(`order import ${id}: resume failed`, e);
      }
    }
  }
  return resumed;
}
