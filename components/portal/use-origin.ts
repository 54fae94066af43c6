"use client";

import { useSyncExternalStore } from "react";

const noSubscribe = () => () => {};

/** This site's origin in the browser; "" while rendering on the server (links appear on hydration). */
export function useOrigin(): string {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => "",
  );
}

/** Whether the Web Share API is there (most phones); false on the server. */
export function useCanShare(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => typeof navigator.share === "function",
    () => false,
  );
}
