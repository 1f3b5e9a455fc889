/** Reads a whole SSE answer (`data: <json>` frames) from a real HTTP endpoint. */
export async function postSse(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string; frames: Record<string, unknown>[]; json?: unknown }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const contentType = response.headers.get("content-type") ?? "";
  const text = await response.text();
  if (!contentType.includes("text/event-stream"))
    return { status: response.status, contentType, frames: [], json: JSON.parse(text) };
  const frames = text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => JSON.parse(block.slice(6)) as Record<string, unknown>);
  return { status: response.status, contentType, frames };
}
