import type { Locrit } from "@locrit/protocol";
import { DEFAULT_MAX_MESSAGE_BYTES } from "@locrit/protocol/limits";
import { Link } from "react-router-dom";
import { useHealth } from "../../api/health.queries";
import { useSetLocritActive } from "../../api/locrits.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { toast } from "../../components/ui/toast-store";
import { errorMessage } from "../../lib/api-client";
import { locritPagePath } from "../../lib/use-locrit-name";
import { ChatComposer } from "./ChatComposer";
import { ChatMessageList } from "./ChatMessageList";
import { useExtractionOutcomes } from "./ExtractionNote";
import { turnFailureHints as errorHints } from "./turn-errors";
import { useChatSession } from "./use-chat-session";

/** One conversation: history plus the live reply, errors in words, and the composer. */
export function Conversation({ locrit, sessionId }: { locrit: Locrit; sessionId: string }) {
  const chat = useChatSession(locrit.name, sessionId);
  const extractions = useExtractionOutcomes(locrit.name, sessionId);
  const activate = useSetLocritActive();
  const maxBytes = useHealth().data?.limits?.max_message_bytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  return (
    <section aria-label="Conversation" className="flex min-h-0 min-w-0 flex-col gap-3">
      <QueryState isPending={false} error={chat.loadError} what="this conversation" />
      <ChatMessageList
        entries={chat.entries}
        loading={chat.loading}
        waiting={chat.waiting}
        locritName={locrit.name}
        welcome={locrit.public_page.welcome_message}
        turns={chat}
        extractions={extractions}
      />
      {locrit.memory_service === "disabled" && (
        <Alert tone="info" data-testid="chat-memory-disabled">
          Memory is off for {locrit.name}: this conversation is not stored and is gone after a reload.
        </Alert>
      )}
      {!locrit.active && (
        <Alert tone="warning" title={`${locrit.name} is inactive`}>
          <div className="flex flex-wrap items-center gap-2">
            It does not answer until it is activated.
            <Button
              size="sm"
              onClick={() =>
                activate.mutate(
                  { name: locrit.name, active: true },
                  { onError: (error) => toast.error(errorMessage(error)) },
                )
              }
              disabled={activate.isPending}
            >
              Activate {locrit.name}
            </Button>
          </div>
        </Alert>
      )}
      {chat.error && (
        <Alert
          tone="error"
          title={chat.error.code === "llm_unavailable" ? "The model server is not reachable" : "The reply failed"}
          data-testid="chat-error"
        >
          <p>{chat.error.message}</p>
          {errorHints[chat.error.code] && (
            <p className="mt-1">
              {errorHints[chat.error.code]}{" "}
              <Link className="underline" to={locritPagePath(locrit.name, "settings")}>
                Open settings
              </Link>
            </p>
          )}
        </Alert>
      )}
      <ChatComposer
        onSend={chat.send}
        onStop={chat.stop}
        busy={chat.streaming}
        disabled={!locrit.active}
        locritName={locrit.name}
        maxBytes={maxBytes}
        sentTooLarge={chat.error?.code === "message_too_large"}
      />
    </section>
  );
}
