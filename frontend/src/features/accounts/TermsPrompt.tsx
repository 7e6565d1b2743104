import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import type { ApiFailure } from "../../api/query";
import { attempt } from "../../api/query";
import { errorMessage } from "../../api/client";
import { useSession } from "../../auth/session";
import { formatDateFr } from "../../dates";
import { useAcceptTerms, useMyTerms } from "./queries";
import { shouldAskTerms } from "./terms";
import { loadDsfrScript } from "../../dsfr/start";

const termsModal = createModal({ id: "conditions-utilisation", isOpenedByDefault: false });

// Versions the person put off during this visit ("Plus tard"): asked again at the next visit.
const postponed = new Set<string>();
// The modal was closed to read the text: asked again once it is read, not put off.
let reading = false;

/** Opens the DSFR modal once its script has taken hold of the dialog (it does so a moment after
 *  the element appears). */
function openWhenReady(tries = 40) {
  const el = document.getElementById(termsModal.id);
  const dsfr = (window as unknown as { dsfr?: (e: Element) => { modal?: unknown } }).dsfr;
  if (el && dsfr?.(el)?.modal) termsModal.open();
  else if (tries > 0) window.setTimeout(() => openWhenReady(tries - 1), 50);
}

/** Signed in and the terms in force not accepted yet: asks once, in a modal (focus kept inside,
 *  titled), with a link to the text. Accepting is recorded per version; if the version changed
 *  meanwhile (409 TERMS_CHANGED), the new one is read and asked. Pupils are addressed with "tu". */
export function TermsPrompt() {
  const { user } = useSession();
  const { pathname } = useLocation();
  const terms = useMyTerms(user != null);
  const accept = useAcceptTerms();
  const [error, setError] = useState<string | null>(null);
  const [accepted, setAccepted] = useState(false);
  const isOpen = useIsModalOpen(termsModal);
  const wasOpen = useRef(false);
  const data = user ? terms.data : undefined;
  const key = data && user ? `${user.id}:${data.version}` : "";
  const ask = data != null && shouldAskTerms(data, pathname) && !postponed.has(key);

  useEffect(() => {
    if (ask) void loadDsfrScript().then(() => openWhenReady());
  }, [ask, key]);

  // Closed without accepting (Échap, "Plus tard"): not asked again during this visit.
  useEffect(() => {
    if (isOpen) wasOpen.current = true;
    else if (wasOpen.current) {
      wasOpen.current = false;
      if (key && !terms.data?.accepted_at && !reading) postponed.add(key);
      reading = false;
    }
  }, [isOpen, key, terms.data?.accepted_at]);

  if (!user) return null;
  const pupil = user.role === "student";

  async function acceptTerms() {
    if (!data) return;
    setError(null);
    const { ok, error: err } = await attempt(accept.mutateAsync(data.version));
    if (!ok) {
      setError(
        (err as ApiFailure).code === "TERMS_CHANGED"
          ? pupil
            ? "Les conditions viennent de changer : relis la nouvelle version avant d'accepter."
            : "Les conditions viennent de changer : relisez la nouvelle version avant d'accepter."
          : errorMessage(err),
      );
      return;
    }
    setAccepted(true);
    termsModal.close();
  }

  return (
    <>
      {accepted && (
        <Alert
          severity="success"
          small
          role="status"
          closable
          onClose={() => setAccepted(false)}
          description={
            pupil
              ? "Merci : ton accord avec les conditions d'utilisation est enregistré."
              : "Merci : votre accord avec les conditions d'utilisation est enregistré."
          }
          className={fr.cx("fr-mb-3w")}
        />
      )}
      <termsModal.Component
        title={data?.title ?? "Conditions générales d'utilisation"}
        concealingBackdrop={false}
        buttons={[
          { children: "Plus tard", priority: "secondary", doClosesModal: true },
          { children: "J'accepte les conditions", doClosesModal: false, onClick: () => void acceptTerms(), disabled: accept.isPending },
        ]}
      >
        {data && (
          <>
            <p>
              {pupil
                ? `Avant de continuer, lis les conditions d'utilisation de Passerelle (version ${data.version} du ${formatDateFr(data.date)}) : elles disent ce que tu peux faire sur la plateforme et comment tes informations sont protégées.`
                : `Avant de continuer, lisez les conditions d'utilisation de Passerelle (version ${data.version} du ${formatDateFr(data.date)}) : elles disent ce que chacun peut faire sur la plateforme et comment les informations sont protégées.`}
            </p>
            <p>
              <Link
                to="/conditions-utilisation"
                onClick={() => {
                  reading = true;
                  termsModal.close();
                }}
              >
                Lire les conditions d'utilisation
              </Link>
            </p>
            {error && <Alert severity="error" small role="alert" description={error} />}
          </>
        )}
      </termsModal.Component>
    </>
  );
}
