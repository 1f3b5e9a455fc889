import { useHealth } from "../../api/health.queries";
import { Alert } from "../ui/alert";

/** Says plainly when the server, its storage or the default model server (by its name) is not answering. */
export function HealthBanner() {
  const { data, error } = useHealth();
  let notice: { tone: "warning" | "error"; text: string } | null = null;
  if (error) notice = { tone: "error", text: "The Locrit server is not answering. Is it running?" };
  else if (data && !data.storage.ok)
    notice = { tone: "error", text: "Storage is not available: nothing can be saved right now." };
  else if (data && !data.model_server.ok)
    notice = {
      tone: "warning",
      text: `The default model server, ${data.model_server.name}, is not reachable at ${data.model_server.url}. Locrits using it cannot answer until it runs.`,
    };
  if (!notice) return null;
  return (
    <div className="mx-auto w-full max-w-6xl px-3 pt-3 sm:px-4">
      <Alert tone={notice.tone} data-testid="health-banner">
        {notice.text}
      </Alert>
    </div>
  );
}
