import { useEffect, useState } from "react";

const secondsUntil = (untilMs: number | undefined) =>
  untilMs === undefined ? undefined : Math.max(0, Math.ceil((untilMs - Date.now()) / 1000));

/** Whole seconds left until `untilMs` (0 once passed), ticking each second; undefined without a deadline. */
export function useCountdown(untilMs: number | undefined): number | undefined {
  const [seconds, setSeconds] = useState(() => secondsUntil(untilMs));
  useEffect(() => {
    setSeconds(secondsUntil(untilMs));
    if (untilMs === undefined) return;
    const timer = setInterval(() => {
      const left = secondsUntil(untilMs);
      setSeconds(left);
      if (left === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [untilMs]);
  return seconds;
}
