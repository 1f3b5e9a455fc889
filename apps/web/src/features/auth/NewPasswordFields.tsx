import { PasswordField } from "./PasswordField";
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
      <PasswordField
        id="new-password"
        label="Password"
        autoComplete="new-password"
        autoFocus
        hint={
          <span className={strengthTone[strength]} data-strength={strength} aria-live="polite">
            {strengthHints[strength]}
          </span>
        }
        hintTestId="password-strength"
        value={password}
        onChange={onPassword}
      />
      <PasswordField
        id="new-password-confirmation"
        label="Password again"
        autoComplete="new-password"
        value={confirmation}
        onChange={onConfirmation}
      />
    </>
  );
}
