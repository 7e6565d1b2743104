import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { usePlatformStatusQuery } from "../../layouts/queries";
import { AdminLayout } from "./AdminLayout";
import { useSetPlatformMode } from "./queries";

type Mode = components["schemas"]["Mode"];

export const modeLabels: Record<Mode, string> = { normal: "Fonctionnement normal", read_only: "Lecture seule", maintenance: "Maintenance" };
const modeHints: Record<Mode, string> = {
  normal: "Tout le monde consulte et agit.",
  read_only: "Chacun consulte ses pages, personne ne peut rien modifier (candidatures, offres, conventions…). Un bandeau l'explique.",
  maintenance: "Le service est fermé : seuls les administrateurs peuvent se connecter. Les autres voient la page de maintenance.",
};

/** Admins switch the platform between normal, read-only and maintenance, after confirming. */
export function PlatformPage() {
  const status = usePlatformStatusQuery();
  const current = status.data?.mode;
  const setMode = useSetPlatformMode();
  const [chosen, setChosen] = useState<Mode | null>(null);
  const [message, setMessage] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mode = chosen ?? current ?? "normal";

  function ask(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    setConfirming(true);
  }

  async function apply() {
    const { ok, data, error } = await attempt(setMode.mutateAsync({ mode, message }));
    setConfirming(false);
    if (ok) {
      setErrors({});
      setChosen(null);
      setNotice({ ok: true, text: `La plateforme est maintenant en mode « ${modeLabels[data.mode]} ».` });
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  return (
    <AdminLayout title="Mode de la plateforme">
      <p>
        Mode actuel :{" "}
        {current ? (
          <Badge as="span" severity={current === "normal" ? "success" : current === "read_only" ? "warning" : "error"}>
            {modeLabels[current]}
          </Badge>
        ) : (
          "…"
        )}
        {status.data?.message ? ` – message affiché : « ${status.data.message} »` : ""}
      </p>
      <NoticeAlert notice={notice} />
      <form onSubmit={ask}>
        <RadioButtons
          legend="Nouveau mode"
          name="mode"
          options={(Object.keys(modeLabels) as Mode[]).map((m) => ({
            label: modeLabels[m] + (m === current ? " (actuel)" : ""),
            hintText: modeHints[m],
            nativeInputProps: {
              value: m,
              checked: mode === m,
              onChange: () => {
                setChosen(m);
                setConfirming(false);
              },
            },
          }))}
        />
        <Input
          textArea
          label="Message aux utilisateurs (facultatif)"
          hintText="Affiché sur la page de maintenance ou dans le bandeau de lecture seule : par exemple l'heure de retour prévue."
          state={errors.message ? "error" : "default"}
          stateRelatedMessage={errors.message}
          nativeTextAreaProps={{ rows: 2, maxLength: 500, value: message, onChange: (e) => setMessage(e.target.value) }}
        />
        {!confirming && (
          <Button type="submit" disabled={!current || (mode === current && message === (status.data?.message ?? ""))}>
            Changer de mode…
          </Button>
        )}
      </form>
      {confirming && (
        <Alert
          severity="warning"
          title={`Passer en mode « ${modeLabels[mode]} » ?`}
          className={fr.cx("fr-mt-2w")}
          description={
            <>
              <span className={fr.cx("fr-mb-2w")}>{modeHints[mode]} Le changement s'applique à tous dans les secondes qui suivent.</span>
              <span className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-mt-2w")}>
                <Button onClick={apply} disabled={setMode.isPending}>
                  Confirmer : {modeLabels[mode].toLowerCase()}
                </Button>
                <Button priority="tertiary" onClick={() => setConfirming(false)}>
                  Annuler
                </Button>
              </span>
            </>
          }
        />
      )}
    </AdminLayout>
  );
}
