import { Input } from "../../components/ui/input";
import { Field } from "../../components/ui/label";
import { cn } from "../../lib/cn";
import { passwordStrength, strengthHints, type PasswordStrength } from "./password-strength";

const strengthTone: Record<PasswordStrength, string> = {
  too_short: "text-muted-foreground",
  weak: "text-red-700 dark:text-red-300",
  fair: "text-amber-700 dark:text-amber-300",
  strong: "text-emerald-700 dark:text-emerald-300",
};

/** A new password typed twice, with a strength hint under the first field as it is typed. */
export function NewPasswordFields({
  password,
  confirmation,
  onPassword,
  onConfirmation,
}: {
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
}) {
  const strength = passwordStrength(password);
  return (
    <>
      <Field
        id="new-password"
        label="Password"
        hint={
          <span className={cn(strengthTone[strength])} data-strength={strength} aria-live="polite">
            {strengthHints[strength]}
          </span>
        }
        hintTestId="password-strength"
      >
        <Input
          id="new-password"
          type="password"
          autoComplete="new-password"
          autoFocus
          required
          value={password}
          onChange={(event) => onPassword(event.target.value)}
        />
      </Field>
      <Field id="new-password-confirmation" label="Password again">
        <Input
          id="new-password-confirmation"
          type="password"
          autoComplete="new-password"
          required
          value={confirmation}
          onChange={(event) => onConfirmation(event.target.value)}
        />
      </Field>
    </>
  );
}
