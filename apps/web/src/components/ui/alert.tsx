import { AlertTriangle, Info } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../../lib/cn";

/** A plain-language notice. `role="alert"` for errors so screen readers announce them. */
export function Alert({
  tone = "info",
  title,
  children,
  className,
  ...rest
}: {
  tone?: "info" | "warning" | "error";
  title?: string;
  children?: ReactNode;
  className?: string;
  "data-testid"?: string;
}) {
  const Icon = tone === "info" ? Info : AlertTriangle;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "flex gap-3 rounded-md border p-3 text-sm",
        tone === "info" && "bg-accent",
        tone === "warning" && "bg-warning text-warning-foreground",
        tone === "error" && "border-destructive/50 bg-red-50 text-red-900 dark:bg-red-950/40 dark:text-red-100",
        className,
      )}
      {...rest}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="grid gap-1">
        {title && <p className="font-medium">{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}
