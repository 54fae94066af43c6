/**
 * Share posters, drawn server-side with Skia (@napi-rs/canvas): the brand's template (background
 * image, or a gradient in its accent colour), the product when the poster is for one, the
 * distributor's name and avatar, and the QR code of the distributor's short link.
 */
import { existsSync } from "node:fs";
import { createCanvas, GlobalFonts, type Image, type SKRSContext2D } from "@napi-rs/canvas";
import type { PosterLayout } from "@/db/schema";
import { loadPosterImage } from "./images";
import { fenToYuan } from "./price";
import { qrMatrix } from "./qr";
import { POSTER_SIZE } from "./templates";

/** CJK fonts Debian ships (CI installs fonts-wqy-zenhei); whichever exist are registered. */
const CJK_FONT_FILES = [
  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
];
let fontsReady = false;
export function ensureFonts() {
  if (fontsReady) return;
  fontsReady = true;
  const known = new Set(GlobalFonts.families.map((f) => f.family));
  for (const file of CJK_FONT_FILES) if (existsSync(file)) GlobalFonts.registerFromPath(file);
  if (!["WenQuanYi Zen Hei", "Noto Sans CJK SC"].some((f) => known.has(f) || GlobalFonts.has(f))) {
    console.warn(
      "poster: no CJK font found; Chinese text will not render (apt-get install fonts-wqy-zenhei)",
    );
  }
}
const FONT_STACK = `"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "DejaVu Sans", sans-serif`;
export const font = (px: number, bold = false) => `${bold ? "bold " : ""}${px}px ${FONT_STACK}`;

export const DEFAULT_LAYOUT: PosterLayout = {
  ...POSTER_SIZE,
  textColor: "#ffffff",
  accentColor: "#dc2626",
};

export interface PosterInput {
  /** What the QR code carries: the short link with ?via=poster. */
  url: string;
  template: { backgroundUrl: string | null; headline: string | null; layout: PosterLayout } | null;
  brandName: string;
  distributor: { name: string; avatarUrl?: string | null };
  product?: { name: string; priceFen: number; imageUrl: string | null } | null;
  labels: { recommends: string; scan: string; tagline: string };
}

const INK = "#0f172a";
const MUTED = "#64748b";

export async function renderPoster(input: PosterInput): Promise<Buffer> {
  ensureFonts();
  const layout = input.template?.layout ?? DEFAULT_LAYOUT;
  const W = POSTER_SIZE.width;
  const H = POSTER_SIZE.height;
  const [background, productImage, avatar] = await Promise.all([
    loadPosterImage(input.template?.backgroundUrl),
    loadPosterImage(input.product?.imageUrl),
    loadPosterImage(input.distributor.avatarUrl),
  ]);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");

  if (background) {
    drawCover(ctx, background, 0, 0, W, H);
  } else {
    const g = ctx.createLinearGradient(0, 0, W, H);
    g.addColorStop(0, layout.accentColor);
    g.addColorStop(1, shade(layout.accentColor, -0.45));
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, W, H);
  }

  ctx.textAlign = "center";
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = layout.textColor;
  ctx.font = font(48, true);
  fillLines(
    ctx,
    wrap(ctx, input.template?.headline || input.brandName, W - 120, 2),
    W / 2,
    110,
    62,
  );

  if (input.product) {
    roundRect(ctx, 70, 210, W - 140, 770, 28, "#ffffff");
    const img = { x: 100, y: 240, size: W - 200 };
    if (productImage) {
      ctx.save();
      clipRound(ctx, img.x, img.y, img.size, img.size, 18);
      drawCover(ctx, productImage, img.x, img.y, img.size, img.size);
      ctx.restore();
    } else {
      roundRect(ctx, img.x, img.y, img.size, img.size, 18, shade(layout.accentColor, 0.85));
      ctx.fillStyle = layout.accentColor;
      ctx.font = font(160, true);
      ctx.textBaseline = "middle";
      ctx.fillText(initial(input.product.name), W / 2, img.y + img.size / 2);
      ctx.textBaseline = "alphabetic";
    }
    ctx.textAlign = "left";
    ctx.fillStyle = INK;
    ctx.font = font(34, true);
    fillLines(ctx, wrap(ctx, input.product.name, W - 200, 2), 100, 840, 46);
    ctx.fillStyle = layout.accentColor;
    ctx.font = font(50, true);
    ctx.fillText(`¥${fenToYuan(input.product.priceFen)}`, 100, 950);
  } else {
    ctx.fillStyle = layout.textColor;
    ctx.font = font(72, true);
    fillLines(ctx, wrap(ctx, input.brandName, W - 120, 2), W / 2, 520, 90);
    ctx.font = font(32);
    ctx.globalAlpha = 0.85;
    ctx.fillText(input.labels.tagline, W / 2, 720);
    ctx.globalAlpha = 1;
  }

  // The share panel: who recommends it, and the QR code to scan.
  const panel = { x: 40, y: 1010, w: W - 80, h: 290 };
  roundRect(ctx, panel.x, panel.y, panel.w, panel.h, 24, "#ffffff");
  const qrBox = 250;
  drawQr(ctx, input.url, panel.x + panel.w - qrBox - 20, panel.y + 20, qrBox);

  const av = { x: panel.x + 36, y: panel.y + 44, size: 96 };
  ctx.save();
  clipRound(ctx, av.x, av.y, av.size, av.size, av.size / 2);
  if (avatar) {
    drawCover(ctx, avatar, av.x, av.y, av.size, av.size);
  } else {
    ctx.fillStyle = layout.accentColor;
    ctx.fillRect(av.x, av.y, av.size, av.size);
    ctx.fillStyle = "#ffffff";
    ctx.font = font(48, true);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(initial(input.distributor.name), av.x + av.size / 2, av.y + av.size / 2 + 2);
  }
  ctx.restore();

  const textX = av.x + av.size + 24;
  const textW = panel.x + panel.w - qrBox - 40 - textX;
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = INK;
  ctx.font = font(32, true);
  ctx.fillText(wrap(ctx, input.distributor.name, textW, 1)[0] ?? "", textX, av.y + 42);
  ctx.fillStyle = MUTED;
  ctx.font = font(24);
  ctx.fillText(wrap(ctx, input.labels.recommends, textW, 1)[0] ?? "", textX, av.y + 82);
  ctx.font = font(24);
  fillLines(
    ctx,
    wrap(ctx, input.labels.scan, panel.w - qrBox - 92, 2),
    panel.x + 36,
    panel.y + 200,
    34,
  );

  return canvas.toBuffer("image/png");
}

/** The QR modules drawn at a whole number of pixels each (crisp, reliably scannable). */
function drawQr(ctx: SKRSContext2D, text: string, x: number, y: number, box: number) {
  const { size, dark } = qrMatrix(text);
  const quiet = 4;
  const px = Math.max(1, Math.floor(box / (size + quiet * 2)));
  const drawn = px * (size + quiet * 2);
  const ox = Math.round(x + (box - drawn) / 2);
  const oy = Math.round(y + (box - drawn) / 2);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(ox, oy, drawn, drawn);
  ctx.fillStyle = "#000000";
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (dark(c, r)) ctx.fillRect(ox + (quiet + c) * px, oy + (quiet + r) * px, px, px);
    }
  }
}

function drawCover(ctx: SKRSContext2D, img: Image, x: number, y: number, w: number, h: number) {
  const scale = Math.max(w / img.width, h / img.height);
  const sw = w / scale;
  const sh = h / scale;
  ctx.drawImage(img, (img.width - sw) / 2, (img.height - sh) / 2, sw, sh, x, y, w, h);
}

function roundRect(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
  fill: string,
) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
  ctx.fillStyle = fill;
  ctx.fill();
}

function clipRound(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
  ctx.clip();
}

function fillLines(ctx: SKRSContext2D, lines: string[], x: number, y: number, lineHeight: number) {
  lines.forEach((line, i) => ctx.fillText(line, x, y + i * lineHeight));
}

/**
 * Breaks text into at most `maxLines` lines of `maxWidth`, ending with "…" when it had to cut.
 * Chinese (and other CJK) text has no spaces, so it may break between any two characters;
 * Latin words break only at spaces ("QR code", never "QR cod / e") unless one word alone is
 * wider than the line.
 */
export function wrap(
  ctx: Pick<SKRSContext2D, "measureText">,
  text: string,
  maxWidth: number,
  maxLines: number,
): string[] {
  const fits = (s: string) => ctx.measureText(s).width <= maxWidth;
  const lines: string[] = [];
  let line = "";
  // Returns false once the last allowed line has been cut with an ellipsis.
  const breakLine = (): boolean => {
    if (lines.length === maxLines - 1) {
      // Drop whole words (or CJK characters) first; cut inside a word only when it is alone.
      const kept = wrapTokens(line.trimEnd());
      while (kept.length > 1 && !fits(`${kept.join("").trimEnd()}…`)) kept.pop();
      let cut = kept.join("").trimEnd();
      while (cut && !fits(`${cut}…`)) cut = Array.from(cut).slice(0, -1).join("").trimEnd();
      lines.push(`${cut}…`);
      return false;
    }
    lines.push(line.trimEnd());
    line = "";
    return true;
  };
  for (const token of wrapTokens(text.replace(/\s+/g, " ").trim())) {
    if (token === " ") {
      if (line) line += " ";
      continue;
    }
    if (fits(line + token)) {
      line += token;
      continue;
    }
    if (line.trim()) {
      if (!breakLine()) return lines;
      if (fits(token)) {
        line = token;
        continue;
      }
    }
    // A single word wider than the whole line: only now break inside it.
    for (const ch of Array.from(token)) {
      if (fits(line + ch) || !line) {
        line += ch;
        continue;
      }
      if (!breakLine()) return lines;
      line = ch;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3000-\\u303f\\uff00-\\uffef";
const WRAP_TOKEN = new RegExp(`[${CJK}]|[^\\s${CJK}]+| `, "gu");

/** Words, single CJK characters (each a place to break) and single spaces. */
function wrapTokens(text: string): string[] {
  return text.match(WRAP_TOKEN) ?? [];
}

function initial(name: string): string {
  return (Array.from(name.trim())[0] ?? "?").toUpperCase();
}

/** Lightens (amount > 0, toward white) or darkens (< 0, toward black) a #rrggbb colour. */
export function shade(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => {
    const v = (n >> shift) & 0xff;
    const target = amount > 0 ? 255 : 0;
    return Math.round(v + (target - v) * Math.abs(amount));
  };
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, "0")).join("")}`;
}
