/** PII encryption: round trip, key rotation, tampering, the keyed lookup hash and the masks. */
import { describe, expect, it } from "vitest";
import { createPiiCipher, decryptPii, encryptPii, maskCard, maskIdNumber, piiHash } from "./pii";

const key = (n: number) => Buffer.alloc(32, n).toString("base64");
const ID = "11010519491231002X";
const CARD = "4111111111111111";

describe("encryptPii / decryptPii (the deployment keyring)", () => {
  it("round-trips, names its key, and never shows the value", () => {
    const enc = encryptPii(ID);
    expect(enc).toMatch(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]+={0,2}$/);
    expect(enc).not.toContain(ID);
    expect(Buffer.from(enc.split(":")[1]!, "base64").toString("latin1")).not.toContain(ID);
    expect(decryptPii(enc)).toBe(ID);
    // A fresh IV each time: equal numbers are not linkable by their ciphertext.
    expect(encryptPii(ID)).not.toBe(enc);
  });
});

describe("key rotation", () => {
  it("a value sealed under k1 still opens once k2 is current; new values use k2", () => {
    const old = createPiiCipher(`k1:${key(1)}`);
    const rotated = createPiiCipher(`k2:${key(2)},k1:${key(1)}`);
    const v1 = old.encrypt(CARD);
    expect(old.keyIdOf(v1)).toBe("k1");
    expect(rotated.decrypt(v1)).toBe(CARD);
    const v2 = rotated.encrypt(CARD);
    expect(rotated.keyIdOf(v2)).toBe("k2");
    expect(rotated.currentKeyId).toBe("k2");
    // k1 alone cannot open what k2 sealed, and says which key is missing without the value.
    expect(() => old.decrypt(v2)).toThrow(/key "k2".*not in PII_ENCRYPTION_KEYS/);
  });

  it("refuses a tampered value or a different key under the same id, without echoing it", () => {
    const c = createPiiCipher(`k1:${key(1)}`);
    const enc = c.encrypt(ID);
    const raw = Buffer.from(enc.slice(3), "base64");
    raw[raw.length - 1]! ^= 1;
    const tampered = `k1:${raw.toString("base64")}`;
    const err = (() => {
      try {
        c.decrypt(tampered);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/failed authentication/);
    expect(err?.message).not.toContain(ID);
    expect(() => createPiiCipher(`k1:${key(9)}`).decrypt(enc)).toThrow(/failed authentication/);
    expect(() => c.decrypt("no-key-id")).toThrow(/malformed/);
    expect(() => c.decrypt("k1:AAAA")).toThrow(/malformed/);
  });

  it("refuses a bad keyring", () => {
    expect(() => createPiiCipher(`k1:${Buffer.alloc(16).toString("base64")}`)).toThrow(/32/);
  });
});

describe("piiHash", () => {
  it("is stable in a brand, different across brands, and not the value", () => {
    const A = "0190a1b2-0000-7000-8000-00000000000a";
    const B = "0190a1b2-0000-7000-8000-00000000000b";
    expect(piiHash(A, ID)).toBe(piiHash(A, ID));
    expect(piiHash(A, ID)).not.toBe(piiHash(B, ID));
    expect(piiHash(A, ID)).not.toBe(piiHash(A, CARD));
    expect(piiHash(A, ID)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("masks (DOMAIN.md §5)", () => {
  it("shows an ID's region and last four, a card's last four", () => {
    expect(maskIdNumber(ID)).toBe("110105********002X");
    expect(maskIdNumber("11010519491231002x")).toBe("110105********002X");
    expect(maskCard(CARD)).toBe("**** 1111");
    expect(maskCard("6222 0212 3456 7890 123")).toBe("**** 0123");
    expect(maskIdNumber("1234")).toBe("****");
  });
});
