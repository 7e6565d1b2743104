import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { attempt } from "../../api/query";
import { useUnlockAccount } from "./queries";
import { usePageTitle } from "../../components";

type Status = { kind: "busy" } | { kind: "done" } | { kind: "error"; message: string };

/** The lock-out mail's link (/compte/deverrouiller?token=…): the account opens again at once. */
export function UnlockPage() {
  usePageTitle("Déverrouiller mon compte");
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const [status, setStatus] = useState<Status>(
    token ? { kind: "busy" } : { kind: "error", message: "Ce lien est incomplet : ouvrez le lien reçu par e-mail en entier." },
  );
  const sent = useRef(false);
  const { mutateAsync } = useUnlockAccount();

  useEffect(() => {
    // The link's token is used once, even when the page renders twice.
    if (!token || sent.current) return;
    sent.current = true;
    void attempt(mutateAsync(token)).then(({ ok, error }) => setStatus(ok ? { kind: "done" } : { kind: "error", message: errorMessage(error) }));
  }, [token, mutateAsync]);

  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8", "fr-col-lg-6")}>
        <h1>Déverrouiller mon compte</h1>
        {status.kind === "busy" && <p aria-busy="true">Déverrouillage en cours…</p>}
        {status.kind === "done" && (
          <>
            <Alert severity="success" title="Compte déverrouillé" description="Votre compte est déverrouillé : vous pouvez vous connecter." role="status" />
            <p className={fr.cx("fr-mt-3w")}>
              <Button linkProps={{ to: "/connexion" }}>Se connecter</Button>
            </p>
            <p className={fr.cx("fr-text--sm")}>
              Ce n'est pas vous qui avez essayé de vous connecter ? Choisissez un nouveau mot de passe :{" "}
              <Link to="/mot-de-passe-oublie">mot de passe oublié</Link>.
            </p>
          </>
        )}
        {status.kind === "error" && (
          <>
            <Alert severity="error" title="Déverrouillage impossible" description={status.message} role="alert" />
            <p className={fr.cx("fr-mt-3w")}>
              Le verrou s'ouvre de lui-même après 15 minutes. Vous pouvez aussi choisir un nouveau mot de passe pour vous connecter tout de suite.
            </p>
            <p>
              <Button priority="secondary" linkProps={{ to: "/mot-de-passe-oublie" }}>
                Mot de passe oublié
              </Button>
            </p>
            <p className={fr.cx("fr-text--sm")}>
              Le compte reste bloqué ? <Link to="/contact?depuis=%2Fcompte%2Fdeverrouiller">Nous contacter</Link>.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
