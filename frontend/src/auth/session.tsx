import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, getSessionUser, onSessionChange, restoreSession, setSession, type Me } from "../api/client";
import { loadedQueryClient } from "../api/sharedQueryClientLoader";

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
  const [user, setUser] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const userId = useRef<string | null>(null);

  useEffect(() => {
    const off = onSessionChange((_token, u) => {
      // Another person (or nobody) now: what was read for the previous one is read again (the one
      // query cache's, if its code has come: before, nothing was read into it; issue 31).
      if ((u?.id ?? null) !== userId.current) void loadedQueryClient()?.resetQueries();
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
  }, []);

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
