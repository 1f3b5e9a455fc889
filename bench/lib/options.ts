/** `npm run bench -- storage --sizes 10000,100000`: suite names, then `--name value` options. */
export interface BenchArguments {
  suites: string[];
  options: Map<string, string>;
}

export function parseBenchArguments(argv: string[]): BenchArguments {
  const suites: string[] = [];
  const options = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === "--") continue;
    if (argument.startsWith("--")) {
      const [name, inline] = argument.slice(2).split("=", 2) as [string, string | undefined];
      options.set(name, inline ?? argv[++index] ?? "");
    } else suites.push(argument);
  }
  return { suites, options };
}

/** A comma-separated list of positive integers, or the default when the option is absent. */
export function numberList(options: Map<string, string>, name: string, fallback: number[]): number[] {
  const raw = options.get(name);
  if (raw === undefined) return fallback;
  const values = raw.split(",").map((item) => Number(item.trim()));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value <= 0))
    throw new Error(`--${name}: expected positive integers separated by commas, got '${raw}'`);
  return values;
}
