// The platform's mode (maintenance and read-only switches), read at start and every minute.
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { keys } from "../api/keys";
import { unwrap } from "../api/query";

export function usePlatformStatusQuery(enabled = true) {
  return useQuery({ queryKey: keys.platformStatus, queryFn: () => unwrap(api.GET("/api/v1/platform-status")), refetchInterval: 60_000, retry: false, enabled });
}
