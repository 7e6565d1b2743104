import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { lazy, Suspense, useState } from "react";
import { errorMessage, type components } from "../../api/client";
import { saveBlob } from "../../api/files";
import { attempt } from "../../api/query";
import { Section, usePageTitle } from "../../components";
import { DataTable } from "../../components/DataTable";
import { currentSchoolYear } from "../schools/calendar";
import { formatDateTimeFr } from "../../dates";
import { formatNumber as fmt, formatPct, genderLabels } from "../../i18n";
import { useMinistries, useSectors } from "../offers/queries";
import { useSession } from "../../auth/session";
import { Defined, IndicatorGlossary } from "./Glossary";
import { ExportButtons } from "./ExportButtons";
import { downloadStatsExport, useDepartments, usePublicStats, useRefreshStats, useStats, useStatsSeries, type ExportFormat, type StatsTable } from "./queries";
import { departmentsOfScope, scopeLabel, withEveryDepartment } from "./territory";
import { PrioritySchoolsSection } from "./PrioritySchools";
import * as coverage from "./CoverageSection";

// Chart.js comes with the charts only, once the figures are read (a chunk of its own).
const DashboardCharts = lazy(() => import("./charts/DashboardCharts"));
// The map of departments, with their outlines (a chunk of its own, this dashboard only).
const DepartmentMap = lazy(() => import("./map/DepartmentMap"));

/** Export file names, in French: "statistiques-secteurs-2026-2027.csv" (or .xlsx; the workbook of
 *  every table: "statistiques-2026-2027.xlsx"). */
export const exportNames: Record<StatsTable, string> = {
  sectors: "secteurs",
  genders: "genres",
  departments: "departements",
  schools: "etablissements",
};

const areaRow = (a: components["schemas"]["TerritoryRow"]) => [
  a.name,
  fmt(a.offers),
  a.target_total == null ? "—" : fmt(a.target_total),
  formatPct(a.reached_pct),
  fmt(a.applications),
  fmt(a.placements),
];

/** A gauge of offers against the target. */
function Gauge({ label, value, target, pct }: { label: string; value: number; target: number; pct?: number | null }) {
  const p = Math.min(100, pct ?? 0);
  return (
    <div className={fr.cx("fr-mb-2w")}>
      <p className={fr.cx("fr-mb-1v")}>
        {label} : {fmt(value)} / {fmt(target)} ({formatPct(pct)})
      </p>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(p)}
        style={{ background: "var(--background-contrast-grey)", height: "1rem" }}
      >
        <div
          style={{
            width: `${p}%`,
            height: "100%",
            background: p >= 100 ? "var(--background-action-high-success)" : "var(--background-action-high-blue-france)",
          }}
        />
      </div>
    </div>
  );
}

/** Referents' (and admins') indicators for their scope, with filters and CSV / XLSX exports. */
export function StatsDashboardSection() {
  const [year, setYear] = useState(currentSchoolYear());
  const [department, setDepartment] = useState("");
  const [sector, setSector] = useState("");
  const sectors = useSectors().data ?? [];
  const filter = { school_year: year, department: department || undefined, sector: sector || undefined };
  const query = useStats(filter);
  const stats = query.data;
  const { user: reader } = useSession();
  // A ministry's referent follows offers nationwide: the campaign's series are by department.
  const series = useStatsSeries({ school_year: year, department: department || undefined }, reader?.scope?.kind !== "ministry");
  // The department list is the whole scope's: read without a department filter.
  const { user } = useSession();
  const allDepartments = useDepartments().data;
  const ministries = useMinistries().data ?? [];
  const scope = useStats({ ...filter, department: undefined });
  // Every department of the reader's territory, those without any figure too.
  const scopeDepartments = allDepartments ? departmentsOfScope(user?.scope, allDepartments) : [];
  const departments = scopeDepartments.length > 0 ? scopeDepartments : (scope.data?.by_department ?? []);
  const territory = department
    ? scopeLabel({ kind: "department", code: department }, allDepartments ?? [])
    : allDepartments
      ? scopeLabel(user?.scope, allDepartments, ministries)
      : stats?.scope;
  const departmentRows = stats
    ? department
      ? stats.by_department
      : withEveryDepartment(stats.by_department, user?.scope?.kind === "ministry" ? [] : scopeDepartments)
    : [];
  // The map shows the whole territory, the selected department among the others (a department
  // referent's one department among its neighbours); none for a ministry's referent.
  const mapRows =
    user?.scope?.kind !== "ministry" && scope.data && scopeDepartments.length > 0 ? withEveryDepartment(scope.data.by_department, scopeDepartments) : [];
  // The map is the whole territory's whatever the department chosen: its exported image says so.
  const sectorName = sector ? sectors.find((s) => s.id === sector)?.name : undefined;
  const mapSource = `Source : Passerelle · ${(allDepartments ? scopeLabel(user?.scope, allDepartments, ministries) : scope.data?.scope) ?? ""} · ${year}${sectorName ? ` · ${sectorName}` : ""}`;
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const error = query.isError ? errorMessage(query.error) : downloadError;

  /** One table (CSV or XLSX), or every table in one workbook (`table` null, XLSX). */
  async function download(table: StatsTable | null, format: ExportFormat = "csv") {
    const { ok, data, error: err } = await attempt(downloadStatsExport(table, filter, format));
    if (!ok) return setDownloadError(errorMessage(err));
    saveBlob(data, `statistiques-${table ? `${exportNames[table]}-` : ""}${year}.${format}`);
  }

  const nextYear = (() => {
    const y = Number(currentSchoolYear().slice(0, 4)) + 1;
    return `${y}-${y + 1}`;
  })();

  return (
    <>
      <Section id="indicateurs" title="Indicateurs de mon périmètre">
        <p>
          <a className={fr.cx("fr-link", "fr-icon-question-line", "fr-link--icon-left")} href="#definitions">
            Définitions des indicateurs
          </a>
        </p>
        <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Select label="Année scolaire" nativeSelectProps={{ value: year, onChange: (e) => setYear(e.target.value) }}>
              {[currentSchoolYear(), nextYear].map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Select label="Département" nativeSelectProps={{ value: department, onChange: (e) => setDepartment(e.target.value) }}>
              <option value="">Tout mon périmètre</option>
              {departments.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.code} {d.name}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Select label="Secteur" nativeSelectProps={{ value: sector, onChange: (e) => setSector(e.target.value) }}>
              <option value="">Tous les secteurs</option>
              {sectors.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {error && <Alert small severity="error" description={error} role="alert" className={fr.cx("fr-mb-2w")} />}
        {mapRows.length > 0 && (
          <Suspense fallback={<p aria-busy="true">Chargement de la carte…</p>}>
            <DepartmentMap rows={mapRows} selected={department} onSelect={setDepartment} source={mapSource} filename={`carte-departements-${year}.png`} />
          </Suspense>
        )}
        {!stats ? (
          <p aria-busy="true">Chargement…</p>
        ) : (
          <div aria-live="polite">
            <p className={fr.cx("fr-text--lead", "fr-mt-2w")}>
              {territory} · {stats.school_year}
              {stats.refreshed_at ? ` · chiffres du ${formatDateTimeFr(stats.refreshed_at)}` : ""}
            </p>
            <RefreshFigures />
            <Button priority="secondary" iconId="fr-icon-download-line" className={fr.cx("fr-mb-1v")} onClick={() => download(null, "xlsx")}>
              Tout télécharger (XLSX)
            </Button>
            <p className={fr.cx("fr-text--xs", "fr-mb-2w")}>Un classeur, un onglet par tableau, avec les filtres choisis.</p>
            <p className={fr.cx("fr-text--sm")}>Chaque indicateur renvoie à sa définition, en bas de page.</p>
            <DataTable
              caption="En bref"
              headers={["Indicateur", "Valeur"]}
              rows={[
                [<Defined key="o" term="Offres publiées" />, fmt(stats.offers)],
                [<Defined key="op" term="Offres publiées" label="dont publiques" />, fmt(stats.offers_public)],
                [<Defined key="opr" term="Offres publiées" label="dont privées" />, fmt(stats.offers_private)],
                [<Defined key="p" term="Places" />, fmt(stats.places)],
                [<Defined key="c" term="Candidatures" />, fmt(stats.applications)],
                [<Defined key="ec" term="Élèves ayant candidaté" />, fmt(stats.pupils_applied)],
                [<Defined key="sc" term="Stages confirmés" />, fmt(stats.placements)],
                [<Defined key="cs" term="Conventions signées" />, fmt(stats.agreements_signed)],
                [<Defined key="se" term="Stages effectués" />, fmt(stats.internships_done)],
                [<Defined key="ei" term="Élèves inscrits" />, fmt(stats.pupils)],
                [<Defined key="ap" term="Autorisations parentales" />, fmt(stats.consents)],
                [<Defined key="et" term="Élèves ayant trouvé leur stage" label="Élèves avec un stage via Passerelle" />, fmt(stats.pupils_placed)],
                [<Defined key="eta" term="Stage trouvé ailleurs" label="Élèves avec un stage trouvé ailleurs" />, fmt(stats.pupils_placed_elsewhere)],
                [<Defined key="es" term="Élèves ayant trouvé leur stage" label="Élèves sans stage" />, fmt(stats.pupils_without_placement)],
                [<Defined key="esc" term="Élèves sans candidature" />, fmt(stats.pupils_without_application)],
              ]}
            />
            <coverage.CoverageSection stats={stats} />
            {stats.targets && (
              <>
                <h3 className={fr.cx("fr-h5")}>Objectifs de la campagne</h3>
                <Gauge label="Offres" value={stats.offers} target={stats.targets.total} pct={stats.targets.reached_pct} />
                <Gauge label="Offres publiques" value={stats.offers_public} target={stats.targets.public} pct={stats.targets.reached_public_pct} />
                <Gauge label="Offres privées" value={stats.offers_private} target={stats.targets.private} pct={stats.targets.reached_private_pct} />
              </>
            )}
            <h3 className={fr.cx("fr-h5", "fr-mt-4w")}>En graphiques</h3>
            <p className={fr.cx("fr-text--sm")}>Sous chaque graphique, « Voir les données » en donne les chiffres dans un tableau.</p>
            <Suspense fallback={<p aria-busy="true">Chargement des graphiques…</p>}>
              <DashboardCharts stats={stats} departmentRows={departmentRows} sectorName={sectorName} territory={territory} days={series.data ?? []} />
            </Suspense>
            <DataTable
              caption="Par secteur"
              headers={["Secteur", "Offres", "Places", "Candidatures", "Stages confirmés", "Conventions signées", "Stages effectués"]}
              rows={stats.by_sector.map((s) => [
                s.name,
                fmt(s.offers),
                fmt(s.places),
                fmt(s.applications),
                fmt(s.placements),
                fmt(s.agreements_signed),
                fmt(s.internships_done),
              ])}
            />
            <ExportButtons label="Télécharger le tableau par secteur" onDownload={(format) => download("sectors", format)} />
            <DataTable
              caption="Par genre"
              headers={["Genre", "Candidatures", "Élèves ayant candidaté", "Stages confirmés", "Conventions signées", "Stages effectués"]}
              // Genders are counted from applications: none in the view, no row.
              empty="Aucune donnée pour l'instant : ce tableau se remplit avec les candidatures des élèves."
              rows={stats.by_gender.map((g) => [
                genderLabels[g.gender] ?? g.gender,
                fmt(g.applications),
                fmt(g.pupils_applied),
                fmt(g.placements),
                fmt(g.agreements_signed),
                fmt(g.internships_done),
              ])}
            />
            {/* No row, nothing worth a file: the table's sentence already says why. */}
            {stats.by_gender.length > 0 && <ExportButtons label="Télécharger le tableau par genre" onDownload={(format) => download("genders", format)} />}
            {stats.by_priority.length > 0 && (
              <DataTable
                caption="Élèves par éducation prioritaire"
                headers={["Établissements", "Élèves", "Autorisations", "Stage trouvé", "Sans stage", ...coverage.priorityCoverageHeaders]}
                rows={stats.by_priority.map((p) => [
                  p.segment === "hors" ? "Hors éducation prioritaire" : p.segment,
                  fmt(p.pupils),
                  fmt(p.consents),
                  fmt(p.placed),
                  fmt(p.without_placement),
                  ...coverage.priorityCoverageCells(p),
                ])}
              />
            )}
            {stats.by_ministry.length > 0 && (
              <DataTable
                caption="Offres publiques par ministère"
                headers={["Ministère", "Offres", "Objectif", "% atteint"]}
                rows={stats.by_ministry.map((m) => [m.label, fmt(m.offers), m.target == null ? "—" : fmt(m.target), formatPct(m.reached_pct)])}
              />
            )}
            {stats.by_group.length > 0 && (
              <DataTable caption="Offres privées par groupe" headers={["Groupe", "Offres"]} rows={stats.by_group.map((g) => [g.label, fmt(g.offers)])} />
            )}
            {stats.by_operator.length > 0 && (
              <DataTable
                caption="Offres des associations partenaires"
                headers={["Association", "Offres"]}
                rows={stats.by_operator.map((g) => [g.label, fmt(g.offers)])}
              />
            )}
            <DataTable
              caption="Par département"
              headers={["Département", "Offres", "Objectif", "% atteint", "Candidatures", "Stages confirmés", ...coverage.territoryCoverageHeaders]}
              rows={departmentRows.map((d) => [
                `${d.code} ${d.name}`,
                fmt(d.offers),
                d.target_total == null ? "—" : fmt(d.target_total),
                formatPct(d.reached_pct),
                fmt(d.applications),
                fmt(d.placements),
                ...coverage.territoryCoverageCells(d),
              ])}
            />
            <ExportButtons label="Télécharger le tableau par département" onDownload={(format) => download("departments", format)} />
            {departmentRows.length > 1 && (
              <>
                <DataTable
                  caption="Par région"
                  headers={["Région", "Offres", "Objectif", "% atteint", "Candidatures", "Stages confirmés"]}
                  rows={stats.by_region.map(areaRow)}
                />
                <DataTable
                  caption="Par académie"
                  headers={["Académie", "Offres", "Objectif", "% atteint", "Candidatures", "Stages confirmés"]}
                  rows={stats.by_academie.map(areaRow)}
                />
              </>
            )}
            {stats.by_school.length > 0 && (
              <>
                <DataTable
                  caption="Par établissement"
                  headers={[
                    "Établissement",
                    "Éducation prioritaire",
                    "Élèves",
                    "Ont candidaté",
                    "Stage trouvé",
                    "Sans stage",
                    ...coverage.schoolCoverageHeaders,
                  ]}
                  rows={stats.by_school.map((s) => [
                    `${s.name} (${s.uai})`,
                    s.priority_education ?? "—",
                    fmt(s.pupils),
                    fmt(s.applied),
                    fmt(s.placed),
                    fmt(s.without_placement),
                    ...coverage.schoolCoverageCells(s),
                  ])}
                />
                {stats.schools_total > stats.by_school.length && (
                  <p className={fr.cx("fr-text--sm")}>
                    Les {fmt(stats.by_school.length)} établissements qui comptent le plus d'élèves sans stage, sur {fmt(stats.schools_total)}.
                  </p>
                )}
                <ExportButtons label="Télécharger la liste de tous les établissements" onDownload={(format) => download("schools", format)} />
              </>
            )}
          </div>
        )}
      </Section>
      {user?.scope?.kind !== "ministry" && <PrioritySchoolsSection year={year} department={department} territory={territory} />}
      <IndicatorGlossary />
    </>
  );
}

/** The public page: national open data, small figures withheld. */
export function PublicStatsPage() {
  usePageTitle("Statistiques");
  const stats = usePublicStats().data;
  const show = (n?: number | null) => (n == null ? "moins de 5" : fmt(n));
  return (
    <>
      <h1>Statistiques des stages d'observation</h1>
      <p>Chiffres nationaux, mis à jour chaque minute. Pour protéger les élèves, aucun chiffre inférieur à 5 n'est publié.</p>
      {/* DSFR download links: the format under the words. */}
      <ul className={fr.cx("fr-links-group", "fr-links-group--download", "fr-mb-0")} style={{ paddingLeft: 0 }}>
        <li>
          <a className={fr.cx("fr-link")} href="/api/v1/public/stats/export" download>
            Télécharger les données <span className={fr.cx("fr-link__detail")}>CSV – un seul tableau</span>
          </a>
        </li>
        <li>
          <a className={fr.cx("fr-link")} href="/api/v1/public/stats/export?format=xlsx" download>
            Télécharger les données <span className={fr.cx("fr-link__detail")}>XLSX – un onglet par niveau</span>
          </a>
        </li>
      </ul>
      <p>
        <a className={fr.cx("fr-link")} href="/api/v1/public/stats">
          Les mêmes en JSON
        </a>
      </p>
      {!stats ? (
        <p aria-busy="true">Chargement…</p>
      ) : (
        <>
          <DataTable
            caption={`France entière, ${stats.school_year}`}
            headers={["Indicateur", "Valeur"]}
            rows={[
              ["Offres publiées", show(stats.offers)],
              ["Places", show(stats.places)],
              ["Stages confirmés", show(stats.placements)],
            ]}
          />
          <DataTable
            caption="Par secteur"
            headers={["Secteur", "Offres", "Stages confirmés"]}
            rows={stats.by_sector.map((s) => [s.label, show(s.offers), show(s.placements)])}
          />
          <DataTable
            caption="Par département"
            headers={["Département", "Offres", "Stages confirmés"]}
            rows={stats.by_department.map((s) => [s.label, show(s.offers), show(s.placements)])}
          />
        </>
      )}
    </>
  );
}

/** The figures are counters rebuilt every minute: a referent who needs them now asks for it. */
function RefreshFigures() {
  const refresh = useRefreshStats();
  return (
    <p className={fr.cx("fr-text--sm")}>
      <Button priority="tertiary" size="small" iconId="fr-icon-refresh-line" disabled={refresh.isPending} onClick={() => refresh.mutate()}>
        {refresh.isPending ? "Actualisation…" : "Actualiser les chiffres"}
      </Button>
      <span role="status" className={fr.cx("fr-ml-1w")}>
        {refresh.isError ? errorMessage(refresh.error) : refresh.isSuccess ? "Chiffres actualisés." : ""}
      </span>
    </p>
  );
}
