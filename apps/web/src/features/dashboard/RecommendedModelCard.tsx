import { Download } from "lucide-react";
import { useDownloadModel, useEmbeddedModels } from "../../api/embedded-models.queries";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { errorMessage } from "../../lib/api-client";
import { formatBytes } from "../../lib/format-bytes";
import { RecommendedModelProgress } from "./RecommendedModelProgress";

/**
 * With no model server answering, one small chat model to run inside Locrit itself (SPEC §11): its name,
 * size and licence, downloaded only when the user clicks, with a progress bar. Once there, a Locrit can
 * use it with the provider "Embedded (in-process)" and the model URI shown.
 */
export function RecommendedModelCard() {
  const status = useEmbeddedModels();
  const download = useDownloadModel();
  if (!status.data) return null;
  const { recommended, available, error } = status.data;
  const current = status.data.downloads.find((entry) => entry.model === recommended.model);

  return (
    <Card data-testid="recommended-model">
      <CardHeader>
        <CardTitle>No model server? Run a model inside Locrit</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {!available ? (
          <p role="alert">In-process models cannot run on this machine: {error}</p>
        ) : (
          <>
            <p>
              <strong>{recommended.name}</strong> · {formatBytes(recommended.size_bytes)} · licence{" "}
              {recommended.licence}
            </p>
            <p className="text-muted-foreground">{recommended.description}</p>
            {current?.state === "done" ? (
              <p data-testid="recommended-model-ready">
                Downloaded. Create a Locrit with the provider “Embedded (in-process)” and the model{" "}
                <code className="[overflow-wrap:anywhere]">{recommended.model}</code>.
              </p>
            ) : current?.state === "downloading" ? (
              <RecommendedModelProgress download={current} />
            ) : (
              <div className="grid gap-2">
                {current?.state === "failed" && <p role="alert">{current.error?.message ?? "The download failed."}</p>}
                <Button
                  className="justify-self-start"
                  onClick={() => download.mutate(recommended.model)}
                  disabled={download.isPending}
                >
                  <Download aria-hidden /> {current?.state === "failed" ? "Try again" : "Download"} (
                  {formatBytes(recommended.size_bytes)})
                </Button>
                {download.error && <p role="alert">{errorMessage(download.error)}</p>}
              </div>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
