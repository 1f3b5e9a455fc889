import type { HTMLAttributes } from "react";
import { cn } from "../../lib/cn";

const tones = {
  neutral: "bg-muted text-muted-foreground",
  success: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  warning: "bg-warning text-warning-foreground",
  danger: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  info: "bg-accent text-foreground",
} as const;

export function Badge({
  className,
  tone = "neutral",
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: keyof typeof tones }) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium",
        tones[tone],
        className,
      )}
      {...props}
    />
  );
}
