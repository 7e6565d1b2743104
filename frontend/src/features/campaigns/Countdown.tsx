import { fr } from "@codegouvfr/react-dsfr";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { useEffect, useState } from "react";
import { instant } from "../../dates";
import { useCampaigns } from "./queries";

/** "2 j 3 h 05 min 10 s" until `target`, from the server's clock (not the device's). */
export function remaining(ms: number): string {
  if (ms <= 0) return "";
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return [d ? `${d} j` : "", d || h ? `${h} h` : "", `${String(m).padStart(2, "0")} min`, `${String(sec).padStart(2, "0")} s`].filter(Boolean).join(" ");
}

/** Before the pupils' opening: when it opens, a countdown, and the offers already published. */
export function CampaignCountdown({ schoolYear, family, onOpen }: { schoolYear: string; family: "college" | "lycee"; onOpen?: () => void }) {
  const { data, dataUpdatedAt } = useCampaigns(schoolYear);
  const campaign = data?.find((x) => x.grade_family === family) ?? null;
  // The server's clock minus the device's, at the moment the campaign was read.
  const offset = campaign ? instant(campaign.now_utc).getTime() - dataUpdatedAt : 0;
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  const opensAt = campaign?.pupils_search.opens_at_utc ? instant(campaign.pupils_search.opens_at_utc).getTime() : null;
  const left = opensAt === null ? 0 : opensAt - (now + offset);
  useEffect(() => {
    if (opensAt !== null && left <= 0 && campaign && !campaign.pupils_search.open) onOpen?.();
  }, [left, opensAt, campaign, onOpen]);

  if (!campaign || campaign.pupils_search.open || opensAt === null || left <= 0) return null;
  return (
    <CallOut title={`La recherche de stage ouvre le ${campaign.pupils_search.opens_at_text}`} titleAs="h2" className={fr.cx("fr-mb-3w")}>
      <span aria-hidden="true" className={fr.cx("fr-text--lead")}>
        Encore {remaining(left)}
      </span>
      <br />
      {campaign.offers_published} offre{campaign.offers_published > 1 ? "s" : ""} déjà publiée{campaign.offers_published > 1 ? "s" : ""} : elles vous attendent.
    </CallOut>
  );
}
