import type { ChatChunkEvent, ChatCompleteEvent, ChatResumeEvent, SocketErrorEvent } from "@locrit/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { memoryKeys, useSessionMessagePages } from "../../api/memory.queries";
import { ApiError } from "../../lib/api-client";
import { followHistory } from "../../lib/followed-histories";
import { refreshMemoryViews } from "../../lib/memory-refresh";
import { isFreshSession, markSessionUsed } from "../../lib/session-id";
import { getSocket } from "../../lib/socket-client";
import {
  applyChunk,
  applyComplete,
  applyResume,
  mergeEntries,
  type LiveReply,
  type PendingUser,
  type Replacing,
} from "./chat-reply";

export type { ChatEntry } from "./chat-reply";

export interface ChatError {
  code: string;
  message: string;
}

/**
 * One conversation: its stored history (REST) merged with the live reply (socket.io). Chunks are
 * applied in `seq` order, duplicates dropped; joining mid-reply starts from `chat_resume`. While a
 * turn is in flight the history is not refetched (the chunks say what changes; see
 * followed-histories): it is fetched once, when the turn ends.
 */
export function useChatSession(locritName: string, sessionId: string) {
  const client = useQueryClient();
  const [reply, setReply] = useState<LiveReply | null>(null);
  const [pendingUser, setPendingUser] = useState<PendingUser | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [replacing, setReplacing] = useState<Replacing>({});
  const inFlight = waiting || reply?.status === "streaming";
  // A conversation this tab just made has no history to ask for until its first turn is under way.
  const [stored, setStored] = useState(() => !isFreshSession(sessionId));
  const historyQuery = useSessionMessagePages(locritName, sessionId, 500, {
    refetchOnWindowFocus: !inFlight,
    enabled: stored,
  });
  const [error, setError] = useState<ChatError | null>(null);

  // A brand-new session has no stored history yet: that 404 is not an error.
  const notFound = historyQuery.error instanceof ApiError && historyQuery.error.code === "session_not_found";
  const history = useMemo(() => historyQuery.data?.pages.flatMap((page) => page.messages) ?? [], [historyQuery.data]);
  const historyRef = useRef(history);
  historyRef.current = history;
  const knownIds = () => new Set(historyRef.current.map((message) => message.id));

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = historyQuery;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Set synchronously from the handlers (not from an effect), so no memory event slips in between.
  const following = useRef<(() => void) | undefined>(undefined);
  const follow = useCallback(() => {
    following.current ??= followHistory(locritName, sessionId);
  }, [locritName, sessionId]);
  /** The turn ended (or is lost): let go of the history and fetch what was stored. */
  const settle = useCallback(() => {
    following.current?.();
    following.current = undefined;
    refreshMemoryViews(client, [memoryKeys.messages(locritName, sessionId)]);
  }, [client, locritName, sessionId]);

  useEffect(() => {
    setReply(null);
    setPendingUser(null);
    setWaiting(false);
    setError(null);
    setReplacing({});
    const socket = getSocket();
    const mine = (event: { locrit_name?: string; session_id?: string }) =>
      event.locrit_name === locritName && event.session_id === sessionId;
    const join = () => socket.emit("join_chat", { locrit_name: locritName, session_id: sessionId });
    // After a dropped connection, events may have been missed: start over from what is stored. A reply
    // still running comes back through `chat_resume`; one that ended meanwhile is in the history.
    // Memory events may have been missed too: every memory view of the Locrit is refreshed.
    const rejoin = () => {
      setWaiting(false);
      setReply(null);
      settle();
      refreshMemoryViews(client, [memoryKeys.all(locritName)]);
      join();
    };
    // A new conversation's history is first asked for when the turn ends: fetched while the reply is
    // being written, it would hold the reply as it was then.
    const chunk = (event: ChatChunkEvent) => {
      if (!mine(event)) return;
      follow();
      setWaiting(false);
      setReply((current) => applyChunk(current, event, knownIds));
    };
    const resume = (event: ChatResumeEvent) => {
      if (!mine(event)) return;
      follow();
      setWaiting(false);
      setReply((current) => applyResume(current, event, knownIds));
    };
    const complete = (event: ChatCompleteEvent) => {
      if (!mine(event)) return;
      setStored(true);
      setWaiting(false);
      setReply((current) => applyComplete(current, event, knownIds));
      settle();
    };
    const failed = (event: SocketErrorEvent) => {
      if (event.locrit_name && event.locrit_name !== locritName) return;
      if (event.session_id && event.session_id !== sessionId) return;
      setWaiting(false);
      setStored(true);
      setError({ code: event.code, message: event.message });
      // A regeneration that failed leaves the reply it was to replace; show it again.
      setReplacing({});
      setPendingUser((current) => (current ? { ...current, failed: true, errorCode: event.code } : current));
      setReply((current) => (current?.status === "streaming" ? { ...current, status: "incomplete" } : current));
      settle();
    };
    socket.on("connect", rejoin);
    socket.on("chat_chunk", chunk);
    socket.on("chat_resume", resume);
    socket.on("chat_complete", complete);
    socket.on("error", failed);
    if (socket.connected) join();
    return () => {
      socket.off("connect", rejoin);
      socket.off("chat_chunk", chunk);
      socket.off("chat_resume", resume);
      socket.off("chat_complete", complete);
      socket.off("error", failed);
      socket.emit("leave_chat", { locrit_name: locritName, session_id: sessionId });
      following.current?.();
      following.current = undefined;
    };
    // knownIds reads a ref; the handlers only need re-binding when the conversation changes.
  }, [client, locritName, sessionId, follow, settle]);

  /** Starts a turn: a new message, or one that regenerates, retries or edits (`regenerate_of`, `edit_of`). */
  const startTurn = useCallback(
    (
      request: { message?: string; regenerate_of?: string; edit_of?: string },
      shown: { pending?: string; replacing?: Replacing },
    ) => {
      const socket = getSocket();
      if (!socket.connected) {
        setError({
          code: "disconnected",
          message:
            "Not connected to the Locrit server; your message was not sent. It reconnects by itself: try again in a moment.",
        });
        return false;
      }
      setError(null);
      setReply(null);
      setWaiting(true);
      markSessionUsed(sessionId);
      setReplacing(shown.replacing ?? {});
      setPendingUser(shown.pending === undefined ? null : { content: shown.pending, knownIds: knownIds() });
      follow();
      socket.emit("chat_message", { locrit_name: locritName, session_id: sessionId, ...request, stream: true });
      return true;
    },
    [locritName, sessionId, follow],
  );
  const send = useCallback((text: string) => startTurn({ message: text }, { pending: text }), [startTurn]);
  /** A new answer to the last reply's question; the old reply stays as an alternative. */
  const regenerate = useCallback(
    (replyId: string) => startTurn({ regenerate_of: replyId }, { replacing: { cutFrom: replyId } }),
    [startTurn],
  );
  /** Answers a stored message whose turn failed, without sending it again. */
  const retry = useCallback(
    (messageId: string) => startTurn({ regenerate_of: messageId }, { replacing: { retrying: messageId } }),
    [startTurn],
  );
  /** Sends new words in place of a user message; what followed it is kept as a branch. */
  const edit = useCallback(
    (messageId: string, text: string) =>
      startTurn({ edit_of: messageId, message: text }, { pending: text, replacing: { cutFrom: messageId } }),
    [startTurn],
  );

  /** A stored message was deleted: the last turn's live copies must not stand in for it. */
  const forgetLive = useCallback(() => {
    setReply(null);
    setPendingUser(null);
  }, []);

  const stop = useCallback(() => {
    getSocket().emit("chat_stop", { locrit_name: locritName, session_id: sessionId });
  }, [locritName, sessionId]);

  const entries = useMemo(
    () => mergeEntries(history, pendingUser, reply, undefined, replacing),
    [history, pendingUser, reply, replacing],
  );

  return {
    entries,
    loading: stored && historyQuery.isPending,
    loadError: notFound ? null : historyQuery.error,
    waiting,
    streaming: inFlight,
    error,
    dismissError: () => setError(null),
    send,
    regenerate,
    retry,
    edit,
    forgetLive,
    stop,
  };
}
