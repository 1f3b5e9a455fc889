import { LOCRIT_IMPORT_MAX_BYTES } from "@locrit/protocol";
import { Download, Upload } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { exportPath, useImportLocrit } from "../../api/locrit-transfer.queries";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { errorMessage } from "../../lib/api-client";
import { plural } from "../../lib/format";
import { locritPagePath } from "../../lib/use-locrit-name";

/** Reads a chosen export file, refusing what the server would refuse anyway (too big, not JSON) without sending it. */
async function readExportFile(file: File): Promise<unknown> {
  if (file.size > LOCRIT_IMPORT_MAX_BYTES)
    throw new Error(`This file is ${Math.ceil(file.size / 2 ** 20)} MiB; an export file may be 64 MiB at most.`);
  try {
    return JSON.parse(await file.text()) as unknown;
  } catch {
    throw new Error("This file is not JSON: choose a file made by Export (…locrit.json).");
  }
}

/**
 * Export (SPEC §7.4): this Locrit as one JSON file, its settings without the API key, conversations,
 * memories and their history. Import: a Locrit from such a file, under a new name when the name is
 * taken unless "replace" is chosen; what was imported, or why not, is said in words.
 */
export function LocritTransferCard({ locritName }: { locritName: string }) {
  const importLocrit = useImportLocrit();
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const ids = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setReadError(null);
    importLocrit.reset();
    try {
      importLocrit.mutate({ file: await readExportFile(file), replace });
    } catch (error) {
      setReadError(errorMessage(error));
    }
  };
  const result = importLocrit.data;
  return (
    <Card className="mt-4" data-testid="locrit-transfer">
      <CardHeader>
        <CardTitle>Export and import</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid gap-2">
          <p className="text-sm text-muted-foreground">
            One file with {locritName}&apos;s settings (without the API key), conversations, memories and their history.
          </p>
          <div>
            <Button asChild variant="outline" size="sm">
              <a href={exportPath(locritName)} download data-testid="locrit-export">
                <Download aria-hidden /> Export {locritName}
              </a>
            </Button>
          </div>
        </div>
        <form
          className="grid gap-2 border-t pt-4"
          onSubmit={(event) => void submit(event)}
          aria-label="Import a Locrit"
        >
          <label htmlFor={`${ids}-file`} className="text-sm font-medium">
            Import a Locrit from an export file
          </label>
          <input
            id={`${ids}-file`}
            type="file"
            accept=".json,application/json"
            className="text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1 file:text-sm"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} />
            Replace a Locrit of the same name (its conversations and memories are deleted)
          </label>
          <div>
            <Button type="submit" size="sm" disabled={!file || importLocrit.isPending}>
              <Upload aria-hidden /> {importLocrit.isPending ? "Importing…" : "Import"}
            </Button>
          </div>
          {(readError ?? importLocrit.error) && (
            <Alert tone="error" title="Not imported" data-testid="locrit-import-error">
              {readError ?? errorMessage(importLocrit.error)}
            </Alert>
          )}
          {result && (
            <Alert tone="info" title={`Imported ${result.locrit.name}`} data-testid="locrit-import-result">
              <p>
                {result.renamed_from && `The name ${result.renamed_from} was taken, so it is ${result.locrit.name}. `}
                {plural(result.imported.sessions, "conversation")}, {plural(result.imported.messages, "message")},{" "}
                {result.imported.memories} {result.imported.memories === 1 ? "memory" : "memories"}.{" "}
                <Link className="underline" to={locritPagePath(result.locrit.name, "chat")}>
                  Open its chat
                </Link>
              </p>
            </Alert>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
