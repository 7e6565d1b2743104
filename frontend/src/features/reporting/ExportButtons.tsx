// The dashboard's downloads: each table in both spreadsheet formats, side by side (stacked on a
// phone), the format in each button's words ("… (CSV)", "… (XLSX)").
import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import type { ExportFormat } from "./queries";

const formats: ExportFormat[] = ["csv", "xlsx"];

/** "Télécharger le tableau par secteur (CSV)" and "… (XLSX)". */
export function ExportButtons({ label, onDownload }: { label: string; onDownload: (format: ExportFormat) => void }) {
  return (
    <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--sm", "fr-btns-group--icon-left", "fr-mb-2w")}>
      {formats.map((format) => (
        <li key={format}>
          <Button priority="secondary" iconId="fr-icon-download-line" onClick={() => onDownload(format)}>
            {label} ({format.toUpperCase()})
          </Button>
        </li>
      ))}
    </ul>
  );
}
