import { useEffect, useRef } from "react";
import { cn } from "../../lib/cn";

export interface VisitorLine {
  key: string;
  role: "user" | "assistant";
  content: string;
  /** Still arriving: shown with a caret, announced politely. */
  streaming?: boolean;
}

/** The visitor's conversation as bubbles, the welcome message first; follows the newest line. */
export function VisitorMessages({ welcome, lines }: { welcome: string; lines: VisitorLine[] }) {
  const end = useRef<HTMLDivElement>(null);
  const last = lines.at(-1);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [lines.length, last?.content]);
  return (
    <div className="flex flex-col gap-2" aria-live="polite" aria-label="Conversation">
      {welcome && <Bubble role="assistant" content={welcome} testId="visitor-welcome" />}
      {lines.map((line) => (
        <Bubble key={line.key} role={line.role} content={line.content} streaming={line.streaming} />
      ))}
      <div ref={end} />
    </div>
  );
}

function Bubble({
  role,
  content,
  streaming,
  testId = "visitor-message",
}: {
  role: VisitorLine["role"];
  content: string;
  streaming?: boolean;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      data-role={role}
      className={cn(
        "max-w-[85%] whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm",
        role === "user" ? "self-end bg-primary text-primary-foreground" : "self-start bg-muted",
      )}
    >
      {content}
      {streaming && (
        <span aria-hidden className="ml-0.5 inline-block animate-pulse">
          ▍
        </span>
      )}
    </div>
  );
}
