/**
 * Who gets the buyer (DOMAIN.md §2). Pure decision; the service applies it.
 */
export type BindingMode = "permanent" | "lock" | "last_click";
export type BindingSource = "link" | "qr" | "poster" | "order_code" | "manual";

export interface CurrentBinding {
  distributorId: string;
  boundAt: Date;
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

/**
 * The end of a lock window that opens at `boundAt` under the brand's settings, or null outside
 * lock mode. DESIGN.md: "A lock window runs from when the binding was made and is checked when
 * the next order is ingested", with the program's settings as they stand then: a binding made
 * under last_click is locked from when it was made once the brand switches to lock, and a
 * shorter or longer lock applies to the bindings that exist. (The stored protected_until is kept
 * equal to this for current bindings when the settings change, for display: settings.ts.)
 */
export function protectionUntil(settings: BindingSettings, boundAt: Date): Date | null {
  return settings.mode === "lock" ? new Date(boundAt.getTime() + settings.lockDays * 86400_000) : null;
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
      return req.now < protectionUntil(settings, current.boundAt)!
        ? { action: "keep", reason: "locked" }
        : { action: "rebind", protectedUntil };
    case "last_click":
      return { action: "rebind", protectedUntil };
  }
}
