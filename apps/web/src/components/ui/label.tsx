import * as LabelPrimitive from "@radix-ui/react-label";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "../../lib/cn";

export function Label({ className, ...props }: ComponentProps<typeof LabelPrimitive.Root>) {
  return <LabelPrimitive.Root className={cn("text-sm font-medium leading-none", className)} {...props} />;
}

/** A labelled form field with an optional hint under it. */
export function Field({
  id,
  label,
  hint,
  hintTestId,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  hintTestId?: string;
  children: ReactNode;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && (
        <p className="text-xs text-muted-foreground" data-testid={hintTestId}>
          {hint}
        </p>
      )}
    </div>
  );
}
