import ReactMarkdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize from "rehype-sanitize";

/**
 * Model output rendered as Markdown. Sanitised first (no raw HTML, no script URLs), then code blocks
 * are highlighted; the highlighter's spans are generated from text, so they need no sanitising.
 */
export function MarkdownContent({ content }: { content: string }) {
  return (
    <div className="prose-chat break-words text-sm leading-relaxed">
      <ReactMarkdown rehypePlugins={[rehypeSanitize, [rehypeHighlight, { detect: true, ignoreMissing: true }]]}>
        {content}
      </ReactMarkdown>
    </div>
  );
}
