import { Button, type ButtonProps } from "./button";

/** A small borderless button showing only an icon: `label` names it for screen readers and as its tooltip. */
export function IconButton({ label, title, ...props }: Omit<ButtonProps, "variant" | "size"> & { label: string }) {
  return <Button variant="ghost" size="icon" aria-label={label} title={title ?? label} {...props} />;
}
