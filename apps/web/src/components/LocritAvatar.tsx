import { cn } from "../lib/cn";

const sizes = { sm: "size-8 text-xs", md: "size-10 text-sm", lg: "size-16 text-lg" } as const;

/** A Locrit's uploaded image, or its initials in a circle when it has none. */
export function LocritAvatar({
  locrit,
  size = "md",
  className,
}: {
  locrit: { name: string; avatar: string | null };
  size?: keyof typeof sizes;
  className?: string;
}) {
  const classes = cn("shrink-0 rounded-full object-cover", sizes[size], className);
  if (locrit.avatar)
    return <img src={locrit.avatar} alt="" className={classes} data-testid="locrit-avatar" loading="lazy" />;
  const initials = locrit.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase())
    .join("");
  return (
    <span
      aria-hidden
      className={cn(classes, "inline-flex items-center justify-center bg-accent font-semibold text-foreground")}
      data-testid="locrit-initials"
    >
      {initials}
    </span>
  );
}
