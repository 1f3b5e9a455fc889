import { useState, type FormEvent } from "react";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { useAuthMe, useSetup } from "../../api/auth.queries";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { ApiError, errorMessage } from "../../lib/api-client";
import { AuthLayout } from "./AuthLayout";
import { NewPasswordFields } from "./NewPasswordFields";
import { PASSWORD_MIN_LENGTH } from "@locrit/protocol";
import { formatWaitTime, retryAfterSeconds } from "./wait-time";

function LinkNoLongerValid() {
  return (
    <Alert tone="error" title="This setup link is no longer valid" data-testid="setup-link-invalid">
      It was used already, or it expired (a link lasts a day). Restart the server to print a new link, or set the
      password on the server with <code>npm run locrit -- set-password</code>.
    </Alert>
  );
}

function PasswordAlreadySet() {
  return (
    <>
      <Alert tone="info" title="The owner password is already set" data-testid="setup-already-done">
        Log in with it. To change it, run <code>npm run locrit -- set-password</code> on the server.
      </Alert>
      <Button asChild>
        <Link to="/login">Go to the login page</Link>
      </Button>
    </>
  );
}

/** What went wrong with a setup, in words: the token, the password already set, or too many tries. */
function SetupFailure({ error }: { error: unknown }) {
  const wait = retryAfterSeconds(error);
  if (wait !== undefined)
    return <Alert tone="error">Too many failed attempts from this address. Try again in {formatWaitTime(wait)}.</Alert>;
  if (error instanceof ApiError && error.code === "unauthenticated") return <LinkNoLongerValid />;
  if (error instanceof ApiError && error.code === "password_already_set") return <PasswordAlreadySet />;
  return <Alert tone="error">{errorMessage(error)}</Alert>;
}

/** `/setup?token=…`: first run, from the one-time link the server printed; sets the password and logs in. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const me = useAuthMe();
  const setup = useSetup();
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [mismatch, setMismatch] = useState(false);

  if (me.data?.authenticated && setup.isSuccess) return <Navigate to="/" replace />;
  const title = "Set the owner password";
  const description = "Choose the password that protects this Locrit server. You will log in with it.";
  if (me.data?.password_set && !setup.isSuccess)
    return (
      <AuthLayout title={title} description={description}>
        <PasswordAlreadySet />
      </AuthLayout>
    );
  if (token === "")
    return (
      <AuthLayout title={title} description={description}>
        <LinkNoLongerValid />
      </AuthLayout>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== confirmation);
    if (password === confirmation) setup.mutate({ setup_token: token, password });
  };
  return (
    <AuthLayout title={title} description={description}>
      <form className="grid gap-4" onSubmit={submit} aria-label="Set the owner password">
        <NewPasswordFields
          password={password}
          confirmation={confirmation}
          onPassword={setPassword}
          onConfirmation={(value) => {
            setConfirmation(value);
            setMismatch(false);
          }}
        />
        <Button type="submit" disabled={setup.isPending || password.length < PASSWORD_MIN_LENGTH}>
          {setup.isPending ? "Saving…" : "Set the password and log in"}
        </Button>
      </form>
      {mismatch && (
        <Alert tone="error" data-testid="setup-mismatch">
          The two passwords differ. Type the same password twice.
        </Alert>
      )}
      {setup.error && !mismatch && <SetupFailure error={setup.error} />}
    </AuthLayout>
  );
}
