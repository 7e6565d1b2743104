import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, onSessionChange, refreshSession, setSession, type Me } from "../api/client";

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

  useEffect(() => {
    const off = onSessionChange((_token, u) => setUser(u));
    // The access token lives in memory only: after a reload, the HttpOnly cookie restores it.
    refreshSession().finally(() => setLoading(false));
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
