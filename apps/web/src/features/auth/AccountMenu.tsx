import { KeyRound, LogOut } from "lucide-react";
import { NavLink, useNavigate } from "react-router-dom";
import { useAuthMe, useLogout } from "../../api/auth.queries";
import { Button } from "../../components/ui/button";
import { errorMessage } from "../../lib/api-client";
import { cn } from "../../lib/cn";

/**
 * The top bar's account links: API tokens, and Log out for a browser logged in with the password.
 * Single-user mode has no login, so no Log out either.
 */
export function AccountMenu() {
  const me = useAuthMe();
  const navigate = useNavigate();
  const logout = useLogout(() => void navigate("/login", { replace: true }));
  const loggedIn = me.data?.mode === "login" && me.data.caller.via === "session";
  return (
    <div className="flex items-center gap-1">
      <Button variant="ghost" size="icon" asChild>
        <NavLink
          to="/settings/tokens"
          aria-label="API tokens"
          title="API tokens"
          className={({ isActive }) => cn(isActive && "bg-accent")}
        >
          <KeyRound aria-hidden />
        </NavLink>
      </Button>
      {loggedIn && (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
          data-testid="logout"
        >
          <LogOut aria-hidden /> Log out
        </Button>
      )}
      {logout.error && (
        <span role="alert" className="text-xs text-destructive">
          Not logged out: {errorMessage(logout.error)}
        </span>
      )}
    </div>
  );
}
