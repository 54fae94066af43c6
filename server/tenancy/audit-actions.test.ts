import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMessages } from "@/server/i18n/messages";
import { AUDIT_ACTIONS, AUDIT_FIELDS } from "./audit-actions";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The string at a dotted path of a catalogue, or undefined. */
function at(messages: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), messages);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("audit actions", () => {
  it.each(["en", "zh-CN"] as const)("every action and recorded field has a %s label", async (locale) => {
    const messages = await loadMessages(locale);
    for (const action of AUDIT_ACTIONS) {
      expect(typeof at(messages, `settings.audit.actions.${action}`), `${locale}: settings.audit.actions.${action}`).toBe("string");
    }
    for (const field of AUDIT_FIELDS) {
      expect(typeof at(messages, `settings.audit.fields.${field}`), `${locale}: settings.audit.fields.${field}`).toBe("string");
    }
  });

  it("covers every action the code writes, through audit() or straight into audit_logs", () => {
    const known = new Set<string>(AUDIT_ACTIONS);
    const written = new Set<string>();
    for (const file of [...sources(path.join(ROOT, "server")), ...sources(path.join(ROOT, "db"))]) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\baction:\s*["'`]([a-zA-Z_]+\.[a-zA-Z_.]+)["'`]/g)) written.add(m[1]!);
      for (const m of text.matchAll(/\bAuditAction\s*=\s*["']([^"']+)["']/g)) written.add(m[1]!);
      // A literal action in SQL would dodge the type: none may be written that way.
      expect(text, file).not.toMatch(/insert into audit_logs[\s\S]{0,300}'[a-z]+\.[a-z_]+'/i);
    }
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((a) => !known.has(a))).toEqual([]);
  });
});
