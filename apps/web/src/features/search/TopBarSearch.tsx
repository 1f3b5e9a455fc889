import { Search } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { Input } from "../../components/ui/input";
import { isTypingTarget, SEARCH_PATH, searchPagePath } from "./search-path";

/**
 * The top bar's search across all Locrits. `/` (when not typing elsewhere) or Ctrl-K / ⌘K focuses it;
 * Enter opens the results page; Escape leaves the field.
 */
export function TopBarSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const onResults = location.pathname === SEARCH_PATH;
  const [text, setText] = useState(() => (onResults ? (params.get("q") ?? "") : ""));
  // The kit's Input takes no ref: the field is found in its form.
  const form = useRef<HTMLFormElement>(null);

  // The results page's query shows here, also after going back and forth in history.
  const shownQuery = onResults ? (params.get("q") ?? "") : null;
  useEffect(() => {
    if (shownQuery !== null) setText(shownQuery);
  }, [shownQuery]);

  useEffect(() => {
    const focus = (event: KeyboardEvent) => {
      const ctrlK = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey) && !event.altKey;
      const slash =
        event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target);
      if (!ctrlK && !slash) return;
      event.preventDefault();
      const field = form.current?.querySelector("input");
      field?.focus();
      field?.select();
    };
    window.addEventListener("keydown", focus);
    return () => window.removeEventListener("keydown", focus);
  }, []);

  return (
    <form
      ref={form}
      role="search"
      aria-label="All Locrits"
      className="relative w-36 min-[400px]:w-44 sm:w-56 lg:w-64"
      onSubmit={(event) => {
        event.preventDefault();
        const query = text.trim();
        if (query) void navigate(searchPagePath(query));
      }}
    >
      <label htmlFor="search-all" className="sr-only">
        Search the memory of every Locrit
      </label>
      <Search
        className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
        aria-hidden
      />
      <Input
        id="search-all"
        type="search"
        data-testid="search-all-input"
        className="pl-8 pr-2 sm:pr-10"
        placeholder="Search all Locrits"
        aria-keyshortcuts="/ Control+K"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") event.currentTarget.blur();
        }}
      />
      <kbd
        aria-hidden
        className="pointer-events-none absolute right-2 top-1/2 hidden -translate-y-1/2 rounded border px-1.5 text-xs text-muted-foreground sm:block"
      >
        /
      </kbd>
    </form>
  );
}
