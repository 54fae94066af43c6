/** QR codes of short links, as PNG (download, posters) and SVG (crisp on screens and in print). */
import QRCode from "qrcode";

const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

export async function qrPng(text: string, width = 512): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: "png", width });
}

export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: "svg" });
}

/** The module matrix, for drawing the code straight onto a canvas (the poster). */
export function qrMatrix(text: string): { size: number; dark: (x: number, y: number) => boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: OPTIONS.errorCorrectionLevel });
  return { size: modules.size, dark: (x, y) => modules.get(y, x) !== 0 };
}
