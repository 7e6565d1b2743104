import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import type { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import type { Outcome } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { plural } from "../../i18n";
import { focusNotice, panelStyle } from "./DirectorySearch";

/** What the back office's directory pages (organisations, schools) share around their results:
 *  one row at a time is corrected or chosen as a duplicate; closing a form gives the focus back
 *  to the button that opened it; a finished action says so in the page's message. */
export function useDirectoryTask<T>(noticeId: string) {
  const [notice, setNotice] = useState<Notice>(null);
  const [editing, setEditing] = useState<T | null>(null);
  const [duplicate, setDuplicate] = useState<T | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  return {
    notice,
    editing,
    duplicate,
    clearNotice: () => setNotice(null),
    edit(item: T, button: HTMLButtonElement) {
      opener.current = button;
      setDuplicate(null);
      setEditing(item);
    },
    chooseDuplicate(item: T, button: HTMLButtonElement) {
      opener.current = button;
      setEditing(null);
      setDuplicate(item);
    },
    cancel() {
      setEditing(null);
      setDuplicate(null);
      window.setTimeout(() => opener.current?.focus(), 0);
    },
    done(text: string) {
      setEditing(null);
      setDuplicate(null);
      setNotice({ ok: true, text });
      focusNotice(noticeId);
    },
  };
}

/** The page's message, the search's failure or progress, and how many rows it found. */
export function DirectoryStatus({
  noticeId,
  notice,
  q,
  found,
  failure,
  nouns,
}: {
  noticeId: string;
  notice: Notice;
  q: string;
  found: unknown[] | undefined;
  failure: unknown;
  /** e.g. ["organisme", "organisme trouvé", "organismes trouvés"] */
  nouns: [string, string, string];
}) {
  return (
    <>
      <div id={noticeId} tabIndex={-1} style={{ outline: "none" }}>
        <NoticeAlert notice={notice} />
      </div>
      {failure != null && <NoticeAlert notice={{ ok: false, text: errorMessage(failure) }} />}
      {q && !found && failure == null && <p aria-busy="true">Recherche en cours…</p>}
      {found && (
        <p role="status">
          {found.length === 0
            ? `Aucun ${nouns[0]} ne correspond à « ${q} ».`
            : `${plural(found.length, nouns[1], nouns[2])}${found.length >= 50 ? " (les 50 premiers : précisez la recherche)" : ""}.`}
        </p>
      )}
    </>
  );
}

/** A row's two actions, next to its name (on a phone the table scrolls sideways, they stay in
 *  view); the buttons' hidden words stay within the scrolling table, not beyond the screen. */
export function RowActions({
  correct,
  merge,
  onCorrect,
  onMerge,
}: {
  correct: ReactNode;
  merge: ReactNode | null;
  onCorrect: (button: HTMLButtonElement) => void;
  onMerge: (button: HTMLButtonElement) => void;
}) {
  return (
    <ul className={fr.cx("fr-btns-group", "fr-btns-group--sm", "fr-btns-group--inline")} style={{ position: "relative" }}>
      <li>
        <Button priority="secondary" onClick={(e) => onCorrect(e.currentTarget)}>
          {correct}
        </Button>
      </li>
      {merge != null && (
        <li>
          <Button priority="tertiary" onClick={(e) => onMerge(e.currentTarget)}>
            {merge}
          </Button>
        </li>
      )}
    </ul>
  );
}

type Modal = ReturnType<typeof createModal>;

/** Merging a duplicate into the row kept: the kept one picked among the search's results, then
 *  a confirmation that says what moves and that it cannot be undone. */
export function MergePanel<T>({
  modal,
  headingId,
  heading,
  intro,
  candidates,
  keyOf,
  option,
  texts,
  warning,
  pending,
  merge,
  onDone,
  onCancel,
}: {
  modal: Modal;
  headingId: string;
  heading: string;
  intro: ReactNode;
  candidates: T[];
  keyOf: (item: T) => string;
  option: (item: T) => { label: string; hintText: string };
  texts: {
    /** The radio group's legend and name, the message when none is chosen, the empty results. */
    legend: string;
    name: string;
    choose: string;
    none: string;
    /** The button, the confirmation's title and its button, what the confirmation says without a choice. */
    action: string;
    title: string;
    confirm: string;
    fallback: string;
  };
  warning: (kept: T) => ReactNode;
  pending: boolean;
  /** Runs the merge; its message on success, for the page. */
  merge: (kept: T) => Promise<Outcome<string>>;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const [keptKey, setKeptKey] = useState("");
  const kept = candidates.find((c) => keyOf(c) === keptKey);
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const open = useIsModalOpen(modal, {
    onConceal: () => {
      if (opener.current?.isConnected) opener.current.focus();
    },
  });

  function ask(button: HTMLButtonElement) {
    if (!kept) return setError(texts.choose);
    setError(undefined);
    setFailure(null);
    opener.current = button;
    modal.open();
  }

  async function confirm() {
    if (!kept) return;
    const outcome = await merge(kept);
    modal.close();
    if (outcome.ok) {
      opener.current = null;
      onDone(outcome.data);
    } else {
      setError(fieldErrors(outcome.error).into);
      setFailure(errorMessage(outcome.error));
    }
  }

  return (
    <section aria-labelledby={headingId} className={fr.cx("fr-mt-4w", "fr-p-3w")} style={panelStyle}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className={fr.cx("fr-h4")}>
        {heading}
      </h2>
      <p>{intro}</p>
      <NoticeAlert notice={failure ? { ok: false, text: failure } : null} />
      {candidates.length === 0 ? (
        <Alert severity="info" small description={texts.none} className={fr.cx("fr-mb-2w")} />
      ) : (
        <RadioButtons
          legend={texts.legend}
          name={texts.name}
          state={error ? "error" : "default"}
          stateRelatedMessage={error}
          options={candidates.map((c) => ({
            ...option(c),
            nativeInputProps: { value: keyOf(c), checked: keptKey === keyOf(c), onChange: () => setKeptKey(keyOf(c)) },
          }))}
        />
      )}
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm")}>
        <li>
          <Button onClick={(e) => ask(e.currentTarget)} disabled={candidates.length === 0}>
            {texts.action}…
          </Button>
        </li>
        <li>
          <Button priority="secondary" onClick={onCancel}>
            Annuler
          </Button>
        </li>
      </ul>
      <modal.Component
        title={texts.title}
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: texts.confirm, doClosesModal: false, onClick: confirm, disabled: pending },
        ]}
      >
        {kept && open ? warning(kept) : <p>{texts.fallback}</p>}
      </modal.Component>
    </section>
  );
}
