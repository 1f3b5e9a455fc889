/** A period of time named in a message, as inclusive UTC ISO bounds. */
export interface TimeRange {
  from: string;
  to: string;
}

const DAY_MS = 24 * 3600_000;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  few: 3,
  couple: 2,
};
/** Northern-hemisphere seasons, as first and last month (December belongs to the winter that follows). */
const SEASONS: Record<string, [number, number]> = {
  spring: [2, 4],
  summer: [5, 7],
  autumn: [8, 10],
  fall: [8, 10],
  winter: [11, 13],
};

const monthIndex = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase());
const utc = (year: number, month: number, day = 1) => Date.UTC(year, month, day);
const range = (fromMs: number, toMs: number): TimeRange => ({
  from: new Date(fromMs).toISOString(),
  to: new Date(toMs - 1).toISOString(),
});
const monthRange = (year: number, month: number) => range(utc(year, month), utc(year, month + 1));
const dayRange = (ms: number, slackDays = 0) => {
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  return range(start - slackDays * DAY_MS, start + (1 + slackDays) * DAY_MS);
};

type Rule = [RegExp, (match: RegExpExecArray, now: Date) => TimeRange | undefined];

/** Most precise first: the first rule that matches names the period. */
const RULES: Rule[] = [
  // "8 May 2023", "8 May, 2023", "May 8, 2023", "May 8th 2023"
  [
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b`, "i"),
    (m) => dayRange(utc(Number(m[3]), monthIndex(m[2]!), Number(m[1]))),
  ],
  [
    new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "i"),
    (m) => dayRange(utc(Number(m[3]), monthIndex(m[1]!), Number(m[2]))),
  ],
  // "2023-05-08"
  [/\b(\d{4})-(\d{2})-(\d{2})\b/, (m) => dayRange(utc(Number(m[1]), Number(m[2]) - 1, Number(m[3])))],
  // "March 2023", "in March, 2023"
  [new RegExp(`\\b${MONTH},?\\s+(\\d{4})\\b`, "i"), (m) => monthRange(Number(m[2]), monthIndex(m[1]!))],
  [/\byesterday\b/i, (_m, now) => dayRange(now.getTime() - DAY_MS)],
  [/\btoday\b|\bthis morning\b|\btonight\b/i, (_m, now) => dayRange(now.getTime())],
  // "two weeks ago", "3 days ago", "a month ago": that moment, give or take half the unit
  [
    /\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|couple)\s+(?:of\s+)?(day|week|month|year)s?\s+ago\b/i,
    (m, now) => {
      const count = /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase()]!;
      const unit = { day: 1, week: 7, month: 30, year: 365 }[m[2]!.toLowerCase() as "day"]! * DAY_MS;
      const at = now.getTime() - count * unit;
      const slack = Math.max(DAY_MS, unit / 2);
      return range(at - slack, at + slack);
    },
  ],
  [/\blast\s+week(?:end)?\b/i, (_m, now) => range(now.getTime() - 14 * DAY_MS, now.getTime())],
  [/\blast\s+month\b/i, (_m, now) => monthRange(now.getUTCFullYear(), now.getUTCMonth() - 1)],
  [/\blast\s+year\b/i, (_m, now) => range(utc(now.getUTCFullYear() - 1, 0), utc(now.getUTCFullYear(), 0))],
  [/\bthis\s+month\b/i, (_m, now) => monthRange(now.getUTCFullYear(), now.getUTCMonth())],
  [/\bthis\s+year\b/i, (_m, now) => range(utc(now.getUTCFullYear(), 0), utc(now.getUTCFullYear() + 1, 0))],
  // "last summer": the latest such season that has ended; "this summer": the one of this year
  [
    /\b(last|this|in the|during the)\s+(spring|summer|autumn|fall|winter)\b/i,
    (m, now) => {
      const [first, last] = SEASONS[m[2]!.toLowerCase()]!;
      let year = now.getUTCFullYear();
      if (m[1]!.toLowerCase() === "last") while (utc(year, last + 1) > now.getTime()) year -= 1;
      return range(utc(year, first), utc(year, last + 1));
    },
  ],
  // "in March": the latest March up to now
  [
    new RegExp(`\\b(?:in|during|since|of)\\s+${MONTH}\\b`, "i"),
    (m, now) => {
      const month = monthIndex(m[1]!);
      const year = month <= now.getUTCMonth() ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
      return monthRange(year, month);
    },
  ],
  // "in 2022"
  [/\b(?:in|during|of|since)\s+((?:19|20)\d{2})\b/i, (m) => range(utc(Number(m[1]), 0), utc(Number(m[1]) + 1, 0))],
];

/**
 * The period a message names ("in March 2023", "last summer", "two weeks ago", "yesterday"),
 * resolved against the message's own date; undefined when it names none.
 */
export function timeRangeOf(text: string, now: Date): TimeRange | undefined {
  for (const [pattern, resolve] of RULES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const found = resolve(match, now);
    if (found && !Number.isNaN(Date.parse(found.from)) && !Number.isNaN(Date.parse(found.to))) return found;
  }
  return undefined;
}
