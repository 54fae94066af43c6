/** Throwaway key pairs for the fake gateways (generated per process; never real credentials). */
import { generateKeyPairSync, randomBytes } from "node:crypto";

export interface RsaPair {
  privateKey: string;
  publicKey: string;
}

export function rsaPair(): RsaPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKey, publicKey };
}

/** 32 printable bytes, like an APIv3 key. */
export function apiV3Key(): string {
  return randomBytes(24).toString("base64").slice(0, 32);
}
