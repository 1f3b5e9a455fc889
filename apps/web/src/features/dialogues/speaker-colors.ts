/** One colour per participant, by speaking order (full class names, so Tailwind keeps them). */
const palette = [
  { border: "border-l-sky-500", text: "text-sky-700 dark:text-sky-300", dot: "bg-sky-500" },
  { border: "border-l-amber-500", text: "text-amber-700 dark:text-amber-300", dot: "bg-amber-500" },
  { border: "border-l-emerald-500", text: "text-emerald-700 dark:text-emerald-300", dot: "bg-emerald-500" },
  { border: "border-l-fuchsia-500", text: "text-fuchsia-700 dark:text-fuchsia-300", dot: "bg-fuchsia-500" },
  { border: "border-l-rose-500", text: "text-rose-700 dark:text-rose-300", dot: "bg-rose-500" },
  { border: "border-l-indigo-500", text: "text-indigo-700 dark:text-indigo-300", dot: "bg-indigo-500" },
  { border: "border-l-lime-500", text: "text-lime-700 dark:text-lime-300", dot: "bg-lime-500" },
  { border: "border-l-orange-500", text: "text-orange-700 dark:text-orange-300", dot: "bg-orange-500" },
] as const;

export type SpeakerColor = (typeof palette)[number];

export function speakerColor(participants: { name: string }[], speaker: string): SpeakerColor {
  const index = participants.findIndex((participant) => participant.name === speaker);
  return palette[Math.max(0, index) % palette.length]!;
}
