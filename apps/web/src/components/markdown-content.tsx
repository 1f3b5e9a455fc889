import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./code-block";

const components: Components = {
  // A link in a reply opens beside the chat, never in its place; the opened page gets no handle on this one.
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  pre: CodeBlock,
  table: ({ node: _node, ...props }) => (
    <div className="table-scroll">
      <table {...props} />
    </div>
  ),
};

/**
 * Model output rendered as Markdown with GitHub's extensions (tables, strikethrough, task lists).
 * Sanitised first (no raw HTML, no script URLs), then code blocks are highlighted; the highlighter's
 * spans are generated from text, so they need no sanitising.
 */
export function MarkdownContent({ content }: { content: string }) {
  return (
    <div className="prose-chat break-words text-sm leading-relaxed">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize, [rehypeHighlight, { detect: true, ignoreMissing: true }]]}
        components={components}
      >
        {content}
      </ReactMarkdown>
    </div>
  );
}
