/**
 * Orders strings by UTF-16 code unit, as `<` does: not localeCompare, whose order depends on the
 * runtime's locale data. Uuids (lower-case hex) come out in the order Postgres sorts them.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
