/**
 * Materialised-path arithmetic for the referral tree. Pure: no database. A path lists the
 * ancestor ids from the root down to the node itself, each followed by "/": "/a/b/c/".
 */

export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? "/"}${id}/`;
}

/** Ids from the root down to the node itself. */
export function pathIds(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/** The node's nearest ancestors, nearest first (upline, upline's upline, …). */
export function uplinesOf(path: string, count: number): string[] {
  return pathIds(path).slice(0, -1).reverse().slice(0, count);
}

/** Re-parenting `nodePath` under `newParentPath` would put the node beneath itself. */
export function wouldLoop(nodePath: string, newParentPath: string | null): boolean {
  return newParentPath !== null && newParentPath.startsWith(nodePath);
}

/** How a subtree's paths change when its root moves from one parent to another. */
export function movedPath(path: string, oldRootPath: string, newRootPath: string): string {
  if (!path.startsWith(oldRootPath)) throw new Error("movedPath: path is not in the subtree");
  return newRootPath + path.slice(oldRootPath.length);
}

export function depthOf(path: string): number {
  return pathIds(path).length - 1;
}
