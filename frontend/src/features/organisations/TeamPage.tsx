import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { plural } from "../../i18n";
import { useInviteMember, useMembers, useOrganisation, type Member } from "./queries";

/** "Mon équipe": the organisation's members, who is still invited, and the invitation form. */
export function TeamPage() {
  const { orgId = "" } = useParams();
  const org = useOrganisation(orgId).data;
  const query = useMembers(orgId);
  const { user } = useSession();
  usePageTitle(org ? `Mon équipe – ${org.name}` : "Mon équipe");
  const members = query.data ?? [];
  const joined = members.filter((m) => !m.pending);
  const pending = members.filter((m) => m.pending);

  return (
    <>
      <p>
        <Link className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")} to={`/espace?organisme=${orgId}`}>
          Mon espace organisme
        </Link>
      </p>
      <h1>Mon équipe</h1>
      {org && <p className={fr.cx("fr-text--lead")}>{org.name}</p>}
      <p>Vos collègues publient des offres, répondent aux candidatures et signent les conventions avec vous.</p>
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      <h2 className={fr.cx("fr-h4")}>Membres ({joined.length})</h2>
      {!query.data ? (
        !query.isError && <p aria-busy="true">Chargement…</p>
      ) : (
        <ul>
          {joined.map((m) => (
            <li key={m.user_id}>
              <MemberLine m={m} me={m.user_id === user?.id} />
            </li>
          ))}
        </ul>
      )}
      {pending.length > 0 && (
        <>
          <h2 className={fr.cx("fr-h4")}>{plural(pending.length, "invitation en attente", "invitations en attente")}</h2>
          <p>Ces personnes n'ont pas encore accepté : elles ne voient ni les offres ni les candidatures de l'organisme.</p>
          <ul>
            {pending.map((m) => (
              <li key={m.user_id}>
                <MemberLine m={m} me={false} />
              </li>
            ))}
          </ul>
        </>
      )}
      <InviteForm orgId={orgId} />
    </>
  );
}

function MemberLine({ m, me }: { m: Member; me: boolean }) {
  return (
    <>
      {m.first_name} {m.last_name}
      {me && " (vous)"}
      {m.email && <> · {m.email}</>}{" "}
      {m.pending ? (
        <Badge small severity="warning">
          Invitation envoyée
        </Badge>
      ) : !m.joined ? (
        <Badge small severity="info" noIcon>
          Jamais connecté
        </Badge>
      ) : null}
    </>
  );
}

function InviteForm({ orgId }: { orgId: string }) {
  const invite = useInviteMember(orgId);
  const empty = { first_name: "", last_name: "", email: "" };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const state = (f: string) => (errors[f] ? { state: "error" as const, stateRelatedMessage: errors[f] } : {});

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (invite.isPending) return;
    const { ok, error } = await attempt(invite.mutateAsync(form));
    if (ok) {
      setNotice({
        ok: true,
        text: `Invitation envoyée à ${form.email}. ${form.first_name || "Votre collègue"} rejoindra l'équipe en l'acceptant depuis son espace.`,
      });
      setErrors({});
      setForm(empty);
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  return (
    <section aria-labelledby="inviter" className={fr.cx("fr-mt-4w")}>
      <h2 id="inviter" className={fr.cx("fr-h4")}>
        Inviter un collègue
      </h2>
      <p>Il reçoit un e-mail (avec de quoi créer son mot de passe s'il n'a pas de compte) et rejoint l'équipe en acceptant l'invitation.</p>
      <NoticeAlert notice={notice} />
      <form onSubmit={submit} noValidate>
        <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
          <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
            <Input
              label="Prénom"
              nativeInputProps={{ name: "first_name", autoComplete: "off", value: form.first_name, onChange: set("first_name") }}
              {...state("first_name")}
            />
          </div>
          <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
            <Input
              label="Nom"
              nativeInputProps={{ name: "last_name", autoComplete: "off", value: form.last_name, onChange: set("last_name") }}
              {...state("last_name")}
            />
          </div>
          <div className={fr.cx("fr-col-12")}>
            <Input
              label="Adresse e-mail professionnelle"
              nativeInputProps={{ name: "email", type: "email", autoComplete: "off", value: form.email, onChange: set("email") }}
              {...state("email")}
            />
          </div>
        </div>
        <Button type="submit" disabled={invite.isPending} className={fr.cx("fr-mt-2w")}>
          Envoyer l'invitation
        </Button>
      </form>
    </section>
  );
}
