import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, type Notice } from "../../components";
import { plural } from "../../i18n";
import { useMinistries } from "../offers/queries";
import { AdminLayout } from "./AdminLayout";
import { useCreateMinistry } from "./queries";

/** Admins keep the list of ministries public offers belong to (and their targets follow). */
export function MinistriesPage() {
  const ministries = useMinistries();
  const createMinistry = useCreateMinistry();
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<Notice>(null);
  const list = [...(ministries.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, "fr"));

  async function add(e: FormEvent) {
    e.preventDefault();
    const { ok, data, error: err } = await attempt(createMinistry.mutateAsync(name.trim()));
    if (ok) {
      setName("");
      setError(undefined);
      setNotice({ ok: true, text: `Ministère ajouté : ${data.name}.` });
    } else {
      setError(fieldErrors(err).name);
      setNotice({ ok: false, text: errorMessage(err) });
    }
  }

  return (
    <AdminLayout title="Ministères" lead="Les organismes publics se rattachent à un ministère ; chaque ministère peut avoir un objectif d'offres.">
      <NoticeAlert notice={notice} />
      <form onSubmit={add} className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-grid-row--bottom")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-8")}>
          <Input
            label="Nom du ministère à ajouter"
            hintText="Son nom officiel, par exemple « Ministère des Armées »"
            state={error ? "error" : "default"}
            stateRelatedMessage={error}
            nativeInputProps={{ name: "name", value: name, onChange: (e) => setName(e.target.value), required: true }}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Button type="submit" iconId="fr-icon-add-line" className={fr.cx("fr-mb-3w")} disabled={createMinistry.isPending}>
            Ajouter
          </Button>
        </div>
      </form>
      <Section id="liste-ministeres" title={ministries.data ? plural(list.length, "ministère", "ministères") : "Ministères"}>
        {!ministries.data ? (
          <p aria-busy="true">Chargement…</p>
        ) : (
          <ul>
            {list.map((m) => (
              <li key={m.id}>{m.name}</li>
            ))}
          </ul>
        )}
      </Section>
    </AdminLayout>
  );
}
