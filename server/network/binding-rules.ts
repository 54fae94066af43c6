/**
 * Who gets the buyer (DOMAIN.md §2). Pure decision; the service applies it.
 */
export type BindingMode = "permanent" | "lock" | "last_click";
export type BindingSource = "link" | "qr" | "poster" | "order_code" | "manual";

export interface CurrentBinding {
  distributorId: string;
  boundAt: Date;
  protectedUntil: Date | null;
}

export interface BindingRequest {
  distributorId: string;
  source: BindingSource;
  now: Date;
  /** The candidate distributor is the buyer's own distributor account. */
  isSelf: boolean;
  /** The buyer is a distributor above the candidate in the tree (binding would make a loop). */
  formsLoop: boolean;
  /** The candidate can take customers (active). */
  candidateActive: boolean;
}

export interface BindingSettings {
  mode: BindingMode;
  lockDays: number;
}

export type BindingDecision =
  | { action: "bind"; protectedUntil: Date | null }
  | { action: "rebind"; protectedUntil: Date | null }
  | { action: "keep"; reason: "same_distributor" | "permanent" | "locked" }
  | { action: "refuse"; reason: "self" | "loop" | "inactive" };

export function protectionUntil(settings: BindingSettings, now: Date): Date | null {
  return settings.mode === "lock" ? new Date(now.getTime() + settings.lockDays * 86400_000) : null;
}

export function decideBinding(
  current: CurrentBinding | null,
  req: BindingRequest,
  settings: BindingSettings,
): BindingDecision {
  if (req.isSelf) return { action: "refuse", reason: "self" };
  if (req.formsLoop) return { action: "refuse", reason: "loop" };
  if (!req.candidateActive) return { action: "refuse", reason: "inactive" };
  const protectedUntil = protectionUntil(settings, req.now);
  if (!current) return { action: "bind", protectedUntil };
  if (current.distributorId === req.distributorId) return { action: "keep", reason: "same_distributor" };
  // An admin's manual override always wins; it is audited with a reason by the service.
  if (req.source === "manual") return { action: "rebind", protectedUntil };
  switch (settings.mode) {
    case "permanent":
      return { action: "keep", reason: "permanent" };
    case "lock":
      return current.protectedUntil && req.now < current.protectedUntil
        ? { action: "keep", reason: "locked" }
        : { action: "rebind", protectedUntil };
    case "last_click":
      return { action: "rebind", protectedUntil };
  }
}
