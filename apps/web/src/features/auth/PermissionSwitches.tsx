import type { ReactNode } from "react";
import { SwitchRow } from "../locrits/SwitchRow";

/** A group of a Locrit's permission switches (`open_to` or `access_to`), each with its one-line explanation. */
export function PermissionSwitches<Key extends string>({
  legend,
  note,
  idPrefix,
  labels,
  explanations,
  values,
  onChange,
}: {
  legend: string;
  note?: ReactNode;
  idPrefix: string;
  labels: Record<Key, string>;
  explanations: Record<Key, string>;
  values: Record<Key, boolean>;
  onChange: (values: Record<Key, boolean>) => void;
}) {
  return (
    <fieldset className="grid gap-2 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      {note && <p className="text-xs text-muted-foreground sm:col-span-2">{note}</p>}
      {(Object.keys(labels) as Key[]).map((key) => (
        <div key={key} className="grid gap-1">
          <SwitchRow
            id={`settings-${idPrefix}-${key}`}
            label={labels[key]}
            checked={values[key]}
            onChange={(value) => onChange({ ...values, [key]: value })}
          />
          {/* Under the label: the switch is w-9 and the row's gap 3, so pl-12 lines the text up with the label. */}
          <p className="pl-12 text-xs text-muted-foreground" data-testid={`explain-${idPrefix}-${key}`}>
            {explanations[key]}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
