// The platform's mode for the layout (layouts/Layout.tsx, which draws it in the SPA's one query
// cache), fetched once the first screen is painted (issue 31).
import { useEffect } from "react";
import type { components } from "../api/client";
import { usePlatformStatusQuery } from "./queries";

type PlatformStatus = components["schemas"]["PlatformStatus"];

/** Draws nothing: tells `onChange` the platform's status, at once and at each change. */
export function PlatformStatusReader({ onChange }: { onChange: (status: PlatformStatus | null) => void }) {
  const status = usePlatformStatusQuery().data ?? null;
  useEffect(() => onChange(status), [status, onChange]);
  return null;
}
