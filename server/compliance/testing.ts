/**
 * Text of a PDF, page by page, through pdfjs's legacy build (the one meant for Node). For tests
 * and for checking a generated report: the text an inspector's viewer would copy out.
 */
export async function pdfText(data: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join(""));
  }
  await doc.destroy();
  return { pages: doc.numPages, text: pages.join("\n") };
}

/** The CSV's cells (quotes and the formula guard undone), without the empty and "!" marker cells. */
export function csvCells(csv: string): string[] {
  const cells: string[] = [];
  for (const line of csv.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean)) {
    const re = /("((?:[^"]|"")*)"|[^,]*)(,|$)/g;
    for (let m = re.exec(line); m && m.index < line.length; m = re.exec(line)) {
      cells.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : m[1]!);
    }
  }
  return cells.filter((c) => c !== "" && c !== "!").map((c) => c.replace(/^'(?=[=+\-@\t\r])/, ""));
}
