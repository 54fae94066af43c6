/**
 * The webhooks section of the API description (rendered at /docs/api): what is sent, how to
 * verify it, retries and ordering. Built from the same constants the dispatcher uses, so the
 * documented tolerance, header and events cannot drift from the code.
 */
import { DELIVERY_DEFAULTS, backoffSeconds } from "./deliver";
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS } from "./signature";
import { WEBHOOK_EVENT_TYPES } from "./events";

/** The receiver's check, in Node.js; the webhook tests run this same function. */
export const VERIFY_SAMPLE = `import crypto from "node:crypto";

// header: the ${SIGNATURE_HEADER} header; body: the raw request body, exactly as received
// (before any JSON parsing); secret: the endpoint's whsec_… secret.
export function verifyFenxiaoSignature(header, body, secret, toleranceSeconds = ${SIGNATURE_TOLERANCE_SECONDS}) {
  const parts = header.split(",").map((p) => p.split("="));
  const t = parts.find(([k]) => k === "t")?.[1];
  const signatures = parts.filter(([k]) => k === "v1").map(([, v]) => v);
  if (!t || signatures.length === 0) return false;
  if (Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false; // replayed or stale
  const expected = crypto.createHmac("sha256", secret).update(\`\${t}.\${body}\`).digest();
  return signatures.some((s) => {
    const got = Buffer.from(s, "hex");
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  });
}`;

const minutes = (s: number) => (s < 60 ? `${s} s` : s < 3600 ? `${s / 60} min` : `${Math.round(s / 360) / 10} h`);

export function webhooksDoc(): string {
  const schedule = Array.from({ length: DELIVERY_DEFAULTS.maxAttempts - 1 }, (_, i) => minutes(backoffSeconds(i + 1))).join(", ");
  return `
## Webhooks

Add endpoints in the console (Settings → Webhooks): an HTTPS URL on a public address and the events it receives.
Each event is a \`POST\` with a JSON body:

\`\`\`json
{ "id": "<event id>", "type": "commission.created", "createdAt": "2026-12-02T08:00:00.000Z", "data": { … } }
\`\`\`

Events: ${WEBHOOK_EVENT_TYPES.map((t) => `\`${t}\``).join(", ")}, and \`webhook.test\` (the console's "send test event").
Headers: \`${SIGNATURE_HEADER}\`, \`Fenxiao-Event-Id\`, \`Fenxiao-Event-Type\`, \`Fenxiao-Delivery-Id\`.

### Verifying the signature

\`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>\` — \`v1\` is HMAC-SHA256, keyed with the endpoint's secret (the whole
\`whsec_…\` string), over \`<t>.<raw body>\`. After a secret rotation the header carries two \`v1\` values (new secret
first) until the old secret's grace period ends, so either secret verifies. Accept a request only when one \`v1\`
matches (compare in constant time) **and** \`t\` is within **${SIGNATURE_TOLERANCE_SECONDS / 60} minutes** of your clock
(the tolerance: it stops replays). Verify the raw bytes you received, before parsing JSON.

\`\`\`js
${VERIFY_SAMPLE}
\`\`\`

### Delivery, retries and ordering

Events are written in the same transaction as the change they describe, so a change that rolls back sends nothing,
and they are sent after it commits. Answer with any 2xx within ${DELIVERY_DEFAULTS.timeoutMs / 1000} s; redirects are not
followed. Anything else is retried after ${schedule} (${DELIVERY_DEFAULTS.maxAttempts} attempts), then the delivery is marked
failed; you can redeliver it from the console. Delivery is at least once: deduplicate by \`id\`. Events of one order (or
one withdrawal) arrive in the order they happened: the next one waits until the earlier one is delivered or has failed for
good. An endpoint that fails ${DELIVERY_DEFAULTS.disableAfterFailures} times in a row is disabled; enable it again in the console.
`;
}
