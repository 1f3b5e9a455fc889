import { createHash } from "node:crypto";

const MODULUS = 1n << 256n;

/**
 * An order-independent checksum of rows: the sum of each row's SHA-256 modulo 2^256. The same rows
 * with the same values give the same digest whichever database they were read from and in whatever
 * order its collation sorts text (both drivers return numbers as numbers and text as text).
 */
export class RowChecksum {
  private sum = 0n;
  count = 0;

  constructor(private readonly columns: readonly string[]) {}

  add(rows: readonly Record<string, unknown>[]): void {
    for (const row of rows) {
      const values = JSON.stringify(this.columns.map((column) => row[column] ?? null));
      this.sum = (this.sum + BigInt(`0x${createHash("sha256").update(values).digest("hex")}`)) % MODULUS;
    }
    this.count += rows.length;
  }

  digest(): string {
    return this.sum.toString(16).padStart(64, "0");
  }
}
