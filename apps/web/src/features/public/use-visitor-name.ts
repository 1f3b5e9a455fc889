import { useCallback, useState } from "react";

const storageKey = "locrit:visitor-name";

/** The name a visitor chose to give (optional), remembered in this browser for every public page. */
export function useVisitorName(): [string, (name: string) => void] {
  const [name, setName] = useState(() => localStorage.getItem(storageKey) ?? "");
  const remember = useCallback((next: string) => {
    setName(next);
    if (next.trim()) localStorage.setItem(storageKey, next);
    else localStorage.removeItem(storageKey);
  }, []);
  return [name, remember];
}
