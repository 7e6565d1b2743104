import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { useId, type ChangeEvent, type ReactNode } from "react";
import { weekText, type IsoWeek } from "../../dates";
import { externalInternshipStatusLabels, listFr } from "../../i18n";
import { SCAN_TYPES, type ExternalInternship, type ExternalInternshipStatus } from "./queries";

const severities: Record<ExternalInternshipStatus, "new" | "success" | "error"> = { declared: "new", validated: "success", rejected: "error" };

/** Where a record stands: "En attente de validation", "Validé", "Refusé". */
export function StatusBadge({ status }: { status: ExternalInternshipStatus }) {
  return (
    // "new" has a lightning icon that says nothing of waiting: no icon there.
    <Badge small severity={severities[status]} noIcon={status === "declared"}>
      {externalInternshipStatusLabels[status]}
    </Badge>
  );
}

/** "semaine du 18 janvier 2027", "semaines du 7 et du 14 juin 2027" read plainly: one per week. */
export const weeksText = (weeks: IsoWeek[]) => listFr([...weeks].sort().map(weekText));

/** One record: the host, where and when, its status (and the refusal's reason), its scan. */
export function ExternalInternshipCard({
  item,
  headingLevel = 3,
  title,
  children,
}: {
  item: ExternalInternship;
  headingLevel?: 3 | 4;
  /** What the heading says (the host by default; the pupil's name for the staff's list). */
  title?: string;
  children?: ReactNode;
}) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className={fr.cx("fr-card", "fr-card--no-arrow", "fr-mb-3w")}>
      <div className={fr.cx("fr-card__body")}>
        <div className={fr.cx("fr-card__content")}>
          <Heading className={fr.cx("fr-card__title")}>{title ?? item.host_name}</Heading>
          <div className={fr.cx("fr-card__start")}>
            <StatusBadge status={item.status} />
          </div>
          <div className={fr.cx("fr-card__desc")}>
            <ul className={fr.cx("fr-raw-list")}>
              {title ? <li>{item.host_name}</li> : null}
              <li>
                {item.street}, {item.postal_code} {item.city}
              </li>
              <li>{capitalise(weeksText(item.weeks))}</li>
              {item.siret ? <li>SIRET {item.siret}</li> : null}
              <li>{item.agreement_uploaded ? "Convention signée jointe" : "Convention signée pas encore jointe"}</li>
            </ul>
            {item.status === "rejected" && item.rejection_reason ? (
              <p className={fr.cx("fr-mt-1w", "fr-mb-0")}>
                <strong>Raison du refus :</strong> {item.rejection_reason}
              </p>
            ) : null}
          </div>
          {/* After the details (the card's content orders its parts: badge, title, details). */}
          {children ? (
            <div className={fr.cx("fr-mt-2w")} style={{ order: 5 }}>
              {children}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Attach, or replace, the signed agreement's scan of a record: the pupil's and the staff's field.
 *  `send` uploads the file chosen and says how it went; the field is emptied afterwards, so that
 *  the same file can be chosen again after a failure. */
export function ScanUpload({
  uploaded,
  busy,
  send,
  className,
}: {
  /** A scan is already attached: the field replaces it. */
  uploaded: boolean;
  busy: boolean;
  send: (file: File) => Promise<void>;
  /** The block's spacing, fr.cx("fr-mb-2w") for instance. */
  className?: string;
}) {
  const inputId = useId();

  async function upload(e: ChangeEvent<HTMLInputElement>) {
    const input = e.target;
    const file = input.files?.[0];
    if (!file) return;
    await send(file);
    input.value = "";
  }

  return (
    <div className={className ? `${fr.cx("fr-upload-group")} ${className}` : fr.cx("fr-upload-group")}>
      <label className={fr.cx("fr-label")} htmlFor={inputId}>
        {uploaded ? "Remplacer la convention signée" : "Joindre la convention signée"}
        <span className={fr.cx("fr-hint-text")}>Scan ou photo, en PDF, JPEG ou PNG, 5 Mo au plus.</span>
      </label>
      <input className={fr.cx("fr-upload")} type="file" id={inputId} accept={SCAN_TYPES} onChange={upload} disabled={busy} />
    </div>
  );
}
