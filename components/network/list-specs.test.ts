/**
 * The distributor and binding tables' URL state: what the page sends to its list procedure and
 * what its export link sends are the same filters, as each server schema reads them (a filter
 * the export did not know would be dropped silently and the file would hold the wrong rows).
 */
import { describe, expect, it } from "vitest";
import { exportSearchParams, listInput, parseTableState } from "@/components/console/data-table/url-state";
import { bindingFilterSchema, bindingListInputSchema, distributorExportSchema } from "@/server/network/console-lists";
import { BINDINGS_SPEC } from "./bindings-spec";
import { DISTRIBUTORS_SPEC } from "./distributors-spec";

const LEVEL = "0190a0b0-0000-7000-8000-000000000001";
const withoutPaging = ({ limit: _l, offset: _o, ...rest }: Record<string, unknown>) => rest;

describe("distributor table state", () => {
  it("reads its filters from the URL and drops what it cannot use", () => {
    const s = parseTableState(DISTRIBUTORS_SPEC, { q: " 张 ", status: "active", role: "boss", levelId: "x", page: "2", dir: "asc" });
    expect(s.filters).toEqual({ q: "张", status: "active" });
    expect(s.sort).toEqual({ id: "appliedAt", desc: false });
    expect(s.page).toBe(1);
  });

  it("exports exactly the filters and order the page lists", () => {
    const s = parseTableState(DISTRIBUTORS_SPEC, { q: "A1B2", status: "frozen", role: "team_lead", levelId: LEVEL, dir: "asc" });
    const exportFilter = distributorExportSchema.parse(Object.fromEntries(exportSearchParams(DISTRIBUTORS_SPEC, s)));
    expect(exportFilter).toEqual(withoutPaging(listInput(DISTRIBUTORS_SPEC, s)));
    expect(exportFilter).toMatchObject({ levelId: LEVEL, dir: "asc", sort: "appliedAt" });
  });
});

describe("bindings table state", () => {
  it("reads a reversed date range the right way round and keeps state=all", () => {
    const s = parseTableState(BINDINGS_SPEC, { boundFrom: "2025-05-01", boundTo: "2025-04-01", state: "all", source: "qr" });
    expect(s.filters).toEqual({ boundFrom: "2025-04-01", boundTo: "2025-05-01", state: "all", source: "qr" });
  });

  it("sends the list procedure and the export the same filters (current bindings unless state=all)", () => {
    for (const params of [{}, { distributor: "D0001", source: "poster", boundFrom: "2025-04-01", state: "all" }]) {
      const s = parseTableState(BINDINGS_SPEC, params);
      const input = bindingListInputSchema.parse(listInput(BINDINGS_SPEC, s));
      const exportFilter = bindingFilterSchema.parse(Object.fromEntries(exportSearchParams(BINDINGS_SPEC, s)));
      expect(exportFilter).toEqual(withoutPaging(input));
    }
    expect(bindingListInputSchema.parse(listInput(BINDINGS_SPEC, parseTableState(BINDINGS_SPEC, {}))).state).toBe("current");
  });
});
