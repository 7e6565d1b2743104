import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type Me, type Role } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { formatDateTimeFr } from "../../dates";
import { plural, roleLabels, scopeKindLabels, staffFunctionLabels } from "../../i18n";
import { AdminLayout } from "./AdminLayout";
import { accountBadges, isLocked } from "./accounts";
import { useAdminUsers, useReactivateUser, useResetTotp, useSuspendUser, type UserFilter } from "./queries";

const fullName = (u: Me) => `${u.first_name} ${u.last_name}`;

/** Admins find a person by a piece of name, e-mail or phone, and act on the account. */
export function AccountsPage() {
  const [text, setText] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [filter, setFilter] = useState<UserFilter>({ page: 1 });
  const query = useAdminUsers(filter);
  const list = query.data;
  const [notice, setNotice] = useState<Notice>(null);
  const pages = list ? Math.max(1, Math.ceil(list.total / list.per_page)) : 1;

  function search(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    setFilter({ q: text.trim() || undefined, role: role || undefined, page: 1 });
  }

  return (
    <AdminLayout title="Comptes">
      <p>
        <Button priority="secondary" iconId="fr-icon-user-add-line" linkProps={{ to: "/admin/comptes/nouveau" }}>
          Créer un compte de référent ou d'administrateur
        </Button>
      </p>
      <form role="search" onSubmit={search} className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-grid-row--bottom")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
          <Input
            label="Rechercher une personne"
            hintText="Une partie du nom, de l'adresse e-mail ou du numéro de mobile"
            nativeInputProps={{ type: "search", name: "q", value: text, onChange: (e) => setText(e.target.value) }}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <Select label="Rôle" nativeSelectProps={{ value: role, onChange: (e) => setRole(e.target.value as Role | "") }}>
            <option value="">Tous les rôles</option>
            {(Object.keys(roleLabels) as Role[]).map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <Button type="submit" iconId="fr-icon-search-line" className={fr.cx("fr-mb-md-3w")}>
            Rechercher
          </Button>
        </div>
      </form>
      <div className={fr.cx("fr-mt-2w")}>
        <NoticeAlert notice={notice} />
      </div>
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      {!list ? (
        !query.isError && <p aria-busy="true">Chargement…</p>
      ) : (
        <>
          <p role="status">
            {list.total === 0
              ? "Aucun compte ne correspond à cette recherche."
              : `${plural(list.total, "compte trouvé", "comptes trouvés")}${pages > 1 ? ` (page ${list.page} sur ${pages})` : ""}.`}
          </p>
          <ul className={fr.cx("fr-raw-list")}>
            {list.items.map((u) => (
              <AccountCard key={u.id} user={u} onDone={setNotice} />
            ))}
          </ul>
          {pages > 1 && (
            <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm")}>
              <li>
                <Button priority="secondary" disabled={list.page <= 1} onClick={() => setFilter({ ...filter, page: list.page - 1 })}>
                  Page précédente
                </Button>
              </li>
              <li>
                <Button priority="secondary" disabled={list.page >= pages} onClick={() => setFilter({ ...filter, page: list.page + 1 })}>
                  Page suivante
                </Button>
              </li>
            </ul>
          )}
        </>
      )}
    </AdminLayout>
  );
}

/** One account: who, its state, and the admin's actions (each confirmed where it cuts access). */
function AccountCard({ user: u, onDone }: { user: Me; onDone: (n: Notice) => void }) {
  const suspend = useSuspendUser();
  const reactivate = useReactivateUser();
  const resetTotp = useResetTotp();
  const [step, setStep] = useState<"suspend" | "totp" | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const name = fullName(u);
  const headingId = `compte-${u.id}`;

  async function doSuspend(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(suspend.mutateAsync({ userId: u.id, reason }));
    if (ok) {
      setStep(null);
      setReason("");
      onDone({ ok: true, text: `Le compte de ${name} est suspendu : ses sessions sont fermées et il ne peut plus se connecter.` });
    } else {
      const f = fieldErrors(error);
      if (f.reason) setReasonError(f.reason);
      else onDone({ ok: false, text: errorMessage(error) });
    }
  }

  async function doReactivate(unlockOnly: boolean) {
    const { ok, error } = await attempt(reactivate.mutateAsync(u.id));
    onDone(
      ok
        ? {
            ok: true,
            text: unlockOnly ? `Le compte de ${name} est déverrouillé.` : `Le compte de ${name} est réactivé : la personne peut de nouveau se connecter.`,
          }
        : { ok: false, text: errorMessage(error) },
    );
  }

  async function doResetTotp() {
    const { ok, error } = await attempt(resetTotp.mutateAsync(u.id));
    setStep(null);
    onDone(
      ok
        ? { ok: true, text: `Double authentification de ${name} réinitialisée : la personne la configurera à sa prochaine connexion.` }
        : { ok: false, text: errorMessage(error) },
    );
  }

  return (
    <li className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
      <h2 id={headingId} className={fr.cx("fr-h6", "fr-mb-1w")}>
        {name}
      </h2>
      <p className={fr.cx("fr-mb-1w")}>
        {roleLabels[u.role]}
        {u.staff_function ? ` – ${staffFunctionLabels[u.staff_function]}` : ""}
        {u.scope ? ` – périmètre ${scopeKindLabels[u.scope.kind]}${u.scope.kind === "national" ? "" : ` ${u.scope.code}`}` : ""}
      </p>
      <p className={fr.cx("fr-mb-1w", "fr-text--sm")}>
        {[u.email, u.phone].filter(Boolean).join(" · ") || "Ni adresse e-mail ni mobile"}
        <br />
        Créé le {formatDateTimeFr(u.created_at)} · {u.last_login_at ? `dernière connexion le ${formatDateTimeFr(u.last_login_at)}` : "jamais connecté"}
      </p>
      <ul className={fr.cx("fr-badges-group", "fr-mb-1w")}>
        {accountBadges(u).map((b) => (
          <li key={b.label}>
            <Badge severity={b.severity} small>
              {b.label}
            </Badge>
          </li>
        ))}
      </ul>
      {u.suspended_at && (
        <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>
          Suspendu le {formatDateTimeFr(u.suspended_at)} : {u.suspended_reason || "sans motif"}
        </p>
      )}
      {step === "suspend" ? (
        <form onSubmit={doSuspend}>
          <Input
            textArea
            label={`Motif de la suspension de ${name}`}
            hintText="Conservé avec le compte, visible des administrateurs (3 à 500 caractères)."
            state={reasonError ? "error" : "default"}
            stateRelatedMessage={reasonError}
            nativeTextAreaProps={{ rows: 2, value: reason, onChange: (e) => setReason(e.target.value), required: true, minLength: 3, maxLength: 500 }}
          />
          <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-btns-group--sm")}>
            <li>
              <Button type="submit">Confirmer la suspension</Button>
            </li>
            <li>
              <Button type="button" priority="tertiary" onClick={() => setStep(null)}>
                Annuler
              </Button>
            </li>
          </ul>
        </form>
      ) : step === "totp" ? (
        <div role="group" aria-label={`Réinitialiser la double authentification de ${name}`}>
          <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>
            {name} devra configurer à nouveau son application d'authentification à sa prochaine connexion. Vérifiez son identité avant de continuer.
          </p>
          <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-btns-group--sm")}>
            <li>
              <Button onClick={doResetTotp}>Confirmer la réinitialisation</Button>
            </li>
            <li>
              <Button priority="tertiary" onClick={() => setStep(null)}>
                Annuler
              </Button>
            </li>
          </ul>
        </div>
      ) : (
        <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-btns-group--sm")}>
          {u.suspended_at ? (
            <li>
              <Button onClick={() => doReactivate(false)}>
                Réactiver<span className={fr.cx("fr-sr-only")}> le compte de {name}</span>
              </Button>
            </li>
          ) : (
            <>
              {isLocked(u) && (
                <li>
                  <Button onClick={() => doReactivate(true)}>
                    Déverrouiller<span className={fr.cx("fr-sr-only")}> le compte de {name}</span>
                  </Button>
                </li>
              )}
              <li>
                <Button priority="secondary" onClick={() => setStep("suspend")}>
                  Suspendre<span className={fr.cx("fr-sr-only")}> le compte de {name}</span>
                </Button>
              </li>
            </>
          )}
          {u.totp_enabled && (
            <li>
              <Button priority="tertiary" onClick={() => setStep("totp")}>
                Réinitialiser la double authentification<span className={fr.cx("fr-sr-only")}> de {name}</span>
              </Button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
