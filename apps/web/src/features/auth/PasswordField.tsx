import type { ReactNode } from "react";
import { Input } from "../../components/ui/input";
import { Field } from "../../components/ui/label";

/** A labelled password input; `autoComplete` tells password managers whether to fill it or offer a new one. */
export function PasswordField({
  id,
  label,
  autoComplete,
  autoFocus = false,
  hint,
  hintTestId,
  value,
  onChange,
}: {
  id: string;
  label: string;
  autoComplete: "current-password" | "new-password";
  autoFocus?: boolean;
  hint?: ReactNode;
  hintTestId?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} hintTestId={hintTestId}>
      <Input
        id={id}
        type="password"
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}
