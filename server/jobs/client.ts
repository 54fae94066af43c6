/** The Inngest client. Without Inngest configured, the in-process sweeper does the same work. */
import { Inngest } from "inngest";
import { env } from "@/server/env";

export const inngest = new Inngest({ id: "fenxiao" });

/** An event key (Inngest Cloud or self-hosted) or the dev server is configured. */
export function inngestConfigured(): boolean {
  return !!(env.INNGEST_EVENT_KEY || env.INNGEST_DEV);
}
