import { fr } from "@codegouvfr/react-dsfr";
import { Link } from "react-router-dom";
import { OperatorsAdminSection } from "../partners/PartnerPages";
import { StatsDashboardSection } from "../reporting/StatsPages";
import { AdminLayout } from "./AdminLayout";
import { DerogationSection, SecondeWeeksSection } from "./AdminSections";

// The back office's pages made of one existing section each.

export function SecondeWeeksPage() {
  return (
    <AdminLayout title="Semaines de seconde">
      <p>
        Les dates des années scolaires et des campagnes se règlent dans{" "}
        <Link className={fr.cx("fr-link")} to="/admin/annees">
          Années scolaires et campagnes
        </Link>
        .
      </p>
      <SecondeWeeksSection />
    </AdminLayout>
  );
}

export function PartnersAdminPage() {
  return (
    <AdminLayout title="Associations partenaires">
      <OperatorsAdminSection />
    </AdminLayout>
  );
}

export function DerogationsPage() {
  return (
    <AdminLayout title="Dérogations éducation prioritaire">
      <DerogationSection />
    </AdminLayout>
  );
}

export function AdminStatsPage() {
  return (
    <AdminLayout title="Indicateurs">
      <StatsDashboardSection />
    </AdminLayout>
  );
}
