"use client";

import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { PASSWORD_MIN_LENGTH } from "@/server/auth/password-policy";

/** The password policy, with the rules that can be checked as you type ticked when met. */
export function PasswordRules({ value }: { value: string }) {
  const t = useTranslations("auth.passwordPolicy");
  const rules: { key: string; ok?: boolean }[] = [
    { key: "length", ok: value.length >= PASSWORD_MIN_LENGTH },
    { key: "letterDigit", ok: /[A-Za-z]/.test(value) && /\d/.test(value) },
    { key: "notCommon" },
  ];
  return (
    <ul className="space-y-0.5">
      {rules.map((r) => (
        <li key={r.key} className={cn("flex items-center gap-1.5", r.ok && "text-emerald-700")}>
          <span aria-hidden="true" className="inline-block w-3 text-center">
            {r.ok ? "✓" : "•"}
          </span>
          {t(r.key, { min: PASSWORD_MIN_LENGTH })}
        </li>
      ))}
    </ul>
  );
}
