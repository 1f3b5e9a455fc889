import { useQueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { authKeys, useAuthMe } from "../../api/auth.queries";
import { onUnauthenticated } from "../../lib/api-client";
import { loginPathFor } from "./login-redirect";

/**
 * The app's pages, behind the login when login is on (SPEC §8.1): a browser that is not logged in goes
 * to `/login?next=<here>` before any page asks the API, and so does one whose login ends while a page is
 * open (any API call answering 401 `unauthenticated`). Single-user mode shows the pages as they are.
 * If `/api/auth/me` itself fails (server down), the pages show, with the health banner saying why.
 */
export function RequireLogin({ children }: { children: ReactNode }) {
  const me = useAuthMe();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();

  useEffect(
    () =>
      onUnauthenticated(() => {
        void client.invalidateQueries({ queryKey: authKeys.me });
        void navigate(loginPathFor(window.location), { replace: true });
      }),
    [client, navigate],
  );

  if (me.isPending) return null;
  if (me.data?.mode === "login" && !me.data.authenticated) return <Navigate to={loginPathFor(location)} replace />;
  return children;
}
