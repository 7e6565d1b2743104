import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, getSessionUser, onSessionChange, restoreSession, setSession, type Me } from "../api/client";

type SessionState = {
  user: Me | null;
  /** True until the first refresh attempt answered. */
  loading: boolean;
  signIn: (token: string, user: Me) => void;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
};

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const userId = useRef<string | null>(null);

  useEffect(() => {
    const off = onSessionChange((_token, u) => {
      // Another person (or nobody) now: what was read for the previous one is read again.
      if ((u?.id ?? null) !== userId.current) void queryClient.resetQueries();
      userId.current = u?.id ?? null;
      setUser(u);
    });
    // The access token lives in memory only: after a reload, the HttpOnly cookie restores it
    // (asked only when this browser may hold one, and already by main.tsx: it may have answered
    // before this provider listened).
    void restoreSession().finally(() => {
      const u = getSessionUser();
      userId.current = u?.id ?? null;
      setUser(u);
      setLoading(false);
    });
    return off;
  }, [queryClient]);

  const value = useMemo<SessionState>(
    () => ({
      user,
      loading,
      signIn: (token, u) => setSession(token, u),
      signOut: async () => {
        await api.POST("/api/v1/auth/logout", { body: {} }).catch(() => undefined);
        setSession(null, null);
      },
      reload: async () => {
        const { data } = await api.GET("/api/v1/me");
        if (data) setUser(data);
      },
    }),
    [user, loading],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession outside SessionProvider");
  return ctx;
}
