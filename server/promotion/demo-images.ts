/**
 * Pictures for the demo brand, drawn at seed time so the demo works offline and its posters look
 * like posters: product-photo style illustrations (a tea tin, a jar, a gift box or a cup on a
 * soft studio backdrop) in a colour derived from the SKU, with the product's name on its label;
 * and poster template backgrounds (a spring tea garden, a festive red, a calm everyday blue).
 * Deterministic: the same input always gives the same picture.
 */
import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { ensureFonts, font, shade, wrap } from "./poster";
import { POSTER_SIZE } from "./templates";

export type DemoShape = "tin" | "jar" | "box" | "cup";

export interface DemoProductArt {
  sku: string;
  name: string;
  shape: DemoShape;
}

const PALETTE = ["#15803d", "#b45309", "#b91c1c", "#0e7490", "#7c3aed", "#be185d", "#4d7c0f"];
export const DEMO_IMAGE_SIZE = 800;

function hash(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h;
}

function rounded(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/** A WebP picture of the product (800 × 800). */
export async function demoProductImage(art: DemoProductArt): Promise<Buffer> {
  ensureFonts();
  const S = DEMO_IMAGE_SIZE;
  const colour = PALETTE[hash(art.sku) % PALETTE.length]!;
  const canvas = createCanvas(S, S);
  const ctx = canvas.getContext("2d");

  // Studio backdrop and the shadow the product stands on.
  const bg = ctx.createLinearGradient(0, 0, 0, S);
  bg.addColorStop(0, shade(colour, 0.88));
  bg.addColorStop(1, shade(colour, 0.7));
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, S, S);
  ctx.fillStyle = "rgba(15, 23, 42, 0.18)";
  ctx.beginPath();
  ctx.ellipse(S / 2, 676, 230, 34, 0, 0, Math.PI * 2);
  ctx.fill();

  const body = ctx.createLinearGradient(170, 0, 630, 0);
  body.addColorStop(0, shade(colour, -0.25));
  body.addColorStop(0.45, shade(colour, 0.15));
  body.addColorStop(1, shade(colour, -0.35));
  ctx.fillStyle = body;
  let label = { x: 230, y: 330, w: 340, h: 220 };
  switch (art.shape) {
    case "tin":
      rounded(ctx, 200, 170, 400, 510, 36);
      ctx.fill();
      ctx.fillStyle = shade(colour, -0.45);
      rounded(ctx, 188, 140, 424, 70, 20);
      ctx.fill();
      break;
    case "jar":
      rounded(ctx, 190, 230, 420, 450, 120);
      ctx.fill();
      ctx.fillStyle = "#f8fafc";
      rounded(ctx, 250, 160, 300, 90, 18);
      ctx.fill();
      label = { x: 225, y: 360, w: 350, h: 200 };
      break;
    case "box":
      rounded(ctx, 130, 250, 540, 430, 18);
      ctx.fill();
      ctx.fillStyle = "#facc15";
      ctx.fillRect(375, 250, 50, 430);
      ctx.fillRect(130, 330, 540, 40);
      label = { x: 180, y: 420, w: 440, h: 190 };
      break;
    case "cup":
      ctx.fillStyle = "rgba(255, 255, 255, 0.55)";
      rounded(ctx, 230, 190, 340, 490, 40);
      ctx.fill();
      ctx.fillStyle = shade(colour, 0.3);
      rounded(ctx, 250, 380, 300, 280, 30);
      ctx.fill();
      ctx.strokeStyle = "rgba(255, 255, 255, 0.8)";
      ctx.lineWidth = 26;
      ctx.beginPath();
      ctx.arc(590, 420, 70, -Math.PI / 2, Math.PI / 2);
      ctx.stroke();
      label = { x: 250, y: 230, w: 300, h: 130 };
      break;
  }
  // A highlight along the left edge sells the volume.
  ctx.fillStyle = "rgba(255, 255, 255, 0.18)";
  ctx.fillRect(label.x - 20, 200, 18, 440);

  // The label with the product's name.
  ctx.fillStyle = "#fffbeb";
  rounded(ctx, label.x, label.y, label.w, label.h, 16);
  ctx.fill();
  ctx.fillStyle = shade(colour, -0.5);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.font = font(44, true);
  const lines = wrap(ctx, art.name, label.w - 40, 3);
  const lineHeight = 56;
  const top = label.y + label.h / 2 - ((lines.length - 1) * lineHeight) / 2;
  lines.forEach((line, i) => ctx.fillText(line, label.x + label.w / 2, top + i * lineHeight));
  return canvas.encode("webp", 85);
}

export type DemoPosterTheme = "spring" | "festival" | "daily";

/**
 * A poster template background (750 × 1334 WebP, the poster's own size). Light in the middle
 * and at the top, where the poster writes its headline (or the brand's name) in the template's
 * dark text colour; the decoration keeps to the edges and corners, and below the product card
 * and share panel, which the poster draws in white over it.
 */
export async function demoPosterBackground(theme: DemoPosterTheme, accent: string): Promise<Buffer> {
  const W = POSTER_SIZE.width;
  const H = POSTER_SIZE.height;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  const rand = seeded(hash(`${theme}${accent}`));

  const bg = ctx.createLinearGradient(0, 0, 0, H);
  bg.addColorStop(0, shade(accent, 0.93));
  bg.addColorStop(0.55, shade(accent, 0.82));
  bg.addColorStop(1, shade(accent, 0.45));
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, W, H);

  if (theme === "spring") {
    // The sun behind the hills and terraced tea rows rolling up from the bottom.
    ctx.fillStyle = "rgba(253, 224, 71, 0.45)";
    ctx.beginPath();
    ctx.arc(W - 110, 250, 90, 0, Math.PI * 2);
    ctx.fill();
    for (let i = 0; i < 4; i++) {
      const top = 800 + i * 140;
      ctx.fillStyle = shade(accent, 0.55 - i * 0.14);
      ctx.beginPath();
      ctx.moveTo(0, top + 60);
      ctx.bezierCurveTo(W * 0.3, top - 40 - i * 10, W * 0.65, top + 120, W, top + 10);
      ctx.lineTo(W, H);
      ctx.lineTo(0, H);
      ctx.closePath();
      ctx.fill();
    }
    // Leaves down both edges, clear of the middle where the poster writes.
    for (let i = 0; i < 14; i++) {
      const left = i % 2 === 0;
      leaf(ctx, left ? rand() * 24 : W - rand() * 24, 60 + rand() * 740, 20 + rand() * 14, rand() * Math.PI, shade(accent, -0.1 - rand() * 0.3));
    }
  } else if (theme === "festival") {
    // A cloud pattern, hanging lanterns in the top corners and gold confetti.
    ctx.strokeStyle = "rgba(185, 28, 28, 0.12)";
    ctx.lineWidth = 6;
    for (let y = 260; y < H; y += 180) {
      for (let x = (y / 180) % 2 ? 0 : 90; x < W + 90; x += 180) {
        ctx.beginPath();
        ctx.arc(x, y, 40, Math.PI, 0);
        ctx.arc(x + 40, y, 20, Math.PI, 0);
        ctx.stroke();
      }
    }
    // Cords along the very edge, lanterns hanging below the headline and above the middle.
    lantern(ctx, 34, 0, 220, accent);
    lantern(ctx, W - 34, 0, 260, accent);
    for (let i = 0; i < 40; i++) {
      ctx.fillStyle = rand() < 0.5 ? "rgba(234, 179, 8, 0.75)" : "rgba(220, 38, 38, 0.35)";
      const x = rand() < 0.5 ? rand() * 44 : W - rand() * 44;
      ctx.beginPath();
      ctx.arc(x, 420 + rand() * (H - 420), 3 + rand() * 5, 0, Math.PI * 2);
      ctx.fill();
    }
  } else {
    // Soft bokeh and a few diagonal light bands: calm enough for any everyday product.
    for (let i = 0; i < 18; i++) {
      const r = 30 + rand() * 110;
      ctx.fillStyle = `rgba(255, 255, 255, ${(0.18 + rand() * 0.3).toFixed(2)})`;
      ctx.beginPath();
      ctx.arc(rand() * W, rand() * H, r, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.fillStyle = "rgba(255, 255, 255, 0.22)";
    for (let i = 0; i < 3; i++) {
      ctx.beginPath();
      ctx.moveTo(-200 + i * 260, H);
      ctx.lineTo(60 + i * 260, H);
      ctx.lineTo(W + 260 + i * 60, 0);
      ctx.lineTo(W + 100 + i * 60, 0);
      ctx.closePath();
      ctx.fill();
    }
  }
  return canvas.encode("webp", 85);
}

/** A small deterministic generator (mulberry32), so a background is the same on every seed. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function leaf(ctx: SKRSContext2D, x: number, y: number, size: number, angle: number, colour: string) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(angle);
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.moveTo(0, -size);
  ctx.quadraticCurveTo(size * 0.8, 0, 0, size);
  ctx.quadraticCurveTo(-size * 0.8, 0, 0, -size);
  ctx.fill();
  ctx.strokeStyle = "rgba(255, 255, 255, 0.5)";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(0, -size * 0.8);
  ctx.lineTo(0, size * 0.8);
  ctx.stroke();
  ctx.restore();
}

function lantern(ctx: SKRSContext2D, x: number, top: number, cord: number, accent: string) {
  ctx.strokeStyle = "#a16207";
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + cord);
  ctx.stroke();
  const cy = top + cord + 55;
  ctx.fillStyle = shade(accent, -0.1);
  ctx.beginPath();
  ctx.ellipse(x, cy, 50, 58, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "#eab308";
  ctx.fillRect(x - 26, cy - 64, 52, 12);
  ctx.fillRect(x - 26, cy + 52, 52, 12);
  ctx.strokeStyle = "rgba(234, 179, 8, 0.7)";
  ctx.lineWidth = 2;
  for (const dx of [-22, 0, 22]) {
    ctx.beginPath();
    ctx.ellipse(x, cy, Math.abs(dx) + 4, 56, 0, 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.strokeStyle = "#eab308";
  ctx.beginPath();
  ctx.moveTo(x, cy + 64);
  ctx.lineTo(x, cy + 110);
  ctx.stroke();
}
