import {
  DIALOGUE_MAX_SECONDS,
  DIALOGUE_MAX_TURNS,
  DIALOGUE_TOPIC_MAX_LENGTH,
  dialogueStyles,
  type DialogueStyle,
} from "@locrit/protocol";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { useStartDialogue } from "../../api/dialogues.queries";
import { useLocrits } from "../../api/locrits.queries";
import { QueryState } from "../../components/layout/QueryState";
import { LocritAvatar } from "../../components/LocritAvatar";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { Input, NativeSelect, Textarea } from "../../components/ui/input";
import { Field } from "../../components/ui/label";
import { errorMessage } from "../../lib/api-client";

const styleHints: Record<DialogueStyle, string> = {
  casual: "relaxed, short lines",
  formal: "precise, as in a meeting",
  debate: "each defends a position",
  creative: "imaginative, building on each other",
};

/** Pick two or more Locrits (in speaking order), a topic, a style and limits; starting opens the dialogue. */
export function StartDialogueForm() {
  const locrits = useLocrits();
  const start = useStartDialogue();
  const navigate = useNavigate();
  const [picked, setPicked] = useState<string[]>([]);
  const [topic, setTopic] = useState("");
  const [style, setStyle] = useState<DialogueStyle>("casual");
  const [maxTurns, setMaxTurns] = useState<number>(DIALOGUE_MAX_TURNS.default);
  const [maxSeconds, setMaxSeconds] = useState<number>(DIALOGUE_MAX_SECONDS.default);

  const toggle = (name: string) =>
    setPicked((current) => (current.includes(name) ? current.filter((one) => one !== name) : [...current, name]));
  const ready = picked.length >= 2 && topic.trim().length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    start.mutate(
      { participants: picked, topic: topic.trim(), style, max_turns: maxTurns, max_seconds: maxSeconds },
      { onSuccess: (dialogue) => void navigate(`/dialogues/${encodeURIComponent(dialogue.id)}`) },
    );
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Start a dialogue</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-4" aria-label="Start a dialogue">
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Participants (they speak in the order you pick them)</legend>
            <QueryState isPending={locrits.isPending} error={locrits.error} what="the Locrits" />
            {locrits.data?.length === 0 && (
              <p className="text-sm text-muted-foreground">Create at least two Locrits to let them talk.</p>
            )}
            <div className="flex flex-wrap gap-2">
              {locrits.data?.map((locrit) => {
                const order = picked.indexOf(locrit.name);
                return (
                  <label
                    key={locrit.name}
                    className="flex cursor-pointer items-center gap-2 rounded-md border px-2 py-1.5 text-sm has-[:checked]:border-primary has-[:checked]:bg-accent has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring"
                  >
                    <input
                      type="checkbox"
                      className="sr-only"
                      checked={order >= 0}
                      onChange={() => toggle(locrit.name)}
                      disabled={!locrit.active}
                    />
                    <LocritAvatar locrit={locrit} size="sm" />
                    <span>{locrit.name}</span>
                    {order >= 0 && (
                      <span className="rounded-full bg-primary px-1.5 text-xs text-primary-foreground">
                        {order + 1}
                      </span>
                    )}
                    {!locrit.active && <span className="text-xs text-muted-foreground">(inactive)</span>}
                  </label>
                );
              })}
            </div>
          </fieldset>
          <Field id="dialogue-topic" label="Topic">
            <Textarea
              id="dialogue-topic"
              value={topic}
              maxLength={DIALOGUE_TOPIC_MAX_LENGTH}
              rows={2}
              placeholder="What should they talk about?"
              onChange={(event) => setTopic(event.target.value)}
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="dialogue-style" label="Style" hint={styleHints[style]}>
              <NativeSelect
                id="dialogue-style"
                value={style}
                onChange={(event) => setStyle(event.target.value as DialogueStyle)}
              >
                {dialogueStyles.map((one) => (
                  <option key={one} value={one}>
                    {one}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <LimitField
              id="dialogue-turns"
              label="Turns at most"
              bounds={DIALOGUE_MAX_TURNS}
              value={maxTurns}
              onChange={setMaxTurns}
            />
            <LimitField
              id="dialogue-seconds"
              label="Seconds at most"
              bounds={DIALOGUE_MAX_SECONDS}
              value={maxSeconds}
              onChange={setMaxSeconds}
            />
          </div>
          {start.error && (
            <Alert tone="error" title="The dialogue did not start">
              {errorMessage(start.error)}
            </Alert>
          )}
          <div>
            <Button type="submit" disabled={!ready || start.isPending}>
              {start.isPending ? "Starting…" : "Start the dialogue"}
            </Button>
            {picked.length < 2 && (
              <span className="ml-3 text-sm text-muted-foreground">Pick at least two Locrits.</span>
            )}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

/** A number field within the protocol's bounds (the server checks them too). */
function LimitField(props: {
  id: string;
  label: string;
  bounds: { min: number; max: number };
  value: number;
  onChange: (value: number) => void;
}) {
  return (
    <Field id={props.id} label={props.label} hint={`${props.bounds.min}–${props.bounds.max}`}>
      <Input
        id={props.id}
        type="number"
        min={props.bounds.min}
        max={props.bounds.max}
        value={props.value}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
    </Field>
  );
}
