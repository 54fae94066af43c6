import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeSlices, decodeText, detectEncoding, isValidUtf8, sniffBytes } from "./decode";

const utf8 = (s: string) => new TextEncoder().encode(s);
const HEADER = "订单编号,买家会员名,买家实际支付金额,订单状态\n";

describe("detectEncoding / decodeText", () => {
  it("reads UTF-8 with and without a BOM", () => {
    expect(decodeText(utf8(HEADER))).toEqual({ text: HEADER, encoding: "utf-8" });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(HEADER)]);
    expect(decodeText(bom)).toEqual({ text: HEADER, encoding: "utf-8-bom" });
  });

  it("reads GBK as GB18030 and never as UTF-8", () => {
    const gbk = iconv.encode(HEADER + "交易成功,买家已付款，等待卖家发货\n", "gbk");
    expect(detectEncoding(gbk)).toBe("gb18030");
    expect(decodeText(gbk).text).toBe(HEADER + "交易成功,买家已付款，等待卖家发货\n");
  });

  it("is not fooled by 联通, whose GBK bytes start like a UTF-8 sequence", () => {
    const gbk = iconv.encode("联通", "gbk");
    expect([...gbk]).toEqual([0xc1, 0xaa, 0xcd, 0xa8]);
    expect(decodeText(gbk)).toEqual({ text: "联通", encoding: "gb18030" });
  });

  it("reads Excel's UTF-16LE Unicode text", () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from("订单号\t数量\n", "utf16le")]);
    expect(decodeText(bytes)).toEqual({ text: "订单号\t数量\n", encoding: "utf-16le" });
  });

  it("decodes any Chinese text identically in one piece or in slices cut mid-character", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(..."订单编号宝贝标题交易成功￥，。12ab ".split("")),
          maxLength: 200,
        }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom("utf-8", "gb18030"),
        (text, slice, enc) => {
          const bytes = enc === "utf-8" ? utf8(text) : new Uint8Array(iconv.encode(text, "gbk"));
          const pieces = [...decodeSlices(bytes, enc, slice)];
          expect(pieces.map((p) => p.text).join("")).toBe(text);
          if (pieces.length) expect(pieces.at(-1)?.bytesDone).toBe(bytes.length);
        },
      ),
    );
  });

  it("validates strictly", () => {
    expect(isValidUtf8(new Uint8Array([0xe8, 0xae]))).toBe(false);
    expect(isValidUtf8(new Uint8Array([0xc0, 0x80]))).toBe(false);
    expect(isValidUtf8(utf8("订单"))).toBe(true);
  });
});

describe("sniffBytes", () => {
  it("tells ZIP (xlsx), legacy XLS, text and empty apart", () => {
    expect(sniffBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toBe("zip");
    expect(sniffBytes(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe(
      "xls",
    );
    expect(sniffBytes(utf8("订单号"))).toBe("text");
    expect(sniffBytes(new Uint8Array())).toBe("empty");
  });
});
