import { benchColdStart } from "./cold-start.bench.js";
import { benchConcurrency } from "./concurrency.bench.js";
import { benchEmbedded } from "./embedded.bench.js";
import { parseBenchArguments } from "./lib/options.js";
import { report, type BenchRow } from "./lib/report.js";
import { benchRecall } from "./recall.bench.js";
import { benchRelay } from "./relay.bench.js";
import { benchStorage } from "./storage.bench.js";

/**
 * `npm run bench [suite…] [--option value…]`: runs the named suites (all by default), prints one
 * table, writes JSON. Comparisons inside a suite are interleaved in the same run, since this
 * machine is shared and noisy. Options: `--sizes 10000,100000` (storage), `--sessions 100,500` and `--database sqlite,postgres` (concurrency),
 * `--recall-messages 100000` (recall).
 */
const suites: Record<string, (options: Map<string, string>) => Promise<BenchRow[]>> = {
  relay: benchRelay,
  concurrency: benchConcurrency,
  storage: benchStorage,
  "cold-start": benchColdStart,
  recall: benchRecall,
  embedded: benchEmbedded,
};

const { suites: wanted, options } = parseBenchArguments(process.argv.slice(2));
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`Unknown suite(s): ${unknown.join(", ")}. Known: ${Object.keys(suites).join(", ")}`);
  process.exit(1);
}

const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.error(`running ${name}…`);
  try {
    rows.push(...(await run(options)));
  } catch (error) {
    // One broken suite still leaves the others' numbers in the table, and says what broke.
    console.error(error);
    rows.push({
      suite: name,
      metric: "suite failed",
      value: "error",
      unit: "",
      note: error instanceof Error ? error.message : String(error),
    });
    process.exitCode = 1;
  }
}
report(rows);
