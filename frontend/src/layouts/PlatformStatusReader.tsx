// The platform's mode for the layout (layouts/Layout.tsx), read through the SPA's one query cache:
// a chunk of its own, fetched once the first screen is painted (issue 31).
import { useEffect } from "react";
import type { components } from "../api/client";
import { SharedQueryClientProvider } from "../api/sharedQueryClient";
import { usePlatformStatusQuery } from "./queries";

type PlatformStatus = components["schemas"]["PlatformStatus"];

function Reader({ onChange }: { onChange: (status: PlatformStatus | null) => void }) {
  const status = usePlatformStatusQuery().data ?? null;
  useEffect(() => onChange(status), [status, onChange]);
  return null;
}

/** Draws nothing: tells `onChange` the platform's status, at once and at each change. */
export function PlatformStatusReader({ onChange }: { onChange: (status: PlatformStatus | null) => void }) {
  return (
    <SharedQueryClientProvider>
      <Reader onChange={onChange} />
    </SharedQueryClientProvider>
  );
}
