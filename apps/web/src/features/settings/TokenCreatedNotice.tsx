import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Input } from "../../components/ui/input";

/**
 * Copies with the Clipboard API, else (a page served over plain HTTP beyond localhost has none) by
 * selecting the field and the browser's copy command. False when neither worked: the field stays
 * selected for the person to copy by hand.
 */
async function copyText(text: string, fieldId: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    (document.getElementById(fieldId) as HTMLInputElement | null)?.select();
    return document.execCommand("copy");
  }
}

/** The new token, in this answer only (it is stored hashed): a copy button and a plain warning. */
export function TokenCreatedNotice({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | undefined>();
  return (
    <Alert tone="warning" title={`Token “${name}” created`} data-testid="token-created">
      <div className="grid gap-2">
        <p>Copy it now: it is shown only this once. If it is lost, revoke it and create another.</p>
        <div className="flex gap-2">
          <Input
            id="new-token-value"
            readOnly
            value={token}
            aria-label="The new token"
            className="font-mono text-xs"
            data-testid="token-value"
            onFocus={(event) => event.target.select()}
          />
          <Button variant="outline" onClick={() => void copyText(token, "new-token-value").then(setCopied)}>
            {copied ? <Check aria-hidden /> : <Copy aria-hidden />} {copied ? "Copied" : "Copy"}
          </Button>
        </div>
        {copied === false && <p role="alert">The browser did not copy it: the token is selected, copy it by hand.</p>}
        <p>
          Send it as <code>Authorization: Bearer &lt;token&gt;</code>.
        </p>
        <div>
          <Button variant="outline" size="sm" onClick={onDone}>
            I have copied it
          </Button>
        </div>
      </div>
    </Alert>
  );
}
