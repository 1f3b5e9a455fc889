import { useState } from "react";
import { Link } from "react-router-dom";
import { useApiTokens, useAuthMe } from "../../api/auth.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { QueryState } from "../../components/layout/QueryState";
import { Alert } from "../../components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { TokenCreatedNotice } from "./TokenCreatedNotice";
import { TokenCreateForm } from "./TokenCreateForm";
import { TokenList } from "./TokenList";

/** `/settings/tokens`: API tokens for programs and other Locrits (SPEC §8.1). */
export function TokensPage() {
  const me = useAuthMe();
  const tokens = useApiTokens();
  // Held in this page's state only: leaving or reloading the page forgets it, as the server already has.
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="API tokens"
        description={
          <>
            Let programs and other Locrits call this server with <code>Authorization: Bearer</code>.{" "}
            <Link to="/settings" className="underline">
              Model servers
            </Link>{" "}
            are in Settings.
          </>
        }
      />
      <div className="grid gap-4">
        {me.data?.mode === "single-user" && (
          <Alert tone="info" title="Single-user mode">
            This server answers only this machine and needs no login, so tokens are not checked yet. They start to count
            once an owner password is set or the server listens beyond localhost.
          </Alert>
        )}
        <Card>
          <CardHeader>
            <CardTitle>New token</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            {created && <TokenCreatedNotice {...created} onDone={() => setCreated(null)} />}
            <TokenCreateForm onCreated={setCreated} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Tokens</CardTitle>
          </CardHeader>
          <CardContent>
            <QueryState isPending={tokens.isPending} error={tokens.error} what="the tokens" />
            {tokens.data && <TokenList tokens={tokens.data} />}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
