import { describe, expect, it } from "vitest";
import {
  dateParam,
  defineListSpec,
  exportSearchParams,
  listInput,
  oneOf,
  parseTableState,
  tableSearchParams,
  textParam,
  uuidParam,
} from "./url-state";

const spec = defineListSpec({
  filters: {
    q: textParam(10),
    status: oneOf(["open", "closed"]),
    from: dateParam,
    to: dateParam,
    ruleId: uuidParam,
  },
  sorts: ["createdAt", "amount"],
  defaultSort: { id: "createdAt", desc: true },
  ranges: [["from", "to"]],
});

describe("list URL state", () => {
  it("reads filters it knows, drops values it cannot use, and defaults the rest", () => {
    const s = parseTableState(
      spec,
      new URLSearchParams(
        "q=%20hello%20&status=lost&from=2025-02-30&ruleId=x&evil=1&size=7&page=0",
      ),
    );
    expect(s).toEqual({
      filters: { q: "hello" },
      sort: { id: "createdAt", desc: true },
      page: 0,
      pageSize: 20,
    });
  });

  it("round-trips through the URL, leaving defaults out", () => {
    const params =
      "q=abc&status=open&from=2025-03-01&to=2025-03-31&sort=amount&dir=asc&size=50&page=3";
    const s = parseTableState(spec, new URLSearchParams(params));
    expect(s).toEqual({
      filters: { q: "abc", status: "open", from: "2025-03-01", to: "2025-03-31" },
      sort: { id: "amount", desc: false },
      page: 2,
      pageSize: 50,
    });
    expect(tableSearchParams(spec, s).toString()).toBe(params);
    expect(tableSearchParams(spec, parseTableState(spec, {})).toString()).toBe("");
  });

  it("reads the page's own searchParams object (Next passes arrays for repeated keys)", () => {
    const s = parseTableState(spec, { status: ["closed", "open"], dir: "asc" });
    expect(s.filters).toEqual({ status: "closed" });
    expect(s.sort).toEqual({ id: "createdAt", desc: false });
  });

  it("reads a reversed date range the right way round", () => {
    expect(parseTableState(spec, { from: "2025-04-01", to: "2025-03-01" }).filters).toEqual({
      from: "2025-03-01",
      to: "2025-04-01",
    });
  });

  it("caps the page so the offset stays within what the server accepts", () => {
    const s = parseTableState(spec, { page: "999999999", size: "100" });
    expect(listInput(spec, s).offset).toBeLessThanOrEqual(1_000_000);
  });

  it("builds the procedure input and the export query from the same filters", () => {
    const s = parseTableState(spec, { q: "a,b", status: "open", page: "2" });
    expect(listInput(spec, s)).toEqual({
      q: "a,b",
      status: "open",
      sort: "createdAt",
      dir: "desc",
      limit: 20,
      offset: 20,
    });
    expect(exportSearchParams(spec, s).toString()).toBe(
      "q=a%2Cb&status=open&sort=createdAt&dir=desc",
    );
  });
});
