"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * A commission's rule and version. It links to the rule's page (Commission Rules,
 * /console/rules/<id>, rules.manage) for roles that may open it; everyone else reads it as text.
 */
export function RuleName({
  rule,
  linked,
}: {
  rule: { id: string; name: string; version: number };
  linked: boolean;
}) {
  const t = useTranslations("settlement.commissions");
  const text = t("ruleVersion", { name: rule.name, version: rule.version });
  if (!linked) return <span className="whitespace-nowrap">{text}</span>;
  return (
    <Link
      href={`/console/rules/${rule.id}`}
      className="whitespace-nowrap text-slate-900 hover:text-brand-700 hover:underline"
    >
      {text}
    </Link>
  );
}
