import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, type Notice } from "../../components";
import { AdminLayout } from "./AdminLayout";
import { ModerationSection } from "./AdminSections";
import { offerIdOf } from "./accounts";
import { useRestoreOffer } from "./queries";

/** The moderation queue, and hidden offers shown again. */
export function ModerationPage() {
  return (
    <AdminLayout title="Modération des offres">
      <ModerationSection />
      <RestoreOfferSection />
    </AdminLayout>
  );
}

function RestoreOfferSection() {
  const restore = useRestoreOffer();
  const [ref, setRef] = useState("");
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<Notice>(null);
  const [restored, setRestored] = useState<{ id: string; title: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const id = offerIdOf(ref);
    if (!id) return setError("Collez l'adresse de l'offre (…/offres/…) ou son identifiant.");
    setError(undefined);
    const { ok, data, error: err } = await attempt(restore.mutateAsync(id));
    if (ok) {
      setRef("");
      setRestored({ id: data.id, title: data.title });
      setNotice({ ok: true, text: `L'offre « ${data.title} » est de nouveau visible des élèves.` });
    } else {
      setRestored(null);
      setNotice({ ok: false, text: errorMessage(err) });
    }
  }

  return (
    <Section id="retablir" title="Rétablir une offre masquée">
      <p>Une offre masquée par erreur, ou corrigée par son organisme depuis, peut être rétablie : elle réapparaît dans la recherche.</p>
      <NoticeAlert notice={notice} />
      {restored && (
        <p>
          <Link to={`/offres/${restored.id}`}>Voir l'offre « {restored.title} »</Link>
        </p>
      )}
      <form onSubmit={submit} className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-grid-row--bottom")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-8")}>
          <Input
            label="Adresse ou identifiant de l'offre"
            hintText="Par exemple https://passerelle.gouv.fr/offres/0193… (lien du signalement ou du message à l'organisme)"
            state={error ? "error" : "default"}
            stateRelatedMessage={error}
            nativeInputProps={{ name: "offer", value: ref, onChange: (e) => setRef(e.target.value) }}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Button type="submit" className={fr.cx("fr-mb-3w")} disabled={restore.isPending}>
            Rétablir l'offre
          </Button>
        </div>
      </form>
    </Section>
  );
}
