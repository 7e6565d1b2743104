import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { openBlob } from "../../api/files";
import { useFocusRescue } from "../../components/useFocusRescue";
import { useInlineForm } from "../../components/useInlineForm";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { formatDateFr } from "../../dates";
import { coverageLabels, de, type Grade } from "../../i18n";
import { currentSchoolYear } from "../schools/calendar";
import { ExternalInternshipForm } from "./ExternalInternshipForm";
import { ExternalInternshipCard, ScanUpload } from "./parts";
import {
  downloadExternalAgreement,
  useAttachAgreement,
  useDecideExternalInternship,
  usePupilWeeksForStaff,
  useRecordExternalInternship,
  useRemoveExternalInternship,
  useSchoolExternalInternships,
  type ExternalInternship,
} from "./queries";

type PupilRow = components["schemas"]["PupilRow"];

/** How the pupil's internship was found, beside their name in the school's lists. */
export function CoverageBadges({ row }: { row: Pick<PupilRow, "coverage" | "elsewhere_pending"> }) {
  return (
    <>
      {row.coverage === "platform" && (
        <Badge small noIcon severity="success" className={fr.cx("fr-ml-1w")}>
          {coverageLabels.platform}
        </Badge>
      )}
      {row.coverage === "elsewhere" && (
        <Badge small noIcon severity="success" className={fr.cx("fr-ml-1w")}>
          {coverageLabels.elsewhere}
        </Badge>
      )}
      {row.elsewhere_pending && (
        <Badge small noIcon severity="new" className={fr.cx("fr-ml-1w")}>
          Déclaration à valider
        </Badge>
      )}
    </>
  );
}

/** The reason a refusal needs, as the server counts it (the pupil reads it). */
export function reasonProblem(reason: string): string | null {
  const n = reason.trim().length;
  return n < 5 || n > 500 ? "Indiquez la raison pour l'élève (5 à 500 caractères)." : null;
}

/** Validate or refuse a pupil's declaration; refusing asks for the reason, which the pupil reads. */
function DecisionButtons({ uai, item, name, onNotice }: { uai: string; item: ExternalInternship; name: string; onNotice: (n: Notice) => void }) {
  const decide = useDecideExternalInternship(uai);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  // The buttons and the form swap places: the focus goes to the reason when it opens, back to
  // "Refuser" when it is cancelled ("Annuler" or Escape).
  const {
    open: refusing,
    show: openRefusal,
    cancel: cancelRefusal,
    close: closeRefusal,
    fieldRef: reasonField,
    openerRef: refuseButton,
    formProps,
  } = useInlineForm();

  async function validate() {
    const { ok, error: err } = await attempt(decide.mutateAsync({ id: item.id, pupilId: item.pupil_id, approved: true }));
    onNotice(
      ok
        ? { ok: true, text: `Stage ${de(name)} chez ${item.host_name} validé : il compte comme trouvé, et l'élève est prévenu.` }
        : { ok: false, text: errorMessage(err) },
    );
  }

  async function refuse(e: FormEvent) {
    e.preventDefault();
    if (decide.isPending) return;
    const problem = reasonProblem(reason);
    if (problem) return setError(problem);
    const { ok, error: err } = await attempt(decide.mutateAsync({ id: item.id, pupilId: item.pupil_id, approved: false, reason: reason.trim() }));
    if (ok) {
      closeRefusal();
      setReason("");
      setError(null);
      onNotice({ ok: true, text: `Déclaration ${de(name)} refusée : l'élève est prévenu et lit la raison.` });
    } else {
      setError(fieldErrors(err).reason ?? null);
      onNotice({ ok: false, text: errorMessage(err) });
    }
  }

  if (refusing) {
    return (
      <form onSubmit={refuse} noValidate aria-label={`Refuser la déclaration ${de(name)}`} {...formProps}>
        <Input
          textArea
          label="Raison du refus"
          hintText="L'élève la lit : par exemple, la semaine ne correspond pas, l'organisme ne peut pas accueillir d'élève de troisième."
          nativeTextAreaProps={{ ref: reasonField, name: "reason", rows: 3, maxLength: 500, value: reason, onChange: (e) => setReason(e.target.value) }}
          {...(error ? { state: "error" as const, stateRelatedMessage: error } : {})}
        />
        <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--sm")}>
          <li>
            <Button type="submit" size="small" disabled={decide.isPending}>
              Confirmer le refus
            </Button>
          </li>
          <li>
            <Button type="button" size="small" priority="tertiary" onClick={cancelRefusal}>
              Annuler
            </Button>
          </li>
        </ul>
      </form>
    );
  }
  return (
    <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--sm", "fr-btns-group--icon-left")}>
      <li>
        <Button size="small" iconId="fr-icon-check-line" onClick={validate} disabled={decide.isPending}>
          Valider<span className={fr.cx("fr-sr-only")}> le stage {de(name)}</span>
        </Button>
      </li>
      <li>
        <Button ref={refuseButton} size="small" priority="secondary" iconId="fr-icon-close-line" onClick={openRefusal}>
          Refuser<span className={fr.cx("fr-sr-only")}> le stage {de(name)}</span>
        </Button>
      </li>
    </ul>
  );
}

function DownloadScan({ uai, item, name, onNotice }: { uai: string; item: ExternalInternship; name: string; onNotice: (n: Notice) => void }) {
  if (!item.agreement_uploaded) return null;
  async function open() {
    const { ok, data, error } = await attempt(downloadExternalAgreement(uai, item.id));
    if (ok) openBlob(data);
    else onNotice({ ok: false, text: errorMessage(error) });
  }
  return (
    <p className={fr.cx("fr-mb-2w")}>
      <Button size="small" priority="tertiary" iconId="fr-icon-file-download-line" onClick={open}>
        Voir la convention signée<span className={fr.cx("fr-sr-only")}> {de(name)}</span>
      </Button>
    </p>
  );
}

/** The follow-up's list of declarations to answer, oldest first. */
export function ElsewhereToValidate({ uai, count }: { uai: string; count: number }) {
  const list = useSchoolExternalInternships(uai, "declared");
  const [notice, setNoticeState] = useState<Notice>(null);
  // A declaration answered leaves the list with its buttons: the focus goes to the outcome.
  const { rescueRef: noticeRef, expectFocusLoss } = useFocusRescue<HTMLDivElement>();
  const setNotice = (n: Notice) => {
    setNoticeState(n);
    if (n?.ok) expectFocusLoss();
  };
  const items = list.data ?? [];
  const n = list.data ? items.length : count;
  if (n === 0 && !notice) return null;
  // The last one answered: the section stays for the notice of that answer, but says in a few
  // words that nothing is left instead of a count of 0 and instructions for no one.
  const done = list.data !== undefined && items.length === 0;
  return (
    <section aria-labelledby="hors-plateforme-a-valider" className={fr.cx("fr-mt-4w")}>
      <h3 id="hors-plateforme-a-valider" className={fr.cx("fr-h5")}>
        Stages trouvés hors plateforme à valider{done ? "" : ` (${n})`}
      </h3>
      {done ? (
        <p className={fr.cx("fr-text--sm")}>Aucune déclaration à valider.</p>
      ) : (
        <p className={fr.cx("fr-text--sm")}>
          Des élèves ont trouvé leur stage par leur famille ou leurs proches. Vérifiez l'organisme et la semaine (et la convention signée si elle est jointe) :
          une fois validé, le stage compte comme trouvé.
        </p>
      )}
      <div ref={noticeRef} tabIndex={-1}>
        <NoticeAlert notice={notice} />
      </div>
      {list.isError && <p className={fr.cx("fr-error-text")}>{errorMessage(list.error)}</p>}
      {!list.data && !list.isError ? <p aria-busy="true">Chargement…</p> : null}
      {items.map((item) => {
        const name = item.pupil_name ?? "l'élève";
        return (
          <ExternalInternshipCard key={item.id} item={item} headingLevel={4} title={`${name}${item.class_name ? ` (${item.class_name})` : ""}`}>
            <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>
              Déclaré le {formatDateFr(item.declared_at.slice(0, 10))} ·{" "}
              <Link to={`/etablissement/${uai}/eleves/${item.pupil_id}`}>
                Voir la fiche<span className={fr.cx("fr-sr-only")}> {de(name)}</span>
              </Link>
            </p>
            <DownloadScan uai={uai} item={item} name={name} onNotice={setNotice} />
            <DecisionButtons uai={uai} item={item} name={name} onNotice={setNotice} />
          </ExternalInternshipCard>
        );
      })}
    </section>
  );
}

/** On a pupil's file: their internships found elsewhere (answer, scan, delete) and a form to
 *  record one the school already knows of (validated at once). */
export function PupilElsewhereSection({
  uai,
  pupilId,
  classId,
  grade,
  name,
}: {
  uai: string;
  pupilId: string;
  classId: string;
  /** The grade the pupil's file gives (the class's), when it has it. */
  grade?: Grade | null;
  name: string;
}) {
  const year = currentSchoolYear();
  const list = useSchoolExternalInternships(uai);
  const record = useRecordExternalInternship(uai, pupilId);
  const attach = useAttachAgreement(uai);
  const { weeks, seconde, ready } = usePupilWeeksForStaff(uai, year, classId, grade);
  const [notice, setNotice] = useState<Notice>(null);
  const [open, setOpen] = useState(false);
  const items = (list.data ?? []).filter((i) => i.pupil_id === pupilId);
  const kept = items.filter((i) => i.status !== "rejected");
  const needed = seconde ? 2 : 1;
  const weeksKept = kept.flatMap((i) => i.weeks).length;
  const freeWeeks = weeks?.filter((w) => !kept.some((i) => i.weeks.includes(w))) ?? null;

  async function submit(body: Parameters<typeof record.mutateAsync>[0], scan: File | null) {
    setNotice(null);
    const outcome = await attempt(record.mutateAsync(body));
    if (!outcome.ok) return outcome;
    setOpen(false);
    if (scan) {
      const sent = await attempt(attach.mutateAsync({ id: outcome.data.id, pupilId, file: scan }));
      if (!sent.ok) {
        setNotice({ ok: false, text: `Stage enregistré, mais la convention n'a pas pu être jointe : ${errorMessage(sent.error)}` });
        return outcome;
      }
    }
    setNotice({ ok: true, text: `Stage ${de(name)} chez ${body.host_name} enregistré : il compte comme trouvé, et l'élève est prévenu.` });
    return outcome;
  }

  return (
    <section aria-labelledby="stage-hors-plateforme" className={fr.cx("fr-mt-4w")}>
      <h2 id="stage-hors-plateforme" className={fr.cx("fr-h4")}>
        Stage trouvé hors plateforme
      </h2>
      <NoticeAlert notice={notice} />
      {list.isError ? <p className={fr.cx("fr-error-text")}>{errorMessage(list.error)}</p> : null}
      {!list.data && !list.isError ? (
        <p aria-busy="true">Chargement…</p>
      ) : items.length === 0 ? (
        <p>Aucun stage trouvé en dehors de Passerelle n'est enregistré pour cet élève.</p>
      ) : (
        items.map((item) => (
          <ExternalInternshipCard key={item.id} item={item}>
            <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>
              {item.declared_by_pupil ? "Déclaré par l'élève" : "Enregistré par l'établissement"} le {formatDateFr(item.declared_at.slice(0, 10))}
            </p>
            <DownloadScan uai={uai} item={item} name={name} onNotice={setNotice} />
            {item.status === "declared" && <DecisionButtons uai={uai} item={item} name={name} onNotice={setNotice} />}
            <StaffItemActions uai={uai} item={item} onNotice={setNotice} />
          </ExternalInternshipCard>
        ))
      )}
      {list.data && ready && weeksKept < needed && kept.length < 2 ? (
        seconde && weeks?.length === 0 ? (
          <p>Les semaines de stage de seconde ne sont pas encore fixées pour cette année : un stage pourra être enregistré dès qu'elles le seront.</p>
        ) : open ? (
          <>
            <h3 className={fr.cx("fr-h6")}>Enregistrer un stage trouvé hors plateforme</h3>
            <p className={fr.cx("fr-text--sm")}>
              L'élève a trouvé son stage par sa famille ou ses proches : enregistré ici, il compte tout de suite comme trouvé, et ses candidatures en cours sur
              les mêmes semaines sont retirées.
            </p>
            <ExternalInternshipForm
              voice="vous"
              weeks={freeWeeks}
              maxWeeks={needed - weeksKept}
              schoolYear={year}
              submitLabel="Enregistrer le stage"
              onSubmit={submit}
              onCancel={() => setOpen(false)}
            />
          </>
        ) : (
          <Button priority="secondary" iconId="fr-icon-add-line" onClick={() => setOpen(true)}>
            Enregistrer un stage trouvé hors plateforme
          </Button>
        )
      ) : null}
    </section>
  );
}

/** Attach or replace the scan, delete the record (typed by mistake, or the internship fell through). */
function StaffItemActions({ uai, item, onNotice }: { uai: string; item: ExternalInternship; onNotice: (n: Notice) => void }) {
  const attach = useAttachAgreement(uai);
  const remove = useRemoveExternalInternship(uai);
  const [confirming, setConfirming] = useState(false);

  async function upload(file: File) {
    const { ok, error } = await attempt(attach.mutateAsync({ id: item.id, pupilId: item.pupil_id, file }));
    onNotice(ok ? { ok: true, text: "Convention signée enregistrée." } : { ok: false, text: errorMessage(error) });
  }

  async function del() {
    const { ok, error } = await attempt(remove.mutateAsync({ id: item.id, pupilId: item.pupil_id }));
    setConfirming(false);
    onNotice(ok ? { ok: true, text: `Stage chez ${item.host_name} supprimé.` } : { ok: false, text: errorMessage(error) });
  }

  return (
    <>
      {item.status !== "rejected" && <ScanUpload uploaded={item.agreement_uploaded} busy={attach.isPending} send={upload} className={fr.cx("fr-my-2w")} />}
      {confirming ? (
        <div role="group" aria-label={`Supprimer le stage chez ${item.host_name}`}>
          <p className={fr.cx("fr-mb-1w")}>
            Supprimer ce stage et sa convention numérisée ?{item.status === "validated" ? " L'élève redevient sans stage dans le suivi." : ""}
          </p>
          <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline", "fr-btns-group--sm")}>
            <li>
              <Button size="small" onClick={del} disabled={remove.isPending}>
                Confirmer la suppression
              </Button>
            </li>
            <li>
              <Button size="small" priority="tertiary" onClick={() => setConfirming(false)}>
                Annuler
              </Button>
            </li>
          </ul>
        </div>
      ) : (
        <Button size="small" priority="tertiary" iconId="fr-icon-delete-line" onClick={() => setConfirming(true)}>
          Supprimer<span className={fr.cx("fr-sr-only")}> le stage chez {item.host_name}</span>
        </Button>
      )}
    </>
  );
}
