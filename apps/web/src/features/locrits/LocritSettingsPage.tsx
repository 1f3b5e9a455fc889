import type { Locrit } from "@locrit/protocol";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useLocrit } from "../../api/locrits.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { QueryState } from "../../components/layout/QueryState";
import { Button } from "../../components/ui/button";
import { toast } from "../../components/ui/toast-store";
import { locritPagePath, useLocritName } from "../../lib/use-locrit-name";
import { LocritSettingsForm } from "./LocritSettingsForm";
import { LocritTransferCard } from "./LocritTransferCard";

/** `/my-locrits/{name}/settings`: every field of a Locrit, saved with PATCH. */
export function LocritSettingsPage() {
  const name = useLocritName();
  const navigate = useNavigate();
  const locrit = useLocrit(name);
  const [savedVersion, setSavedVersion] = useState<string | null>(null);
  const saved = (result: Locrit) => {
    setSavedVersion(result.updated_at);
    toast.success(`${result.name}: settings saved`);
    if (result.name !== name) void navigate(locritPagePath(result.name, "settings"), { replace: true });
  };
  return (
    <div className="max-w-3xl">
      <PageHeader
        title={`${name} · Settings`}
        actions={
          <>
            <Button asChild variant="outline" size="sm">
              <Link to={locritPagePath(name, "chat")}>Chat</Link>
            </Button>
            <Button asChild variant="outline" size="sm">
              <Link to={locritPagePath(name, "memory-explorer")}>Memory</Link>
            </Button>
          </>
        }
      />
      <QueryState isPending={locrit.isPending} error={locrit.error} what="this Locrit" />
      {/* Keyed by update time so a saved (or externally changed) Locrit resets the form to what is stored. */}
      {locrit.data && (
        <LocritSettingsForm
          key={locrit.data.updated_at}
          locrit={locrit.data}
          justSaved={savedVersion === locrit.data.updated_at}
          onSaved={saved}
        />
      )}
      {locrit.data && <LocritTransferCard locritName={locrit.data.name} />}
    </div>
  );
}
