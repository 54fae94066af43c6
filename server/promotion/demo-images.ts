/**
 * Product pictures for the demo catalogue, drawn at seed time so the demo works offline and its
 * posters look like posters: a product-photo style illustration (a tea tin, a jar, a gift box
 * or a cup on a soft studio backdrop) in a colour derived from the SKU, with the product's name
 * on its label. Deterministic: the same product always gives the same picture.
 */
import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { ensureFonts, font, shade, wrap } from "./poster";

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
