import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import { errorMessage, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, type Notice } from "../../components";
import { formatDateFr } from "../../dates";
import { plural } from "../../i18n";
import { AgreementLine } from "./status";
import { useAgreements, useSignBatch } from "./queries";
import { useMySchools } from "../schools/queries";

type AgreementSummary = components["schemas"]["AgreementSummary"];
type BatchSignResult = components["schemas"]["BatchSignResult"];

const open = (a: AgreementSummary) => a.status !== "signed" && a.status !== "cancelled";
const waitsForSchool = (a: AgreementSummary) => open(a) && a.waiting_for.includes("school");
/** Awaiting the school's signature (not its part: that is filled one by one). */
export const awaitsSchoolSignature = (a: AgreementSummary) => a.status === "to_sign" && a.waiting_for.includes("school");

/** Those the school must act on first, then the others, each group by start date. */
export function byUrgency(list: AgreementSummary[]): AgreementSummary[] {
  return [...list].sort((a, b) => Number(waitsForSchool(b)) - Number(waitsForSchool(a)) || a.starts_on.localeCompare(b.starts_on));
}

/** On the school's home: the agreements in progress, those awaiting the school first. */
export function SchoolAgreementsSummary({ uai }: { uai: string }) {
  const list = useAgreements().data?.filter((a) => a.school_uai === uai);
  // The school's signers (the principal, a delegate) read "À vous" where the school must act.
  const canSign = useMySchools().data?.find((s) => s.school.uai === uai)?.can_sign_agreements ?? false;
  if (!list || list.length === 0) return null;
  const current = byUrgency(list.filter(open));
  const forSchool = current.filter(waitsForSchool).length;
  const signed = list.filter((a) => a.status === "signed").length;
  return (
    <Section id="conventions-a-suivre" title="Conventions de stage">
      <p>
        {plural(current.length, "convention en cours", "conventions en cours")}, dont {forSchool} à traiter par l'établissement ·{" "}
        {plural(signed, "convention signée", "conventions signées")}.
      </p>
      {current.length > 0 ? (
        <ul className={fr.cx("fr-raw-list")}>
          {current.slice(0, 10).map((a) => (
            <li key={a.id} className={fr.cx("fr-mb-2w")}>
              <AgreementLine a={a} party={canSign ? "school" : null} />
            </li>
          ))}
        </ul>
      ) : null}
      <Link to={`/etablissement/${uai}/conventions`} className={fr.cx("fr-link", "fr-icon-arrow-right-line", "fr-link--icon-right")}>
        Toutes les conventions
      </Link>
    </Section>
  );
}

/** The school's signer signs many agreements at once: tick, read what will be signed, confirm;
 *  each agreement is signed at the text (hash) listed, and the result is told one by one. */
export function BatchSigning({ toSign }: { toSign: AgreementSummary[] }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [accepted, setAccepted] = useState(false);
  const [results, setResults] = useState<{ a: AgreementSummary; r: BatchSignResult }[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const sign = useSignBatch();
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const chosen = toSign.filter((a) => selected.includes(a.id));

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function confirm() {
    if (sign.isPending || chosen.length === 0) return;
    const { ok, data, error } = await attempt(sign.mutateAsync(chosen.map((a) => ({ agreement_id: a.id, document_hash: a.document_hash }))));
    setConfirming(false);
    setAccepted(false);
    if (!ok) return setNotice({ ok: false, text: errorMessage(error) });
    const byId = new Map(chosen.map((a) => [a.id, a]));
    const lines = data.flatMap((r) => {
      const a = byId.get(r.agreement_id);
      return a ? [{ a, r }] : [];
    });
    setResults(lines);
    setSelected([]);
    const done = data.filter((r) => r.signed).length;
    setNotice({
      ok: done === data.length,
      text:
        done === data.length
          ? `${plural(done, "convention signée", "conventions signées")} au nom de l'établissement.`
          : `${plural(done, "convention signée", "conventions signées")} sur ${data.length} : voyez le détail ci-dessous.`,
    });
  }

  return (
    <section aria-labelledby="signature-groupee" className={fr.cx("fr-mb-6w")}>
      <h3 id="signature-groupee" className={fr.cx("fr-h5")}>
        À signer par l'établissement ({toSign.length})
      </h3>
      <NoticeAlert notice={notice} />
      {results && results.length > 0 ? (
        <ul aria-label="Résultat de la signature groupée">
          {results.map(({ a, r }) => (
            <li key={a.id}>
              {a.pupil_name} · {a.offer_title} : {r.signed ? "signée" : `non signée — ${errorMessage(r.error)}`}
            </li>
          ))}
        </ul>
      ) : null}
      {toSign.length === 0 ? (
        <p>Aucune convention n'attend votre signature.</p>
      ) : (
        <>
          <Checkbox
            legend="Conventions prêtes à signer"
            hintText="Ouvrez une convention pour la lire en entier. Cochez celles que vous signez ensemble."
            options={[
              {
                label: "Tout sélectionner",
                nativeInputProps: {
                  name: "batch_all",
                  checked: selected.length === toSign.length,
                  onChange: (e) => setSelected(e.target.checked ? toSign.map((a) => a.id) : []),
                },
              },
              ...toSign.map((a) => ({
                label: (
                  <>
                    {a.pupil_name} · {a.offer_title} ({a.organisation_name}), du {formatDateFr(a.starts_on)} au {formatDateFr(a.ends_on)}
                  </>
                ),
                nativeInputProps: {
                  name: "batch_agreement",
                  value: a.id,
                  checked: selected.includes(a.id),
                  onChange: (e: { target: { checked: boolean } }) => setSelected(e.target.checked ? [...selected, a.id] : selected.filter((id) => id !== a.id)),
                },
              })),
            ]}
          />
          <ul className={fr.cx("fr-raw-list", "fr-mb-2w")}>
            {toSign.map((a) => (
              <li key={a.id} className={fr.cx("fr-text--sm", "fr-mb-0")}>
                <Link to={`/conventions/${a.id}`}>
                  Lire la convention<span className={fr.cx("fr-sr-only")}> {a.pupil_name}</span>
                </Link>{" "}
                de {a.pupil_name}
              </li>
            ))}
          </ul>
          {!confirming ? (
            <Button iconId="fr-icon-edit-line" disabled={chosen.length === 0} onClick={() => setConfirming(true)}>
              Signer la sélection{chosen.length > 0 ? ` (${chosen.length})` : ""}
            </Button>
          ) : (
            <Alert
              severity="warning"
              title={
                <span ref={confirmRef} tabIndex={-1}>
                  Confirmer la signature de {plural(chosen.length, "convention", "conventions")}
                </span>
              }
              description={
                <>
                  <p>Vous signez au nom de l'établissement, dans la version que vous avez pu lire, les conventions de :</p>
                  <ul>
                    {chosen.map((a) => (
                      <li key={a.id}>
                        {a.pupil_name} chez {a.organisation_name} ({a.offer_title}), du {formatDateFr(a.starts_on)} au {formatDateFr(a.ends_on)}
                      </li>
                    ))}
                  </ul>
                  <Checkbox
                    options={[
                      {
                        label: "J'ai lu ces conventions et je les accepte",
                        nativeInputProps: { checked: accepted, onChange: (e) => setAccepted(e.target.checked) },
                      },
                    ]}
                  />
                  <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
                    <li>
                      <Button onClick={confirm} disabled={!accepted || sign.isPending}>
                        Confirmer la signature
                      </Button>
                    </li>
                    <li>
                      <Button priority="secondary" onClick={() => setConfirming(false)}>
                        Annuler
                      </Button>
                    </li>
                  </ul>
                </>
              }
            />
          )}
        </>
      )}
    </section>
  );
}

const statusFilters: { value: string; label: string; keep: (a: AgreementSummary) => boolean }[] = [
  { value: "", label: "Toutes", keep: () => true },
  { value: "school", label: "À traiter par l'établissement", keep: waitsForSchool },
  { value: "open", label: "En cours", keep: open },
  { value: "signed", label: "Signées", keep: (a) => a.status === "signed" },
  { value: "cancelled", label: "Annulées", keep: (a) => a.status === "cancelled" },
];

/** The school's agreements: group signing for its signers, then the whole list, filtered. */
export function SchoolAgreementsSection({ uai, canSign }: { uai: string; canSign: boolean }) {
  const query = useAgreements();
  const [filter, setFilter] = useState("");
  const list = query.data?.filter((a) => a.school_uai === uai);
  const shown = list ? byUrgency(list.filter(statusFilters.find((f) => f.value === filter)?.keep ?? (() => true))) : [];
  return (
    <Section id="conventions" title="Conventions de stage">
      {query.isError ? <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} /> : null}
      {!list ? (
        <p aria-busy="true">Chargement…</p>
      ) : (
        <>
          {canSign ? <BatchSigning toSign={list.filter(awaitsSchoolSignature)} /> : null}
          <h3 className={fr.cx("fr-h5")}>Toutes les conventions</h3>
          {list.length === 0 ? (
            <p>Aucune convention pour l'instant : elle se crée quand un élève confirme son stage.</p>
          ) : (
            <>
              <Select label="Afficher" nativeSelectProps={{ name: "agreements_filter", value: filter, onChange: (e) => setFilter(e.target.value) }}>
                {statusFilters.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label} ({list.filter(f.keep).length})
                  </option>
                ))}
              </Select>
              <ul className={fr.cx("fr-raw-list")}>
                {shown.map((a) => (
                  <li key={a.id} className={fr.cx("fr-mb-2w")}>
                    <AgreementLine a={a} party={canSign ? "school" : null} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Section>
  );
}
