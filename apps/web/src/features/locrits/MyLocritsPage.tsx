import { Brain, MessageSquare, Power, PowerOff, Settings, Trash2 } from "lucide-react";
import { Link } from "react-router-dom";
import { useDeleteLocrit, useLocrits, useSetLocritActive } from "../../api/locrits.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { LocritAvatar } from "../../components/LocritAvatar";
import { QueryState } from "../../components/layout/QueryState";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { toast } from "../../components/ui/toast-store";
import { errorMessage } from "../../lib/api-client";
import { locritPagePath } from "../../lib/use-locrit-name";
import { LocritStatusBadge } from "./LocritStatusBadge";

/** `/my-locrits`: every Locrit with its status, activate/deactivate, and links to chat, memory and settings. */
export function MyLocritsPage() {
  const locrits = useLocrits();
  const setActive = useSetLocritActive();
  const remove = useDeleteLocrit();
  return (
    <div>
      <PageHeader
        title="My Locrits"
        actions={
          <Button asChild>
            <Link to="/create-locrit">Create a Locrit</Link>
          </Button>
        }
      />
      <QueryState isPending={locrits.isPending} error={locrits.error} what="Locrits" />
      {setActive.error && (
        <Alert tone="error" className="mb-3">
          {errorMessage(setActive.error)}
        </Alert>
      )}
      {locrits.data?.length === 0 && <p className="text-sm text-muted-foreground">No Locrit yet.</p>}
      <ul className="grid gap-3 md:grid-cols-2">
        {locrits.data?.map((locrit) => (
          <li key={locrit.name}>
            <Card className="flex h-full flex-col gap-3 p-4" data-testid={`locrit-card-${locrit.name}`}>
              <div className="flex items-start justify-between gap-2">
                <div className="flex min-w-0 items-center gap-3">
                  <LocritAvatar locrit={locrit} />
                  <div className="min-w-0">
                    <h2 className="truncate font-semibold">{locrit.name}</h2>
                    <p className="text-xs text-muted-foreground">
                      {locrit.provider} · {locrit.model || "no model chosen"}
                    </p>
                  </div>
                </div>
                <LocritStatusBadge active={locrit.active} />
              </div>
              {locrit.description && <p className="line-clamp-2 text-sm text-muted-foreground">{locrit.description}</p>}
              <div className="mt-auto flex flex-wrap gap-2">
                <Button asChild size="sm">
                  <Link to={locritPagePath(locrit.name, "chat")} aria-label={`Chat with ${locrit.name}`}>
                    <MessageSquare aria-hidden /> Chat
                  </Link>
                </Button>
                <Button asChild size="sm" variant="outline">
                  <Link to={locritPagePath(locrit.name, "memory-explorer")} aria-label={`Memory of ${locrit.name}`}>
                    <Brain aria-hidden /> Memory
                  </Link>
                </Button>
                <Button asChild size="sm" variant="outline">
                  <Link to={locritPagePath(locrit.name, "settings")} aria-label={`Settings of ${locrit.name}`}>
                    <Settings aria-hidden /> Settings
                  </Link>
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  disabled={setActive.isPending}
                  onClick={() => setActive.mutate({ name: locrit.name, active: !locrit.active })}
                  aria-label={`${locrit.active ? "Deactivate" : "Activate"} ${locrit.name}`}
                >
                  {/* Not "Stop": that word belongs to a streaming reply. */}
                  {locrit.active ? <PowerOff aria-hidden /> : <Power aria-hidden />}
                  {locrit.active ? "Deactivate" : "Activate"}
                </Button>
                <ConfirmDialog
                  title={`Delete ${locrit.name}?`}
                  description="This deletes the Locrit with all its conversations and memories. It cannot be undone."
                  onConfirm={() => remove.mutateAsync(locrit.name).then(() => toast.success(`${locrit.name} deleted`))}
                  trigger={
                    <Button size="sm" variant="ghost" aria-label={`Delete ${locrit.name}`}>
                      <Trash2 aria-hidden /> Delete
                    </Button>
                  }
                />
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
