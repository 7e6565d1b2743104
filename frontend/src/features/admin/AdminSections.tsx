import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { currentSchoolYear, weekKey, weeksOfSchoolYear } from "../schools/calendar";
import { NoticeAlert, Section, type Notice } from "../../components";
import { formatDateFr, weekText } from "../../dates";
import { useSaveSecondeWeeks, useSchoolYear } from "../campaigns/queries";
import { useDecideReport, useGrantDerogation, useOfferReports, useRestoreOffer, useWithdrawDerogation } from "./queries";

type Report = components["schemas"]["ReportResponse"];

const nextYear = () => {
  const y = Number(currentSchoolYear().slice(0, 4)) + 1;
  return `${y}-${y + 1}`;
};

/** Admins set the two national seconde weeks of a school year. */
export function SecondeWeeksSection() {
  const [year, setYear] = useState(currentSchoolYear());
  const info = useSchoolYear(year).data;
  const saveWeeks = useSaveSecondeWeeks(year);
  // The first week chosen, until then the one the year already has.
  const [picked, setFirst] = useState<{ year: string; week: string } | null>(null);
  const first = picked?.year === year ? picked.week : info?.seconde_weeks[0] ? weekKey(info.seconde_weeks[0]) : "";
  const [notice, setNotice] = useState<Notice>(null);
  const weeks = weeksOfSchoolYear(year);

  async function save(e: FormEvent) {
    e.preventDefault();
    const i = weeks.findIndex((w) => weekKey(w) === first);
    const pair = i >= 0 && i + 1 < weeks.length ? [weeks[i], weeks[i + 1]] : [];
    const { ok, error } = await attempt(saveWeeks.mutateAsync(pair));
    if (ok) {
      setNotice({ ok: true, text: `Semaines de seconde ${year} enregistrées.` });
    } else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
  }

  return (
    <Section id="semaines-seconde" title="Semaines nationales de seconde">
      <NoticeAlert notice={notice} />
      {info && (
        <p>
          {info.school_year} : {info.seconde_weeks.map(weekText).join(" et ")}{" "}
          {info.set_by_admin ? "(fixées par un administrateur)" : "(règle par défaut : les deux semaines finissant le dernier vendredi avant le 1er juillet)"}
        </p>
      )}
      <form onSubmit={save} className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Select label="Année scolaire" nativeSelectProps={{ value: year, onChange: (e) => setYear(e.target.value) }}>
            {[currentSchoolYear(), nextYear()].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-5")}>
          <Select label="Première des deux semaines" nativeSelectProps={{ value: first, onChange: (e) => setFirst({ year, week: e.target.value }) }}>
            <option value="">Choisir</option>
            {weeks.map((w) => (
              <option key={weekKey(w)} value={weekKey(w)}>
                {weekText(w)}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <Button type="submit" className={fr.cx("fr-mt-md-4w")}>
            Enregistrer
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** Admins' moderation queue: reported offers, hidden, kept or the host contacted. */
export function ModerationSection() {
  const query = useOfferReports();
  const reports = query.data?.items ?? (query.isError ? [] : undefined);
  const decideReport = useDecideReport();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const restoreOffer = useRestoreOffer();
  // The offer just hidden, to undo a decision taken too fast.
  const [hidden, setHidden] = useState<string | null>(null);

  async function decide(r: Report, decision: "hide" | "keep" | "contact") {
    const { ok, error } = await attempt(decideReport.mutateAsync({ reportId: r.id, decision, note: notes[r.id] ?? "" }));
    setHidden(ok && decision === "hide" ? r.offer_id : null);
    setNotice(
      ok
        ? { ok: true, text: decision === "hide" ? "Décision enregistrée : l'offre est masquée." : "Décision enregistrée." }
        : { ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) },
    );
  }

  async function undoHide(offerId: string) {
    const { ok, data, error } = await attempt(restoreOffer.mutateAsync(offerId));
    setHidden(null);
    setNotice(ok ? { ok: true, text: `L'offre « ${data.title} » est rétablie.` } : { ok: false, text: errorMessage(error) });
  }

  return (
    <Section id="moderation" title="Offres signalées">
      <NoticeAlert notice={notice} />
      {hidden && (
        <Button priority="secondary" size="small" className={fr.cx("fr-mb-2w")} onClick={() => undoHide(hidden)}>
          Annuler : rétablir l'offre masquée
        </Button>
      )}
      {!reports ? (
        <p aria-busy="true">Chargement…</p>
      ) : reports.length === 0 ? (
        <p>Aucun signalement en attente.</p>
      ) : (
        <ul className={fr.cx("fr-raw-list")}>
          {reports.map((r, i) => (
            <li key={r.id} className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
              <p className={fr.cx("fr-mb-1w")}>
                <Link to={`/offres/${r.offer_id}`}>Offre signalée n° {i + 1}</Link> le {formatDateFr(r.created_at)}
              </p>
              <p className={fr.cx("fr-mb-1w")}>Motif : {r.reason}</p>
              <Input
                label={`Message à l'organisme (signalement n° ${i + 1})`}
                nativeInputProps={{ value: notes[r.id] ?? "", onChange: (e) => setNotes({ ...notes, [r.id]: e.target.value }) }}
              />
              <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-btns-group--sm")}>
                <li>
                  <Button onClick={() => decide(r, "hide")}>
                    Masquer l'offre<span className={fr.cx("fr-sr-only")}> n° {i + 1}</span>
                  </Button>
                </li>
                <li>
                  <Button priority="secondary" onClick={() => decide(r, "contact")}>
                    Écrire à l'organisme<span className={fr.cx("fr-sr-only")}> n° {i + 1}</span>
                  </Button>
                </li>
                <li>
                  <Button priority="tertiary" onClick={() => decide(r, "keep")}>
                    Conserver<span className={fr.cx("fr-sr-only")}> l'offre n° {i + 1}</span>
                  </Button>
                </li>
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** Referents (of the school's territory) and admins open REP/REP+ offers to a non-REP school. */
export function DerogationSection() {
  const [uai, setUai] = useState("");
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<Notice>(null);
  const grantDerogation = useGrantDerogation();
  const withdrawDerogation = useWithdrawDerogation();

  async function grant(e: FormEvent) {
    e.preventDefault();
    const { ok, data, error } = await attempt(grantDerogation.mutateAsync({ uai: uai.trim().toUpperCase(), reason }));
    if (ok) setNotice({ ok: true, text: `Dérogation accordée à ${data.uai} : ses élèves voient les offres réservées à l'éducation prioritaire.` });
    else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
  }

  async function withdraw() {
    const { ok, error } = await attempt(withdrawDerogation.mutateAsync(uai.trim().toUpperCase()));
    setNotice(ok ? { ok: true, text: `Dérogation retirée pour ${uai.toUpperCase()}.` } : { ok: false, text: errorMessage(error) });
  }

  return (
    <Section id="derogations" title="Dérogations éducation prioritaire">
      <p>Un établissement hors REP peut voir les offres réservées aux élèves de REP et REP+ : la décision est enregistrée avec son auteur et sa date.</p>
      <NoticeAlert notice={notice} />
      <form onSubmit={grant}>
        <Input label="UAI de l'établissement" nativeInputProps={{ name: "uai", value: uai, onChange: (e) => setUai(e.target.value) }} />
        <Input textArea label="Motif" nativeTextAreaProps={{ name: "reason", rows: 2, value: reason, onChange: (e) => setReason(e.target.value) }} />
        <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
          <li>
            <Button type="submit">Accorder la dérogation</Button>
          </li>
          <li>
            <Button type="button" priority="secondary" onClick={withdraw}>
              Retirer la dérogation
            </Button>
          </li>
        </ul>
      </form>
    </Section>
  );
}
