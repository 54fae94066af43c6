/**
 * The console's two-file upload: the ZIP it builds in the browser opens on the server as the
 * legacy pair, and imports as the brand's own ZIP of the same files does.
 */
import { describe, expect, it } from "vitest";
import { fixture, parseAll } from "@/server/orders/import/fixtures/parse-all";
import { entryData, readZipEntries } from "@/server/orders/import/zip";
import { asOneUpload, zipStored } from "./zip-files";

describe("zipStored", () => {
  it("writes entries the server's ZIP reader reads back byte for byte, names in UTF-8", () => {
    const files = [
      { name: "订单报表.csv", data: new Uint8Array([0xb6, 0xa9, 0x0d, 0x0a]) },
      { name: "b.csv", data: new Uint8Array() },
    ];
    const zip = zipStored(files);
    const entries = readZipEntries(zip);
    expect(entries.map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
      ["订单报表.csv", 0, 4],
      ["b.csv", 0, 0],
    ]);
    expect([...entryData(zip, entries[0]!)]).toEqual([0xb6, 0xa9, 0x0d, 0x0a]);
  });

  it("keeps both files when they were picked under the same name", () => {
    const zip = zipStored([
      { name: "ExportOrderList.csv", data: new Uint8Array([1]) },
      { name: "ExportOrderList.csv", data: new Uint8Array([2, 3]) },
    ]);
    const entries = readZipEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(["ExportOrderList.csv", "2-ExportOrderList.csv"]);
    expect(entries.map((e) => [...entryData(zip, e)])).toEqual([[1], [2, 3]]);
  });
});

describe("asOneUpload", () => {
  it("sends one file as it is, and two as the ZIP the import reads as the legacy pair", async () => {
    const items = new File([fixture("taobao-items-legacy.gbk.csv") as BlobPart], "宝贝报表.csv");
    expect(await asOneUpload([items])).toBe(items);

    const pair = fixture("taobao-legacy-pair.zip");
    const [orders] = readZipEntries(pair).filter((e) => e.name.startsWith("ExportOrderList"));
    const orderFile = new File([entryData(pair, orders!) as BlobPart], "订单报表.csv");
    const upload = await asOneUpload([items, orderFile]);
    expect(upload.name).toBe("宝贝报表 + 订单报表.zip");
    const fromConsole = await parseAll(new Uint8Array(await upload.arrayBuffer()));
    const fromBrand = await parseAll(pair);
    expect(fromConsole.file.layout).toBe("taobao-items-legacy");
    expect(fromConsole.orders).toEqual(fromBrand.orders);
    expect(fromConsole.issues).toEqual(fromBrand.issues);
  });
});
