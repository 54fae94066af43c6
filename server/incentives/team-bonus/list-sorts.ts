/** Sort keys of the console's team bonus and staff performance lists (shared by page and server). */
export const STATEMENT_SORTS = ["period"] as const;
export const PERFORMANCE_SORTS = ["gmv"] as const;
