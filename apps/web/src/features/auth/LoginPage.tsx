import { useState, type FormEvent } from "react";
import { Navigate, useSearchParams } from "react-router-dom";
import { useAuthMe, useLogin } from "../../api/auth.queries";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { errorMessage } from "../../lib/api-client";
import { AuthLayout } from "./AuthLayout";
import { PasswordField } from "./PasswordField";
import { safeNextPath } from "./login-redirect";
import { useCountdown } from "./use-countdown";
import { formatWaitTime, retryAfterSeconds } from "./wait-time";

/** `/login?next=…`: the owner's password, then back where the browser was sent from. */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const me = useAuthMe();
  const login = useLogin();
  const [password, setPassword] = useState("");
  const [blockedUntil, setBlockedUntil] = useState<number | undefined>();
  const secondsLeft = useCountdown(blockedUntil);
  const blocked = secondsLeft !== undefined && secondsLeft > 0;

  // After a login the refreshed /api/auth/me says "authenticated": that is when the page moves on.
  // In single-user mode every caller is the owner, so the page moves on at once.
  if (me.data?.authenticated) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(password, {
      onError: (error) => {
        const wait = retryAfterSeconds(error);
        setBlockedUntil(wait === undefined ? undefined : Date.now() + wait * 1000);
      },
    });
  };
  const noPassword = me.data?.password_set === false;

  return (
    <AuthLayout title="Log in" description="Enter the owner password of this Locrit server.">
      {noPassword && (
        <Alert tone="warning" title="No owner password yet" data-testid="login-no-password">
          Open the one-time setup link the server printed when it started, or run{" "}
          <code>npm run locrit -- set-password</code> on the server.
        </Alert>
      )}
      <form className="grid gap-4" onSubmit={submit} aria-label="Log in">
        <PasswordField
          id="login-password"
          label="Password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={setPassword}
        />
        <Button type="submit" disabled={login.isPending || blocked || password === ""}>
          {login.isPending ? "Logging in…" : "Log in"}
        </Button>
      </form>
      {login.error && (
        <Alert tone="error" data-testid="login-error">
          {blockedUntil !== undefined
            ? blocked
              ? `Too many failed attempts from this address. Try again in ${formatWaitTime(secondsLeft)}.`
              : "You can try again now."
            : errorMessage(login.error)}
        </Alert>
      )}
    </AuthLayout>
  );
}
