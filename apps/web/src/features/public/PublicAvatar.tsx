import { cn } from "../../lib/cn";

/** The Locrit's picture, else its initial on the page's colour. */
export function PublicAvatar({ url, title, className }: { url: string | null; title: string; className?: string }) {
  if (url) return <img src={url} alt="" className={cn("rounded-full object-cover", className)} />;
  return (
    <span
      aria-hidden
      className={cn("grid place-items-center rounded-full bg-primary font-semibold text-primary-foreground", className)}
    >
      {title.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}
