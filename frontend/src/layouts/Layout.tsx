import { Footer } from "@codegouvfr/react-dsfr/Footer";
import { Header } from "@codegouvfr/react-dsfr/Header";
import { SkipLinks } from "@codegouvfr/react-dsfr/SkipLinks";
import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { lazy, Suspense, useEffect, useRef, useState, type ComponentType, type ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { useSession } from "../auth/session";
import { onBusyChange, type components } from "../api/client";
import { loadSharedQueryClient } from "../api/sharedQueryClientLoader";
import { PageSkeleton } from "../components/PageSkeleton";
import { useFirstPaintDone } from "../dsfr/afterPaint";

type PlatformStatus = components["schemas"]["PlatformStatus"];

// Signed-in people only (and its modal with it): a visitor's first screen does not load it. It
// reads the query cache: it comes with it, inside its provider (api/sharedQueryClient.tsx).
const loadTermsPrompt = () => Promise.all([import("../features/accounts/TermsPrompt"), loadSharedQueryClient()]);
const TermsPrompt = lazy(() => loadTermsPrompt().then(([m, shared]) => ({ default: shared.withSharedQueryClient(m.TermsPrompt) })));

/** Fetches the terms prompt's code now (main.tsx, for a browser that signed in here): beside the
 *  session and the page's code, not after them. */
export function preloadTermsPrompt() {
  void loadTermsPrompt().catch(() => undefined);
}

/** The platform's mode (maintenance and read-only switches) is read once the first screen is
 *  painted, then every minute: a status other than open is rare; it shows then. Its reader (and
 *  the query cache with it) is fetched then, not with the first screen's code (issue 31); if it
 *  cannot come, the platform is taken as open, as when the status cannot be read. */
const PlatformStatusReader = lazy(() =>
  Promise.all([import("./PlatformStatusReader"), loadSharedQueryClient()]).then(
    ([m, shared]) => ({ default: shared.withSharedQueryClient(m.PlatformStatusReader) }),
    (): { default: ComponentType<{ onChange: (status: PlatformStatus | null) => void }> } => ({ default: () => null }),
  ),
);

/** The DSFR maintenance page: shown to everyone but admins (who can still sign in). */
function MaintenancePage({ message }: { message: string }) {
  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8")}>
        <h1>Passerelle est en maintenance</h1>
        <p className={fr.cx("fr-text--lead")}>{message || "Nous améliorons le service. Merci de revenir dans quelques minutes."}</p>
        <p>Vos candidatures, conventions et informations sont conservées.</p>
      </div>
    </div>
  );
}

const brandTop = (
  <>
    République
    <br />
    Française
  </>
);

/** A host's or a school's pages reached from their space (an offer's applications or form, the
 *  inbox, an application, an agreement, the school's sections): "Mon espace" is where they are. */
const inOwnSpace = (path: string) =>
  /^\/offres\/[^/]+\/(candidatures|modifier)$|^\/(organismes|candidatures|conventions\/(?!verifier)|etablissement)\b/.test(path);

/** The header's main menu (on a phone, in its menu with the quick access links: "Mon compte",
 *  "Aide", "Se déconnecter" are there already, so not here again). A pupil's key pages each
 *  have their entry: their applications and their favourites. */
export function mainNavigation(role: string | undefined, path: string) {
  return [
    ...(role ? [{ text: "Mon espace", linkProps: { to: "/espace" }, isActive: path === "/espace" || inOwnSpace(path) }] : []),
    { text: "Offres de stage", linkProps: { to: "/offres" }, isActive: path.startsWith("/offres") && !inOwnSpace(path) },
    ...(role === "student"
      ? [
          { text: "Mes candidatures", linkProps: { to: "/eleve/candidatures" }, isActive: path === "/eleve/candidatures" },
          { text: "Mes favoris", linkProps: { to: "/eleve/favoris" }, isActive: path === "/eleve/favoris" },
        ]
      : []),
  ];
}

export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [platform, setPlatform] = useState<PlatformStatus | null>(null);
  const painted = useFirstPaintDone();
  const [busy, setBusy] = useState(false);
  useEffect(() => onBusyChange(setBusy), []);
  const maintenance = platform?.mode === "maintenance" && user?.role !== "admin" && location.pathname !== "/connexion";

  // Move focus to the main content after each navigation within the site, for screen-reader
  // users. Not on the first load: there the reader starts at the top of the page, as on any
  // site, with the page's title and the skip links ("Contenu", "Menu") first.
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    if (firstPath.current === location.pathname) return;
    firstPath.current = "";
    document.getElementById("contenu")?.focus({ preventScroll: true });
  }, [location.pathname]);

  const quickAccessItems = user
    ? [
        { iconId: "fr-icon-account-circle-line" as const, linkProps: { to: "/compte" }, text: "Mon compte" },
        { iconId: "fr-icon-question-line" as const, linkProps: { to: "/faq" }, text: "Aide" },
        {
          iconId: "fr-icon-logout-box-r-line" as const,
          buttonProps: {
            // Unsaved changes on the page ask first (components/LeaveGuard).
            "data-leaves-page": true,
            onClick: async () => {
              await signOut();
              navigate("/connexion");
            },
          },
          text: "Se déconnecter",
        },
      ]
    : [
        { iconId: "fr-icon-lock-line" as const, linkProps: { to: "/connexion" }, text: "Se connecter" },
        { iconId: "fr-icon-account-line" as const, linkProps: { to: "/inscription" }, text: "Créer un compte" },
        { iconId: "fr-icon-question-line" as const, linkProps: { to: "/faq" }, text: "Aide" },
      ];

  return (
    <>
      {painted && (
        <Suspense fallback={null}>
          <PlatformStatusReader onChange={setPlatform} />
        </Suspense>
      )}
      <SkipLinks
        links={[
          { label: "Contenu", anchor: "#contenu" },
          { label: "Pied de page", anchor: "#fr-footer" },
        ]}
      />
      <Header
        brandTop={brandTop}
        serviceTitle="Passerelle"
        serviceTagline="Stages d'observation de la quatrième à la seconde"
        homeLinkProps={{ to: user ? "/espace" : "/", title: "Accueil – Passerelle" }}
        quickAccessItems={quickAccessItems}
        // No display settings button opens it: its hidden dialog and pictures are not loaded.
        disableDisplay
        navigation={mainNavigation(user?.role, location.pathname)}
      />
      {/* At least a screen high: the footer starts below the fold, so that a page arriving (code,
          data) does not push it around on screen (no layout shift). */}
      <main id="contenu" tabIndex={-1} className={fr.cx("fr-container", "fr-py-6w")} style={{ outline: "none", minHeight: "100vh" }}>
        {busy && (
          <Alert
            severity="info"
            small
            description="Beaucoup d'élèves se connectent en même temps : patientez, nous réessayons dans quelques secondes."
            className={fr.cx("fr-mb-3w")}
            role="status"
          />
        )}
        {platform?.mode === "read_only" && (
          <Alert
            severity="warning"
            small
            description={platform.message || "Passerelle est momentanément en lecture seule : vous pouvez consulter, mais pas enregistrer."}
            className={fr.cx("fr-mb-3w")}
          />
        )}
        {user && !maintenance && (
          <Suspense fallback={null}>
            <TermsPrompt />
          </Suspense>
        )}
        {maintenance ? <MaintenancePage message={platform?.message ?? ""} /> : children}
      </main>
      <Footer
        brandTop={brandTop}
        homeLinkProps={{ to: "/", title: "Accueil – Passerelle" }}
        accessibility="non compliant"
        accessibilityLinkProps={{ to: "/accessibilite" }}
        websiteMapLinkProps={{ to: "/plan-du-site" }}
        termsLinkProps={{ to: "/mentions-legales" }}
        bottomItems={[
          { text: "Données personnelles", linkProps: { to: "/confidentialite" } },
          { text: "Conditions d'utilisation", linkProps: { to: "/conditions-utilisation" } },
          { text: "Signature électronique", linkProps: { to: "/signature-electronique" } },
          { text: "Cookies", linkProps: { to: "/cookies" } },
        ]}
        linkList={[
          {
            categoryName: "Guides",
            links: [
              { text: "Élèves et familles", linkProps: { to: "/guides/eleves-familles" } },
              { text: "Établissements", linkProps: { to: "/guides/etablissements" } },
              { text: "Organismes d'accueil", linkProps: { to: "/guides/accueil" } },
              { text: "Associations partenaires", linkProps: { to: "/guides/associations" } },
              { text: "Référents de l'État", linkProps: { to: "/guides/referents" } },
            ],
          },
          {
            categoryName: "Aide",
            links: [
              { text: "Foire aux questions", linkProps: { to: "/faq" } },
              // The page it was followed from goes with the message (the support sees where it stuck).
              {
                text: "Nous contacter",
                linkProps: { to: location.pathname === "/contact" ? "/contact" : `/contact?depuis=${encodeURIComponent(location.pathname)}` },
              },
              { text: "Documents utiles", linkProps: { to: "/documents-utiles" } },
              { text: "Vérifier une convention", linkProps: { to: "/conventions/verifier" } },
            ],
          },
        ]}
        contentDescription="Passerelle aide les élèves de quatrième, de troisième et de seconde à trouver leur stage d'observation, et tous les adultes qui les accompagnent à faire leur part."
      />
    </>
  );
}

/** Pages for signed-in people only: others go to the log-in page, then come back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <PageSkeleton />;
  if (!user) return <Navigate to="/connexion" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}
