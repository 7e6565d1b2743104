import { Suspense } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { RequireAuth, Layout } from "./layouts/Layout";
import { LandingPage } from "./features/home/HomePages";
import { PageSkeleton } from "./components/PageSkeleton";
import { lazyPage, prefetchFor } from "./routing/lazyPage";

// Every screen but the landing page is its own chunk, loaded when opened (issue 31): a visitor's
// or a pupil's first screen loads only what it shows. New pages: the same `lazyPage` line.
const AccountPage = lazyPage(() => import("./features/accounts/AccountPage").then((m) => m.AccountPage));
const ConfirmEmailPage = lazyPage(() => import("./features/accounts/AccountPage").then((m) => m.ConfirmEmailPage));
const ConfirmPage = lazyPage(() => import("./features/accounts/ConfirmPage").then((m) => m.ConfirmPage));
const ResendConfirmationPage = lazyPage(() => import("./features/accounts/ConfirmPage").then((m) => m.ResendConfirmationPage));
const LoginPage = lazyPage(() => import("./features/accounts/LoginPage").then((m) => m.LoginPage));
const ForgotPasswordPage = lazyPage(() => import("./features/accounts/PasswordPages").then((m) => m.ForgotPasswordPage));
const ResetPasswordPage = lazyPage(() => import("./features/accounts/PasswordPages").then((m) => m.ResetPasswordPage));
const SignupPage = lazyPage(() => import("./features/accounts/SignupPage").then((m) => m.SignupPage));
const UnlockPage = lazyPage(() => import("./features/accounts/UnlockPage").then((m) => m.UnlockPage));
const RoleHomePage = lazyPage(() => import("./features/home/RoleHomePage").then((m) => m.RoleHomePage));
const MyApplicationsPage = lazyPage(() => import("./features/applications/ApplicationPages").then((m) => m.MyApplicationsPage));
const OfferApplicationsPage = lazyPage(() => import("./features/applications/ApplicationPages").then((m) => m.OfferApplicationsPage));
const OfferFormPage = lazyPage(() => import("./features/offers/OfferForm").then((m) => m.OfferFormPage));
const OfferPage = lazyPage(() => import("./features/offers/OfferPage").then((m) => m.OfferPage));
const SearchPage = lazyPage(() => import("./features/offers/SearchPage").then((m) => m.SearchPage));
const PublicStatsPage = lazyPage(() => import("./features/reporting/StatsPages").then((m) => m.PublicStatsPage));
const PupilDetailPage = lazyPage(() => import("./features/pupils/PupilDetailPage").then((m) => m.PupilDetailPage));
const SchoolHome = lazyPage(() => import("./features/schools/SchoolHome").then((m) => m.SchoolHome));
const PupilProfilePage = lazyPage(() => import("./features/pupils/PupilProfilePage").then((m) => m.PupilProfilePage));
const GuidesPage = lazyPage(() => import("./features/guidance/Pages").then((m) => m.GuidesPage));
const GuidePage = lazyPage(() => import("./features/guidance/Pages").then((m) => m.GuidePage));
const FaqPage = lazyPage(() => import("./features/guidance/Pages").then((m) => m.FaqPage));
const LegalDocPage = lazyPage(() => import("./features/guidance/Pages").then((m) => m.LegalDocPage));
const NotFoundPage = lazyPage(() => import("./pages/StaticPages").then((m) => m.NotFoundPage));
const SiteMapPage = lazyPage(() => import("./pages/StaticPages").then((m) => m.SiteMapPage));
const AgreementPage = lazyPage(() => import("./features/agreements/AgreementPages").then((m) => m.AgreementPage));
const SignAsRepresentativePage = lazyPage(() => import("./features/agreements/AgreementPages").then((m) => m.SignAsRepresentativePage));
const VerifyAgreementPage = lazyPage(() => import("./features/agreements/AgreementPages").then((m) => m.VerifyAgreementPage));
const SchoolYearsPage = lazyPage(() => import("./features/campaigns/SchoolYearsPage").then((m) => m.SchoolYearsPage));
const TotpPage = lazyPage(() => import("./features/accounts/TotpPage").then((m) => m.TotpPage));
const AdminHomePage = lazyPage(() => import("./features/admin/AdminLayout").then((m) => m.AdminHomePage));
const AccountsPage = lazyPage(() => import("./features/admin/AccountsPage").then((m) => m.AccountsPage));
const CreateAccountPage = lazyPage(() => import("./features/admin/CreateAccountPage").then((m) => m.CreateAccountPage));
const TargetsPage = lazyPage(() => import("./features/admin/TargetsPage").then((m) => m.TargetsPage));
const PlatformPage = lazyPage(() => import("./features/admin/PlatformPage").then((m) => m.PlatformPage));
const MinistriesPage = lazyPage(() => import("./features/admin/MinistriesPage").then((m) => m.MinistriesPage));
const ModerationPage = lazyPage(() => import("./features/admin/ModerationPage").then((m) => m.ModerationPage));
const AuditPage = lazyPage(() => import("./features/admin/AuditPage").then((m) => m.AuditPage));
const HiddenOffersPage = lazyPage(() => import("./features/admin/HiddenOffersPage").then((m) => m.HiddenOffersPage));
const OrganisationsAdminPage = lazyPage(() => import("./features/admin/OrganisationsPage").then((m) => m.OrganisationsAdminPage));
const SchoolsAdminPage = lazyPage(() => import("./features/admin/SchoolsPage").then((m) => m.SchoolsAdminPage));
const AdminStatsPage = lazyPage(() => import("./features/admin/OtherPages").then((m) => m.AdminStatsPage));
const DerogationsPage = lazyPage(() => import("./features/admin/OtherPages").then((m) => m.DerogationsPage));
const PartnersAdminPage = lazyPage(() => import("./features/admin/OtherPages").then((m) => m.PartnersAdminPage));
const SecondeWeeksPage = lazyPage(() => import("./features/admin/OtherPages").then((m) => m.SecondeWeeksPage));
const InboxPage = lazyPage(() => import("./features/applications/InboxPage").then((m) => m.InboxPage));
const ApplicationPage = lazyPage(() => import("./features/applications/ApplicationPage").then((m) => m.ApplicationPage));
const TeamPage = lazyPage(() => import("./features/organisations/TeamPage").then((m) => m.TeamPage));
const ContactPage = lazyPage(() => import("./features/support/ContactPage").then((m) => m.ContactPage));
const DocumentsPage = lazyPage(() => import("./features/support/DocumentsPage").then((m) => m.DocumentsPage));
const SupportQueuePage = lazyPage(() => import("./features/support/SupportQueuePage").then((m) => m.SupportQueuePage));
const TicketPage = lazyPage(() => import("./features/support/TicketPage").then((m) => m.TicketPage));
const PupilFeedbackPage = lazyPage(() => import("./features/feedback/PupilFeedbackPage").then((m) => m.PupilFeedbackPage));
const OrganisationFeedbackPage = lazyPage(() => import("./features/feedback/OrganisationFeedbackPage").then((m) => m.OrganisationFeedbackPage));
const ExternalInternshipPage = lazyPage(() => import("./features/externalInternships/ExternalInternshipPage").then((m) => m.ExternalInternshipPage));
const FavouritesPage = lazyPage(() => import("./features/favourites/FavouritesPage").then((m) => m.FavouritesPage));

// The likely next screens, fetched when a link to them is pointed at or focused.
prefetchFor(["/offres"], SearchPage);
prefetchFor(["/offres/:offerId"], OfferPage);
prefetchFor(["/connexion"], LoginPage);
prefetchFor(["/inscription"], SignupPage);
prefetchFor(["/espace"], RoleHomePage);
prefetchFor(["/eleve/candidatures"], MyApplicationsPage);
prefetchFor(["/eleve/profil"], PupilProfilePage);
prefetchFor(["/eleve/favoris"], FavouritesPage);
prefetchFor(["/eleve/stage-hors-plateforme"], ExternalInternshipPage);
prefetchFor(["/compte"], AccountPage);

export function App() {
  return (
    <Layout>
      <Suspense fallback={<PageSkeleton />}>
        <Routes>
          <Route path="/" element={<LandingPage />} />
          <Route path="/connexion" element={<LoginPage />} />
          <Route path="/inscription" element={<SignupPage />} />
          <Route path="/confirmation" element={<ConfirmPage />} />
          <Route path="/confirmation/renvoi" element={<ResendConfirmationPage />} />
          <Route path="/confirmation-email" element={<ConfirmEmailPage />} />
          <Route path="/mot-de-passe-oublie" element={<ForgotPasswordPage />} />
          <Route path="/mot-de-passe/nouveau" element={<ResetPasswordPage />} />
          <Route path="/compte/deverrouiller" element={<UnlockPage />} />
          <Route
            path="/espace"
            element={
              <RequireAuth>
                <RoleHomePage />
              </RequireAuth>
            }
          />
          <Route path="/offres" element={<SearchPage />} />
          <Route path="/offres/:offerId" element={<OfferPage />} />
          <Route
            path="/offres/:offerId/candidatures"
            element={
              <RequireAuth>
                <OfferApplicationsPage />
              </RequireAuth>
            }
          />
          <Route
            path="/eleve/candidatures"
            element={
              <RequireAuth>
                <MyApplicationsPage />
              </RequireAuth>
            }
          />
          <Route
            path="/offres/:offerId/modifier"
            element={
              <RequireAuth>
                <OfferFormPage />
              </RequireAuth>
            }
          />
          <Route
            path="/organismes/:orgId/offres/nouvelle"
            element={
              <RequireAuth>
                <OfferFormPage />
              </RequireAuth>
            }
          />
          <Route
            path="/organismes/:orgId/candidatures"
            element={
              <RequireAuth>
                <InboxPage />
              </RequireAuth>
            }
          />
          <Route
            path="/organismes/:orgId/retours"
            element={
              <RequireAuth>
                <OrganisationFeedbackPage />
              </RequireAuth>
            }
          />
          <Route
            path="/eleve/favoris"
            element={
              <RequireAuth>
                <FavouritesPage />
              </RequireAuth>
            }
          />
          {/* The e-mails about an internship found elsewhere link to /eleve ("Voir mon espace"). */}
          <Route path="/eleve" element={<Navigate to="/espace" replace />} />
          <Route
            path="/eleve/stage-hors-plateforme"
            element={
              <RequireAuth>
                <ExternalInternshipPage />
              </RequireAuth>
            }
          />
          <Route
            path="/eleve/retours"
            element={
              <RequireAuth>
                <PupilFeedbackPage />
              </RequireAuth>
            }
          />
          <Route
            path="/organismes/:orgId/equipe"
            element={
              <RequireAuth>
                <TeamPage />
              </RequireAuth>
            }
          />
          <Route
            path="/candidatures/:applicationId"
            element={
              <RequireAuth>
                <ApplicationPage />
              </RequireAuth>
            }
          />
          <Route
            path="/eleve/profil"
            element={
              <RequireAuth>
                <PupilProfilePage />
              </RequireAuth>
            }
          />
          <Route
            path="/etablissement/:uai/:section?"
            element={
              <RequireAuth>
                <SchoolHome />
              </RequireAuth>
            }
          />
          <Route
            path="/etablissement/:uai/eleves/:pupilId"
            element={
              <RequireAuth>
                <PupilDetailPage />
              </RequireAuth>
            }
          />
          <Route path="/conventions/verifier" element={<VerifyAgreementPage />} />
          <Route
            path="/conventions/:agreementId"
            element={
              <RequireAuth>
                <AgreementPage />
              </RequireAuth>
            }
          />
          <Route path="/convention/signer/:token" element={<SignAsRepresentativePage />} />
          <Route
            path="/admin"
            element={
              <RequireAuth>
                <AdminHomePage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/comptes"
            element={
              <RequireAuth>
                <AccountsPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/comptes/nouveau"
            element={
              <RequireAuth>
                <CreateAccountPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/objectifs"
            element={
              <RequireAuth>
                <TargetsPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/plateforme"
            element={
              <RequireAuth>
                <PlatformPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/ministeres"
            element={
              <RequireAuth>
                <MinistriesPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/moderation"
            element={
              <RequireAuth>
                <ModerationPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/offres-masquees"
            element={
              <RequireAuth>
                <HiddenOffersPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/organismes"
            element={
              <RequireAuth>
                <OrganisationsAdminPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/etablissements"
            element={
              <RequireAuth>
                <SchoolsAdminPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/journal"
            element={
              <RequireAuth>
                <AuditPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/calendrier"
            element={
              <RequireAuth>
                <SecondeWeeksPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/partenaires"
            element={
              <RequireAuth>
                <PartnersAdminPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/derogations"
            element={
              <RequireAuth>
                <DerogationsPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/indicateurs"
            element={
              <RequireAuth>
                <AdminStatsPage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/annees"
            element={
              <RequireAuth>
                <SchoolYearsPage />
              </RequireAuth>
            }
          />
          <Route
            path="/compte/double-authentification"
            element={
              <RequireAuth>
                <TotpPage />
              </RequireAuth>
            }
          />
          <Route
            path="/compte"
            element={
              <RequireAuth>
                <AccountPage />
              </RequireAuth>
            }
          />
          <Route path="/statistiques" element={<PublicStatsPage />} />
          <Route path="/plan-du-site" element={<SiteMapPage />} />
          <Route path="/guides" element={<GuidesPage />} />
          <Route path="/guides/:audience" element={<GuidePage />} />
          <Route path="/faq" element={<FaqPage />} />
          <Route path="/contact" element={<ContactPage />} />
          <Route path="/documents-utiles" element={<DocumentsPage />} />
          <Route
            path="/admin/support"
            element={
              <RequireAuth>
                <SupportQueuePage />
              </RequireAuth>
            }
          />
          <Route
            path="/admin/support/:ticketId"
            element={
              <RequireAuth>
                <TicketPage />
              </RequireAuth>
            }
          />
          {["/confidentialite", "/conditions-utilisation", "/signature-electronique", "/mentions-legales", "/accessibilite", "/cookies"].map((path) => (
            <Route key={path} path={path} element={<LegalDocPage />} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
