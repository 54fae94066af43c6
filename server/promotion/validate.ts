import type { z } from "zod";
import { AppError } from "@/server/errors";

/** Parses service input; a failure is BAD_REQUEST with field messages (i18n keys). */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const i of parsed.error.issues) fields[i.path.join(".") || "body"] ??= i.message;
  throw new AppError("BAD_REQUEST", "Please correct the highlighted fields.", { fields });
}

/** A LIKE pattern matching `term` literally anywhere. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
