/**
 * The sweep's part for imports: an import whose runner stopped (the process restarted
 * mid-file) is resumed from its last committed chunk. Runs imports one after another: they
 * share the process with requests.
 */
import type { Db } from "@/db/client";
import { staleImports } from "./queries";
import { isImportActive, runImport } from "./run";

export async function resumeStaleImports(db: Db, now = new Date()) {
  let resumed = 0;
  for (const { tenantId, importIds } of await staleImports(db, now)) {
    for (const id of importIds) {
      if (isImportActive(id)) continue;
      try {
        if ((await runImport(db, tenantId, id, { now: () => new Date(Math.max(Date.now(), now.getTime())) })) !== "skipped") resumed += 1;
      } catch (e) {
        console.error(`order import ${id}: resume failed`, e);
      }
    }
  }
  return resumed;
}
