import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useState } from "react";
import { Link } from "react-router-dom";
import { errorMessage, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { PageSkeleton } from "../../components/PageSkeleton";
import { gradeLabels } from "../../i18n";
import { useMyApplications } from "../applications/queries";
import { useMyPupilProfile } from "../pupils/queries";
import { currentSchoolYear } from "../schools/calendar";
import { ExternalInternshipForm } from "./ExternalInternshipForm";
import { ExternalInternshipCard, ScanUpload, weeksText } from "./parts";
import {
  useAttachMyAgreement,
  useDeclareExternalInternship,
  useMyExternalInternships,
  useWithdrawExternalInternship,
  type ExternalInternship,
} from "./queries";

type Profile = components["schemas"]["MyPupilProfile"];

/** How many weeks the pupil's internship lasts, as their profile says (1 in collège, 2 in
 *  seconde); null before they have a class. */
const weeksExpected = (me: Profile): number | null => me.weeks_needed ?? null;

/** "En seconde, ton stage dure deux semaines.", or null while unknown. */
export function weeksSentence(me: Profile): string | null {
  const n = weeksExpected(me);
  if (!n) return null;
  const length = n === 1 ? "une semaine" : n === 2 ? "deux semaines" : `${n} semaines`;
  return me.class ? `En ${gradeLabels[me.class.grade].toLowerCase()}, ton stage dure ${length}.` : `Ton stage dure ${length}.`;
}

/** The pupil's internship found outside Passerelle (family, network): they declare it, attach
 *  the signed agreement, follow the school's answer, and withdraw it while it is not validated. */
export function ExternalInternshipPage() {
  usePageTitle("Mon stage trouvé en dehors de Passerelle");
  const { data: me } = useMyPupilProfile();
  const enrolled = !!me?.class && me.join_status === "active";
  const list = useMyExternalInternships(enrolled);
  const applications = useMyApplications();
  const declare = useDeclareExternalInternship();
  const attach = useAttachMyAgreement();
  const [notice, setNotice] = useState<Notice>(null);
  const [formOpen, setFormOpen] = useState(false);

  if (!me || (enrolled && (list.isPending || applications.isPending))) return <PageSkeleton />;
  const items = list.data ?? [];
  // Unknown only before a class, when there is nothing to declare yet.
  const needed = weeksExpected(me) ?? 1;
  const kept = items.filter((i) => i.status !== "rejected");
  // Weeks already taken: by declarations kept, and by internships confirmed on Passerelle.
  const platformWeeks = (applications.data ?? []).filter((a) => a.status === "confirmed").flatMap((a) => a.weeks);
  const taken = [...kept.flatMap((i) => i.weeks), ...platformWeeks];
  const weeksKept = taken.length;
  const validated = items.filter((i) => i.status === "validated");
  const found = validated.flatMap((i) => i.weeks).length >= needed;
  const canDeclare = enrolled && weeksKept < needed && kept.length < 2;
  // The pupil's internship weeks, as the API checks a declaration against them. None set: a
  // collège's pupil gives any week of the school year (the API takes it); in seconde none can be
  // taken until the national weeks are set.
  const weeks = me.internship_weeks;
  const anyWeek = weeks.length === 0 && needed === 1;
  const noWeekYet = weeks.length === 0 && !anyWeek;
  const freeWeeks = weeks.filter((w) => !taken.includes(w));

  async function submit(body: Parameters<typeof declare.mutateAsync>[0], scan: File | null) {
    setNotice(null);
    const outcome = await attempt(declare.mutateAsync(body));
    if (!outcome.ok) return outcome;
    setFormOpen(false);
    if (scan) {
      const sent = await attempt(attach.mutateAsync({ id: outcome.data.id, file: scan }));
      if (!sent.ok) {
        setNotice({
          ok: false,
          text: `Ta déclaration est envoyée, mais la convention n'a pas pu être jointe : ${errorMessage(sent.error)} Réessaie ci-dessous.`,
        });
        return outcome;
      }
    }
    setNotice({ ok: true, text: "Ta déclaration est envoyée à ton établissement : il va la vérifier puis la valider." });
    return outcome;
  }

  return (
    <>
      <nav className={fr.cx("fr-breadcrumb")} aria-label="vous êtes ici :">
        <ol className={fr.cx("fr-breadcrumb__list")}>
          <li>
            <Link className={fr.cx("fr-breadcrumb__link")} to="/espace">
              Mon espace élève
            </Link>
          </li>
          <li>
            {/* eslint-disable-next-line jsx-a11y/anchor-is-valid -- the DSFR breadcrumb marks the current page as a link without href */}
            <a className={fr.cx("fr-breadcrumb__link")} aria-current="page">
              Stage trouvé en dehors de Passerelle
            </a>
          </li>
        </ol>
      </nav>
      <h1>Mon stage trouvé en dehors de Passerelle</h1>
      <p>
        Tu as trouvé ton stage grâce à ta famille, à des proches ou à ton établissement, sans passer par Passerelle ? Déclare-le ici : ton professeur principal
        ou ton chef d'établissement le vérifie puis le valide. Une fois validé, ton stage compte comme trouvé.
      </p>
      <NoticeAlert notice={notice} />
      {!enrolled ? (
        <Alert
          severity="info"
          small
          description="Rejoins d'abord ta classe depuis ton espace : c'est ton établissement qui valide ton stage."
          className={fr.cx("fr-mb-2w")}
        />
      ) : null}
      {found ? (
        <Alert
          severity="success"
          title="Ton stage est trouvé"
          description={`Ton établissement a validé ton stage chez ${validated.map((v) => v.host_name).join(" et ")} (${weeksText(validated.flatMap((v) => v.weeks))}).`}
          className={fr.cx("fr-mb-3w")}
        />
      ) : null}

      {enrolled && platformWeeks.length >= needed && kept.length === 0 ? (
        <Alert severity="info" small description="Ton stage est déjà confirmé sur Passerelle : tu n'as rien à déclarer ici." className={fr.cx("fr-mb-2w")} />
      ) : null}
      {items.length > 0 && (
        <section aria-labelledby="mes-declarations" className={fr.cx("fr-mt-4w")}>
          <h2 id="mes-declarations" className={fr.cx("fr-h4")}>
            {items.length > 1 ? "Mes déclarations" : "Ma déclaration"}
          </h2>
          {items.map((item) => (
            <ExternalInternshipCard key={item.id} item={item}>
              <MyItemActions item={item} onNotice={setNotice} />
            </ExternalInternshipCard>
          ))}
        </section>
      )}

      {canDeclare && (
        <section aria-labelledby="declarer" className={fr.cx("fr-mt-4w")}>
          <h2 id="declarer" className={fr.cx("fr-h4")}>
            {weeksKept > 0 ? "Déclarer ma deuxième semaine" : items.length > 0 ? "Déclarer un autre stage" : "Déclarer mon stage"}
          </h2>
          {weeksSentence(me) && <p>{weeksSentence(me)}</p>}
          {noWeekYet ? (
            <Alert
              severity="info"
              small
              description="Les semaines de stage de seconde ne sont pas encore fixées pour cette année : tu pourras déclarer ton stage dès qu'elles le seront."
              className={fr.cx("fr-mb-2w")}
            />
          ) : items.length > 0 && !formOpen ? (
            <Button priority="secondary" iconId="fr-icon-add-line" onClick={() => setFormOpen(true)}>
              J'ai trouvé un stage en dehors de Passerelle
            </Button>
          ) : (
            <>
              <ul className={fr.cx("fr-mb-3w")}>
                <li>Donne le nom et l'adresse de l'organisme qui t'accueille, et {needed > 1 ? "les semaines" : "la semaine"} de ton stage.</li>
                <li>Ton établissement vérifie ta déclaration puis la valide : tu seras prévenu de sa réponse.</li>
                <li>Si tu as déjà la convention de stage signée, joins-la (scan ou photo). Sinon, tu pourras l'ajouter plus tard.</li>
              </ul>
              {anyWeek && (
                <p>Ton établissement n'a pas fixé de semaine de stage pour ta classe : choisis la semaine où tu fais ton stage, pendant l'année scolaire.</p>
              )}
              <ExternalInternshipForm
                voice="tu"
                weeks={anyWeek ? null : freeWeeks}
                maxWeeks={needed - weeksKept}
                schoolYear={me.class?.school_year ?? currentSchoolYear()}
                submitLabel="Envoyer ma déclaration"
                onSubmit={submit}
                onCancel={items.length > 0 ? () => setFormOpen(false) : undefined}
              />
            </>
          )}
        </section>
      )}
      <p className={fr.cx("fr-mt-4w")}>
        <Link className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")} to="/espace">
          Retour à mon espace
        </Link>
      </p>
    </>
  );
}

/** What the pupil may do with a declaration not validated yet: attach the scan, withdraw it. */
function MyItemActions({ item, onNotice }: { item: ExternalInternship; onNotice: (n: Notice) => void }) {
  const attach = useAttachMyAgreement();
  const withdraw = useWithdrawExternalInternship();
  const [confirming, setConfirming] = useState(false);
  if (item.status === "validated") return null;

  async function upload(file: File) {
    const { ok, error } = await attempt(attach.mutateAsync({ id: item.id, file }));
    onNotice(ok ? { ok: true, text: "Ta convention signée est jointe à ta déclaration." } : { ok: false, text: errorMessage(error) });
  }

  async function remove() {
    const { ok, error } = await attempt(withdraw.mutateAsync(item.id));
    setConfirming(false);
    onNotice(ok ? { ok: true, text: `Ta déclaration du stage chez ${item.host_name} est retirée.` } : { ok: false, text: errorMessage(error) });
  }

  return (
    <>
      {item.status === "declared" && <ScanUpload uploaded={item.agreement_uploaded} busy={attach.isPending} send={upload} className={fr.cx("fr-mb-2w")} />}
      {confirming ? (
        <div role="group" aria-label={`Retirer la déclaration du stage chez ${item.host_name}`}>
          <p className={fr.cx("fr-mb-1w")}>Retirer cette déclaration ? Ton établissement ne la verra plus.</p>
          <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline", "fr-btns-group--sm")}>
            <li>
              <Button size="small" onClick={remove} disabled={withdraw.isPending}>
                Confirmer le retrait
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
          {item.status === "rejected" ? "Supprimer cette déclaration" : "Retirer ma déclaration"}
        </Button>
      )}
    </>
  );
}
