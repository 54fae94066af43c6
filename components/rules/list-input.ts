/** The rules list's query input; shared by the page (prefetching page 1) and the client list. */
export const RULES_PAGE_SIZE = 20;
export type RulesFilter = "all" | "enabled" | "disabled";
const ENABLED: Record<RulesFilter, boolean | undefined> = {
  all: undefined,
  enabled: true,
  disabled: false,
};

export function rulesListInput(filter: RulesFilter, search: string, page: number) {
  return { page, pageSize: RULES_PAGE_SIZE, search: search || undefined, enabled: ENABLED[filter] };
}
