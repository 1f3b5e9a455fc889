import type { CSSProperties } from "react";

/**
 * A public page's theme colour (`public_page.theme`: a name or `#rrggbb`) as the page's primary colour:
 * the CSS variables the UI kit reads, set on the page's root so light and dark modes both follow it.
 */
const NAMED: Record<string, { colour: string; onColour: string }> = {
  blue: { colour: "oklch(0.55 0.17 250)", onColour: "oklch(0.99 0 0)" },
  green: { colour: "oklch(0.55 0.14 150)", onColour: "oklch(0.99 0 0)" },
  rose: { colour: "oklch(0.58 0.19 10)", onColour: "oklch(0.99 0 0)" },
  amber: { colour: "oklch(0.75 0.15 70)", onColour: "oklch(0.2 0.02 60)" },
  violet: { colour: "oklch(0.52 0.2 295)", onColour: "oklch(0.99 0 0)" },
};

/** Dark text on a light colour, light text on a dark one (relative luminance of `#rrggbb`). */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return luminance > 0.6 ? "oklch(0.2 0.02 260)" : "oklch(0.99 0 0)";
}

export function themeStyle(theme: string): CSSProperties | undefined {
  const named = NAMED[theme];
  const chosen = named ?? (/^#[0-9a-f]{6}$/i.test(theme) ? { colour: theme, onColour: textOn(theme) } : undefined);
  if (!chosen) return undefined;
  return {
    "--primary": chosen.colour,
    "--primary-foreground": chosen.onColour,
    "--ring": chosen.colour,
  } as CSSProperties;
}
