/**
 * Work that must wait until a transaction's changes are durable (sending an SMS about a state
 * change). Registered against the transaction handle; withTenant / withPlatform run it once
 * the transaction committed, and drop it when it rolled back.
 */
import type { Db, Tx } from "./client";

type Task = (db: Db) => Promise<void>;
const pending = new WeakMap<Tx, Task[]>();

/** Runs `task` after `tx` commits. Register on the transaction withTenant handed out. */
export function afterCommit(tx: Tx, task: Task) {
  const list = pending.get(tx);
  if (list) list.push(task);
  else pending.set(tx, [task]);
}

/**
 * Runs what `tx` registered. A failing task is logged, not thrown: the change is committed and
 * the caller's answer must say so.
 */
export async function runAfterCommit(db: Db, tx: Tx | undefined) {
  const tasks = tx ? pending.get(tx) : undefined;
  if (!tx || !tasks) return;
  pending.delete(tx);
  for (const task of tasks) {
    try {
      await task(db);
    } catch (e) {
      console.error("after-commit task failed", e);
    }
  }
}
