import type { ApiToken } from "@locrit/protocol";
import { useRevokeApiToken } from "../../api/auth.queries";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { formatDateTime } from "../../lib/format";

function TokenStatus({ token }: { token: ApiToken }) {
  if (token.revoked_at) return <Badge tone="danger">Revoked {formatDateTime(token.revoked_at)}</Badge>;
  if (token.expires_at && Date.parse(token.expires_at) <= Date.now()) return <Badge tone="neutral">Expired</Badge>;
  return <Badge tone="success">Active</Badge>;
}

/** Every token, revoked ones too (newest first, as the server lists them), each active one revocable. */
export function TokenList({ tokens }: { tokens: ApiToken[] }) {
  const revoke = useRevokeApiToken();
  if (tokens.length === 0) return <p className="text-sm text-muted-foreground">No API tokens yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-muted-foreground">
          <tr className="border-b">
            <th className="py-2 pr-3 font-medium">Name</th>
            <th className="py-2 pr-3 font-medium">Role</th>
            <th className="py-2 pr-3 font-medium">Created</th>
            <th className="py-2 pr-3 font-medium">Last used</th>
            <th className="py-2 pr-3 font-medium">Expires</th>
            <th className="py-2 pr-3 font-medium">Status</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} className="border-b last:border-0" data-testid="token-row" data-token-name={token.name}>
              <td className="py-2 pr-3 font-medium break-all">{token.name}</td>
              <td className="py-2 pr-3 capitalize">{token.role}</td>
              <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(token.created_at)}</td>
              <td className="py-2 pr-3 whitespace-nowrap" data-testid="token-last-used">
                {token.last_used_at ? formatDateTime(token.last_used_at) : "Never"}
              </td>
              <td className="py-2 pr-3 whitespace-nowrap" data-testid="token-expires">
                {token.expires_at ? formatDateTime(token.expires_at) : "Never"}
              </td>
              <td className="py-2 pr-3" data-testid="token-status">
                <TokenStatus token={token} />
              </td>
              <td className="py-2 text-right">
                {!token.revoked_at && (
                  <ConfirmDialog
                    trigger={
                      <Button variant="outline" size="sm">
                        Revoke
                      </Button>
                    }
                    title={`Revoke “${token.name}”?`}
                    description="Whatever uses this token is refused (401) from now on, open connections included. This cannot be undone."
                    confirmLabel="Revoke"
                    onConfirm={() => revoke.mutateAsync(token.id)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
