import { createHash, randomBytes } from "node:crypto";

/**
 * Deterministic generated values. Everything the emulator invents (FQDN labels, GUIDs,
 * principal ids, operation ids, resourceUID, ETags) derives from the instance seed and the
 * resource it belongs to, so the same seed and the same requests give the same answers.
 */
export class IdGenerator {
  constructor(readonly seed: string) {}

  static randomSeed(): string {
    return randomBytes(8).toString("hex");
  }

  private digest(parts: readonly (string | number)[]): Buffer {
    const h = createHash("sha256");
    h.update(this.seed);
    for (const p of parts) {
      h.update("\u0000");
      h.update(String(p).toLowerCase());
    }
    return h.digest();
  }

  /** A version-4-shaped GUID. */
  guid(...parts: (string | number)[]): string {
    const b = this.digest(parts);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const hex = b.subarray(0, 16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  /** `length` lower-case hex characters. */
  hex(length: number, ...parts: (string | number)[]): string {
    let out = "";
    let i = 0;
    while (out.length < length) out += this.digest([...parts, i++]).toString("hex");
    return out.slice(0, length);
  }

  /** `length` characters of [0-9a-z], the form AKS FQDN labels take since 2023. */
  label(length: number, ...parts: (string | number)[]): string {
    const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    const b = this.digest(parts);
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[b[i % b.length]! % alphabet.length];
    return out;
  }
}
