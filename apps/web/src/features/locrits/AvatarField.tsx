import type { Locrit } from "@locrit/protocol";
import { ImagePlus, Trash2 } from "lucide-react";
import { useRef } from "react";
import { useAvatar } from "../../api/avatars.queries";
import { LocritAvatar } from "../../components/LocritAvatar";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { errorMessage } from "../../lib/api-client";

/** What the server takes; it checks the bytes itself (and the 2 MB limit, by default). */
const ACCEPTED = "image/png,image/jpeg,image/webp,image/gif";

/** The Locrit's avatar with a preview: choose an image (uploaded at once) or remove it. */
export function AvatarField({ locrit }: { locrit: Locrit }) {
  const { upload, remove } = useAvatar(locrit.name);
  const input = useRef<HTMLInputElement>(null);
  const error = upload.error ?? remove.error;
  return (
    <div className="grid gap-2">
      <span className="text-sm font-medium" id="settings-avatar-label">
        Avatar
      </span>
      <div className="flex flex-wrap items-center gap-3">
        <LocritAvatar locrit={locrit} size="lg" />
        <input
          ref={input}
          id="settings-avatar"
          type="file"
          accept={ACCEPTED}
          className="sr-only"
          aria-labelledby="settings-avatar-label"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) upload.mutate(file);
            event.target.value = "";
          }}
        />
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={upload.isPending}
          onClick={() => input.current?.click()}
        >
          <ImagePlus aria-hidden /> {upload.isPending ? "Uploading…" : locrit.avatar ? "Change image" : "Upload image"}
        </Button>
        {locrit.avatar && (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
            aria-label="Remove avatar"
          >
            <Trash2 aria-hidden /> Remove
          </Button>
        )}
      </div>
      <p className="text-xs text-muted-foreground">
        PNG, JPEG, WebP or GIF, up to 2 MB. Shown in the chat and the lists.
      </p>
      {error && <Alert tone="error">{errorMessage(error)}</Alert>}
    </div>
  );
}
