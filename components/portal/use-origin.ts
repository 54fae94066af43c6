"use client";

import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from "react";

const noSubscribe = () => () => {};

// The portal layout provides the server's appOrigin() (server/shared/app-url.ts), so invite
// links name the same host as short links, QR codes and posters.
const OriginContext = createContext("");

export function AppOriginProvider({ origin, children }: { origin: string; children: ReactNode }) {
  return createElement(OriginContext.Provider, { value: origin }, children);
}

/** The origin absolute links are built on, as the server decided it for this request. */
export function useOrigin(): string {
  return useContext(OriginContext);
}

/** Whether the Web Share API is there (most phones); false on the server. */
export function useCanShare(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => typeof navigator.share === "function",
    () => false,
  );
}
