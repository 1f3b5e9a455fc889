import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  actions,
  leading,
}: {
  title: string;
  /** Shown before the title, e.g. a Locrit's avatar. */
  leading?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-4 flex flex-wrap items-start justify-between gap-3 sm:mb-6">
      <div className="flex min-w-0 items-center gap-3">
        {leading}
        <div className="min-w-0">
          <h1 className="break-words text-xl font-semibold sm:truncate sm:text-2xl">{title}</h1>
          {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
        </div>
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
