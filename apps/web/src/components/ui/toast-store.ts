/**
 * Toasts: short notes about results that happen away from where the user looks (saved, deleted,
 * failed). A tiny store outside React, so a mutation's callback can raise one without a hook.
 */
export type ToastTone = "success" | "error";

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

/** Long enough to read a sentence; an error stays longer, since it asks for something to be done. */
export const TOAST_DURATION_MS: Record<ToastTone, number> = { success: 5_000, error: 9_000 };
/** More at once is noise: the oldest go first. */
const MAX_TOASTS = 4;

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

const publish = (next: Toast[]) => {
  toasts = next;
  for (const listener of listeners) listener();
};

export const toastStore = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  snapshot: () => toasts,
  dismiss: (id: number) => publish(toasts.filter((toast) => toast.id !== id)),
};

function show(tone: ToastTone, message: string): number {
  const id = nextId++;
  publish([...toasts, { id, tone, message }].slice(-MAX_TOASTS));
  return id;
}

/** `toast.success("Settings saved")`, `toast.error(errorMessage(error))`. */
export const toast = {
  success: (message: string) => show("success", message),
  error: (message: string) => show("error", message),
};
