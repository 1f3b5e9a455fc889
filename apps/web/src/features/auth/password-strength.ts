import { PASSWORD_MIN_LENGTH } from "@locrit/protocol";

export type PasswordStrength = "too_short" | "weak" | "fair" | "strong";

// The passwords people try first; a password that is one of them (or one of them repeated) is weak.
const COMMON = ["password", "12345678", "123456789", "qwertyui", "azertyui", "iloveyou", "locrit", "letmein"];

/** How many kinds of character (lower case, upper case, digits, others) a password mixes. */
const characterKinds = (password: string) =>
  [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((kind) => kind.test(password)).length;

/**
 * A rough hint, not a rule (the server only asks for PASSWORD_MIN_LENGTH characters): length counts
 * most, mixing kinds of character a little, a common password or one character repeated not at all.
 */
export function passwordStrength(password: string): PasswordStrength {
  if (password.length < PASSWORD_MIN_LENGTH) return "too_short";
  const lower = password.toLowerCase();
  if (new Set(password).size <= 2 || COMMON.some((common) => lower.startsWith(common))) return "weak";
  if (password.length >= 16 || (password.length >= 12 && characterKinds(password) >= 3)) return "strong";
  if (password.length >= 12 || characterKinds(password) >= 3) return "fair";
  return "weak";
}

export const strengthHints: Record<PasswordStrength, string> = {
  too_short: `At least ${PASSWORD_MIN_LENGTH} characters.`,
  weak: "Weak: easy to guess. Longer is stronger; a few unrelated words make a good password.",
  fair: "Fair. A few more characters would make it strong.",
  strong: "Strong.",
};
