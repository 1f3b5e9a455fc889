import { Check, Copy } from "lucide-react";
import { isValidElement, useRef, useState, type ComponentProps, type ReactNode } from "react";

/** The fenced block's language, from the `language-…` class Markdown gives its code element. */
function languageOf(children: ReactNode): string | undefined {
  if (!isValidElement<{ className?: string }>(children)) return undefined;
  return /(?:^|\s)language-([\w+#.-]+)/.exec(children.props.className ?? "")?.[1];
}

/** Copies text; the clipboard API needs a secure context (a LAN address over http is not one). */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}

/** A code block of a reply: its language named above it, and a button that copies the code. */
export function CodeBlock({ children, node: _node, ...props }: ComponentProps<"pre"> & { node?: unknown }) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const language = languageOf(children);
  const copy = () => {
    copyText(pre.current?.textContent ?? "").then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
    setTimeout(() => setCopied(null), 2_000);
  };
  return (
    <div className="code-block my-2 overflow-hidden rounded-md border">
      <div className="flex items-center justify-between gap-2 border-b bg-card px-2 py-1 text-xs text-muted-foreground">
        <span data-testid="code-language">{language ?? "text"}</span>
        <button
          type="button"
          onClick={copy}
          className="flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {copied === "yes" ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
          {copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy code"}
        </button>
      </div>
      <pre ref={pre} {...props}>
        {children}
      </pre>
    </div>
  );
}
