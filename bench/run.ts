import { benchColdStart } from "./cold-start.bench.js";
import { report, type BenchRow } from "./lib/report.js";

/**
 * `npm run bench [suite…]`: runs the named suites (all by default), prints one table, writes JSON.
 * Comparisons inside a suite are interleaved in the same run, since this machine is shared and noisy.
 */
const suites: Record<string, () => Promise<BenchRow[]>> = {
  "cold-start": benchColdStart,
};

const wanted = process.argv.slice(2).filter((name) => name !== "--");
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`Unknown suite(s): ${unknown.join(", ")}. Known: ${Object.keys(suites).join(", ")}`);
  process.exit(1);
}

const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.error(`running ${name}…`);
  rows.push(...(await run()));
}
report(rows);
