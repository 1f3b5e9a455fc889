import { useEffect, useRef, useState } from "react";

/**
 * Whether the element given the returned ref has been on screen yet (it stays true once it was), so
 * what it shows is read only then: a long list, or a line inside a closed disclosure (`hidden` is
 * never on screen), asks the server for nothing until someone can see it.
 */
export function useShownOnce<Element extends HTMLElement>() {
  const [shown, setShown] = useState(false);
  const ref = useRef<Element>(null);
  useEffect(() => {
    const element = ref.current;
    if (shown || !element) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting)) setShown(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [shown]);
  return { ref, shown };
}
