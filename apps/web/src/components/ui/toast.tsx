import { CheckCircle2, AlertTriangle, X } from "lucide-react";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { cn } from "../../lib/cn";
import { TOAST_DURATION_MS, toastStore, type Toast } from "./toast-store";

/**
 * Where toasts show: bottom right (bottom, full width on a phone), above everything. Each goes after
 * its time; hovering or focusing it holds it. Errors use the inline errors' colours.
 */
export function Toaster() {
  const toasts = useSyncExternalStore(toastStore.subscribe, toastStore.snapshot);
  return (
    // Present from the start, so screen readers announce what is added to it; an error also as an alert.
    <section
      aria-label="Notifications"
      aria-live="polite"
      aria-relevant="additions"
      className="pointer-events-none fixed inset-x-3 bottom-3 z-[60] flex flex-col items-end gap-2 sm:left-auto sm:right-4 sm:w-96"
    >
      {toasts.map((item) => (
        <ToastItem key={item.id} toast={item} />
      ))}
    </section>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hold = () => clearTimeout(timer.current);
  const release = () => {
    hold();
    timer.current = setTimeout(() => toastStore.dismiss(toast.id), TOAST_DURATION_MS[toast.tone]);
  };
  useEffect(() => {
    release();
    return hold;
    // Set once, when the toast appears: the timer belongs to it alone.
  }, []);
  const Icon = toast.tone === "error" ? AlertTriangle : CheckCircle2;
  return (
    <div
      role={toast.tone === "error" ? "alert" : undefined}
      data-testid="toast"
      data-tone={toast.tone}
      onMouseEnter={hold}
      onMouseLeave={release}
      onFocus={hold}
      onBlur={release}
      className={cn(
        "pointer-events-auto flex w-full items-start gap-2 rounded-md border p-3 text-sm shadow-lg",
        toast.tone === "success" && "bg-card text-foreground",
        toast.tone === "error" && "border-destructive/50 bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100",
      )}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <p className="flex-1 break-words">{toast.message}</p>
      <button
        type="button"
        aria-label="Dismiss"
        onClick={() => toastStore.dismiss(toast.id)}
        className="rounded opacity-70 hover:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <X className="size-4" aria-hidden />
      </button>
    </div>
  );
}
