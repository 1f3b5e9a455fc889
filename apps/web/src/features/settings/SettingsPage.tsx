import { useModelServers } from "../../api/model-servers.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { QueryState } from "../../components/layout/QueryState";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { AddModelServerForm } from "./AddModelServerForm";
import { ModelServerCard } from "./ModelServerCard";
import { EmbeddedMemoryCard } from "./EmbeddedMemoryCard";

/** `/settings`: the model servers Locrits can use (kept by the server), each with a test and its models; the default. */
export function SettingsPage() {
  const servers = useModelServers();
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="Settings"
        description="Model servers your Locrits can think with. New Locrits start with the default one."
      />
      <QueryState isPending={servers.isPending} error={servers.error} what="model servers" />
      <div className="grid gap-4">
        {servers.data?.servers.map((server) => (
          <ModelServerCard key={server.id} server={server} />
        ))}
        <Card>
          <CardHeader>
            <CardTitle>Add a model server</CardTitle>
          </CardHeader>
          <CardContent>
            <AddModelServerForm />
          </CardContent>
        </Card>
        <EmbeddedMemoryCard />
      </div>
    </div>
  );
}
