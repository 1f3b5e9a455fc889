import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchRow {
  suite: string;
  metric: string;
  value: number | string;
  unit: string;
  target?: string;
  note?: string;
}

const resultsFile = join(dirname(fileURLToPath(import.meta.url)), "..", "results", "latest.json");

/** Prints the rows as a table and writes them, with the machine they ran on, to bench/results/latest.json. */
export function report(rows: BenchRow[]): void {
  const headers = ["suite", "metric", "value", "unit", "target", "note"] as const;
  const cells = rows.map((row) => headers.map((header) => String(row[header] ?? "")));
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join(" | ");
  console.log(line(headers));
  console.log(widths.map((width) => "-".repeat(width)).join("-|-"));
  for (const values of cells) console.log(line(values));

  mkdirSync(dirname(resultsFile), { recursive: true });
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
  };
  writeFileSync(resultsFile, JSON.stringify({ ran_at: new Date().toISOString(), machine, rows }, null, 2));
  console.log(`\nwritten to ${resultsFile}`);
}
