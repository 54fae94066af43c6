/** The SMS gateway for this deployment, built from the validated environment. */
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import { aliyunProvider } from "./aliyun";
import { outboxProvider } from "./outbox";
import type { SmsProvider } from "./provider";
import { selectSmsProvider, type SmsEnv } from "./select";
import { tencentProvider } from "./tencent";

/** Throws SERVICE_UNAVAILABLE when the configured gateway cannot be used (see select.ts). */
export function getSmsProvider(db: Db, smsEnv: SmsEnv = env): SmsProvider {
  const selection = selectSmsProvider(smsEnv);
  switch (selection.kind) {
    case "outbox":
      return outboxProvider(db);
    case "aliyun":
      return aliyunProvider(selection.config);
    case "tencent":
      return tencentProvider(selection.config);
  }
}
