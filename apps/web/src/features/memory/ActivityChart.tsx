import type { Session } from "@locrit/protocol";

const DAYS = 14;
const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Messages per day over the last two weeks, from the summary's sessions (each counted on the day it
 * was last active). Plain SVG: no chart library for one small picture.
 */
export function ActivityChart({ sessions }: { sessions: Session[] }) {
  const today = new Date();
  const days = Array.from({ length: DAYS }, (_, index) => {
    const date = new Date(today);
    date.setUTCDate(today.getUTCDate() - (DAYS - 1 - index));
    return dayKey(date);
  });
  const counts = new Map(days.map((day) => [day, 0]));
  for (const session of sessions) {
    const day = session.updated_at.slice(0, 10);
    if (counts.has(day)) counts.set(day, (counts.get(day) ?? 0) + session.message_count);
  }
  const max = Math.max(1, ...counts.values());
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const width = 280;
  const height = 80;
  const barWidth = width / DAYS;
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 14}`}
      className="w-full"
      role="img"
      aria-label={`${total} messages in the last ${DAYS} days`}
      data-testid="activity-chart"
    >
      {days.map((day, index) => {
        const barHeight = ((counts.get(day) ?? 0) / max) * height;
        return (
          <g key={day}>
            <title>{`${day}: ${counts.get(day) ?? 0} messages`}</title>
            <rect
              x={index * barWidth + 2}
              y={height - barHeight}
              width={barWidth - 4}
              height={Math.max(barHeight, 1)}
              rx={2}
              className="fill-primary"
            />
          </g>
        );
      })}
      <text x={0} y={height + 12} className="fill-muted-foreground text-[7px]">
        {days[0]}
      </text>
      <text x={width} y={height + 12} textAnchor="end" className="fill-muted-foreground text-[7px]">
        today
      </text>
    </svg>
  );
}
