import type { RecalledItem } from "@locrit/protocol";
import { Brain, MessageSquare } from "lucide-react";
import { Link } from "react-router-dom";
import { Disclosure } from "../../components/ui/disclosure";
import { formatDateTime, plural } from "../../lib/format";
import { recalledItemLink } from "../memory/explorer-links";

const kinds = {
  memory: { label: "Memory", Icon: Brain },
  message: { label: "Message", Icon: MessageSquare },
} as const;

/**
 * Under a reply: what recall put into its prompt (SPEC §7.2), folded to one line. Each item links to
 * where it lives in the Memory Explorer; snippets are plain text, never HTML.
 */
export function RecalledItems({ locritName, items }: { locritName: string; items: RecalledItem[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <Disclosure summary={`Remembered: ${plural(items.length, "item")}`} testId="recalled-items" className="max-w-full">
      <ul className="mt-1 grid gap-1 border-l-2 pl-3">
        {items.map((item) => {
          const { label, Icon } = kinds[item.kind];
          return (
            <li key={`${item.kind}:${item.id}`}>
              <Link
                to={recalledItemLink(locritName, item)}
                data-testid="recalled-item"
                data-kind={item.kind}
                className="grid gap-0.5 rounded-md px-2 py-1 text-xs hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                <span className="flex items-center gap-1.5 text-muted-foreground">
                  <Icon aria-hidden className="size-3.5 shrink-0" />
                  <span className="font-medium">{label}</span>
                  <time dateTime={item.timestamp}>{formatDateTime(item.timestamp)}</time>
                </span>
                <span className="break-words text-foreground">{item.snippet}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </Disclosure>
  );
}
