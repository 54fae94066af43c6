"use client";

import { useTranslations } from "next-intl";
import { Fragment, useState, type ReactNode } from "react";

/** Uplines shown in full up to this many; a deeper chain shows its root and nearest ones. */
const SHOW_ALL_UP_TO = 5;
const NEAREST = 3;

export interface Upline {
  id: string;
  code: string;
  name: string;
}

/**
 * A breadcrumb of a distributor's uplines (team.ancestors, root first) ending at the
 * distributor itself. A deep chain folds its middle behind a button, so the trail stays one
 * line on the detail page and above the team tree; `item` renders each upline (a link there, a
 * button here).
 */
export function UplinePath<U extends Upline>({
  label,
  lead,
  uplines,
  current,
  item,
}: {
  label: string;
  /** Rendered before the root, e.g. a link back to the list. */
  lead?: ReactNode;
  uplines: readonly U[];
  current: ReactNode;
  item: (u: U) => ReactNode;
}) {
  const t = useTranslations("network.path");
  const [expanded, setExpanded] = useState(false);
  const folded = !expanded && uplines.length > SHOW_ALL_UP_TO;
  const shown = folded ? [uplines[0]!, ...uplines.slice(-NEAREST)] : uplines;
  const hidden = uplines.length - shown.length;
  return (
    <nav aria-label={label} data-testid="upline-path">
      <ol className="flex flex-wrap items-center gap-1 text-sm text-slate-600">
        {lead && <Crumb>{lead}</Crumb>}
        {shown.map((u, i) => (
          <Fragment key={u.id}>
            <Crumb>{item(u)}</Crumb>
            {folded && i === 0 && (
              <Crumb>
                <button
                  type="button"
                  className="rounded px-1 hover:text-brand-700 hover:underline"
                  onClick={() => setExpanded(true)}
                  aria-label={t("showHidden", { count: hidden })}
                  data-testid="upline-path-more"
                >
                  …
                </button>
              </Crumb>
            )}
          </Fragment>
        ))}
        <li className="font-medium text-slate-900" aria-current="location">
          {current}
        </li>
      </ol>
    </nav>
  );
}

function Crumb({ children }: { children: ReactNode }) {
  return (
    <li className="flex items-center gap-1">
      {children}
      <span aria-hidden="true">›</span>
    </li>
  );
}
