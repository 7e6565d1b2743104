import { Route, Routes } from "react-router-dom";
import { RequireAuth, Layout } from "./layouts/Layout";
import { AccountPage, ConfirmEmailPage } from "./features/accounts/AccountPage";
import { ConfirmPage, ResendConfirmationPage } from "./features/accounts/ConfirmPage";
import { LoginPage } from "./features/accounts/LoginPage";
import { ForgotPasswordPage, ResetPasswordPage } from "./features/accounts/PasswordPages";
import { SignupPage } from "./features/accounts/SignupPage";
import { LandingPage, RoleHomePage } from "./features/home/HomePages";
import { MyApplicationsPage, OfferApplicationsPage } from "./features/applications/ApplicationPages";
import { OfferFormPage } from "./features/offers/OfferForm";
import { OfferPage } from "./features/offers/OfferPage";
import { SearchPage } from "./features/offers/SearchPage";
import { PublicStatsPage } from "./features/reporting/StatsPages";
import { PupilDetailPage } from "./features/pupils/PupilDetailPage";
import { SchoolHome } from "./features/schools/SchoolHome";
import { PupilProfilePage } from "./features/pupils/PupilProfilePage";
import { AccessibilityPage, LegalPage, NotFoundPage, SiteMapPage } from "./pages/StaticPages";
import { AgreementPage, SignAsRepresentativePage, VerifyAgreementPage } from "./features/agreements/AgreementPages";
import { SchoolYearsPage } from "./features/campaigns/SchoolYearsPage";
import { TotpPage } from "./features/accounts/TotpPage";
import { AdminHomePage } from "./features/admin/AdminLayout";
import { AccountsPage } from "./features/admin/AccountsPage";
import { CreateAccountPage } from "./features/admin/CreateAccountPage";
import { TargetsPage } from "./features/admin/TargetsPage";
import { PlatformPage } from "./features/admin/PlatformPage";
import { MinistriesPage } from "./features/admin/MinistriesPage";
import { ModerationPage } from "./features/admin/ModerationPage";
import { AuditPage } from "./features/admin/AuditPage";
import { HiddenOffersPage } from "./features/admin/HiddenOffersPage";
import { AdminStatsPage, DerogationsPage, PartnersAdminPage, SecondeWeeksPage } from "./features/admin/OtherPages";
import { InboxPage } from "./features/applications/InboxPage";
import { ApplicationPage } from "./features/applications/ApplicationPage";
import { TeamPage } from "./features/organisations/TeamPage";

export function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<LandingPage />} />
        <Route path="/connexion" element={<LoginPage />} />
        <Route path="/inscription" element={<SignupPage />} />
        <Route path="/confirmation" element={<ConfirmPage />} />
        <Route path="/confirmation/renvoi" element={<ResendConfirmationPage />} />
        <Route path="/confirmation-email" element={<ConfirmEmailPage />} />
        <Route path="/mot-de-passe-oublie" element={<ForgotPasswordPage />} />
        <Route path="/mot-de-passe/nouveau" element={<ResetPasswordPage />} />
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
        <Route path="/accessibilite" element={<AccessibilityPage />} />
        <Route path="/mentions-legales" element={<LegalPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
