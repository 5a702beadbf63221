import { useEffect, useRef, useState } from "react";

import { classNames } from "./class-names";
import { Textarea, type TextareaProps } from "./textarea";

export interface CharacterCountProps extends TextareaProps {
  /** The most characters the server keeps. */
  maxLength: number;
}

/** How long the count waits after the last keystroke before a screen reader hears it (GOV.UK waits too). */
const ANNOUNCE_DELAY_MS = 1000;

function remainingText(count: number, maxLength: number): string {
  const left = maxLength - count;
  const number = (value: number) => value.toLocaleString("en-GB");
  if (left >= 0) return `You have ${number(left)} ${left === 1 ? "character" : "characters"} remaining`;
  return `You have ${number(-left)} ${left === -1 ? "character" : "characters"} too many`;
}

/**
 * GOV.UK Frontend's character count, done in React (the app does not run GOV.UK Frontend's own
 * scripts). The server renders the limit as a hint ("You can enter up to 20,000 characters"), which
 * is all a browser without JavaScript shows; once hydrated, that hint is kept for screen readers
 * only and a live count takes its place, announced politely a moment after typing stops. The limit
 * is not enforced in the browser (no `maxlength`): a person may paste and then trim, and the server
 * says what is too long.
 */
export function CharacterCount({ maxLength, describedBy, className, ...textarea }: CharacterCountProps) {
  const id = textarea.id ?? textarea.name;
  const infoId = `${id}-info`;
  const [count, setCount] = useState(textarea.defaultValue?.length ?? 0);
  const [announced, setAnnounced] = useState(() => remainingText(textarea.defaultValue?.length ?? 0, maxLength));
  const [scripted, setScripted] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    setScripted(true);
    return () => window.clearTimeout(timer.current);
  }, []);
  const over = count > maxLength;
  const onInput = (event: React.FormEvent<HTMLTextAreaElement>) => {
    const length = event.currentTarget.value.length;
    setCount(length);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setAnnounced(remainingText(length, maxLength)), ANNOUNCE_DELAY_MS);
  };

  return (
    <Textarea
      {...textarea}
      // GOV.UK's character count: the info message is read after the hint and error.
      describedBy={classNames(describedBy, infoId)}
      className={classNames("govuk-js-character-count", className)}
      overLimit={over}
      formGroupClassName="govuk-character-count"
      onInput={onInput}
      after={
        <>
          <div id={infoId} className={classNames("govuk-hint", "govuk-character-count__message", scripted && "govuk-visually-hidden")}>
            You can enter up to {maxLength.toLocaleString("en-GB")} characters
          </div>
          {scripted ? (
            <>
              <div
                className={classNames(
                  "govuk-character-count__message",
                  "govuk-character-count__status",
                  over ? "govuk-error-message" : "govuk-hint",
                )}
                aria-hidden="true"
              >
                {remainingText(count, maxLength)}
              </div>
              <div className="govuk-character-count__sr-status govuk-visually-hidden" aria-live="polite">
                {announced}
              </div>
            </>
          ) : null}
        </>
      }
    />
  );
}
