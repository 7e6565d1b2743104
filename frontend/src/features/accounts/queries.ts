// Accounts: sign-up, sign-in, confirmation, passwords, e-mail, two-factor authentication and
// personal data. Writes about the signed-in person re-read the session's user.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import { useSession } from "../../auth/session";

type Schemas = components["schemas"];

export const useSignup = () => useMutation({ mutationFn: (body: Schemas["SignupRequest"]) => unwrap(api.POST("/api/v1/auth/signup", { body })) });

export const useLogin = () => useMutation({ mutationFn: (body: Schemas["LoginRequest"]) => unwrap(api.POST("/api/v1/auth/login", { body })) });

export const useConfirmAccount = () => useMutation({ mutationFn: (body: Schemas["ConfirmRequest"]) => unwrap(api.POST("/api/v1/auth/confirm", { body })) });

export const useResendConfirmation = () =>
  useMutation({ mutationFn: (identifier: string) => unwrap(api.POST("/api/v1/auth/confirm/resend", { body: { identifier } })) });

export const useConfirmEmail = () => useMutation({ mutationFn: (token: string) => unwrap(api.POST("/api/v1/auth/email/confirm", { body: { token } })) });

export const useForgotPassword = () =>
  useMutation({ mutationFn: (identifier: string) => unwrap(api.POST("/api/v1/auth/password/forgot", { body: { identifier } })) });

/** The lock-out mail's link: lets the mailbox's owner sign in again at once. */
export const useUnlockAccount = () => useMutation({ mutationFn: (token: string) => unwrap(api.POST("/api/v1/auth/unlock", { body: { token } })) });

export const useResetPassword = () =>
  useMutation({ mutationFn: (body: Schemas["ResetPasswordRequest"]) => unwrap(api.POST("/api/v1/auth/password/reset", { body })) });

/** A change to the signed-in person: the session's user is read again afterwards. */
function useMeMutation<V, T>(write: (v: V) => Promise<T>) {
  const { reload } = useSession();
  return useMutation({ mutationFn: write, onSuccess: () => reload() });
}

export const useUpdateNames = () => useMeMutation((body: { first_name: string; last_name: string }) => unwrap(api.PATCH("/api/v1/me", { body })));

export const useChangeEmail = () => useMeMutation((body: { new_email: string; current_password: string }) => unwrap(api.POST("/api/v1/me/email", { body })));

export const useDisableTotp = () => useMeMutation((code: string) => unwrap(api.DELETE("/api/v1/me/totp", { body: { code } })));

export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) => unwrap(api.POST("/api/v1/me/password", { body: { ...body, use_cookie: true } })),
  });

export const useStartTotp = () => useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/me/totp")) });

export const useConfirmTotp = () => useMutation({ mutationFn: (code: string) => unwrap(api.POST("/api/v1/me/totp/confirm", { body: { code } })) });

/** Everything kept about me, as JSON (read on demand, never cached). */
export const useExportMyData = () => useMutation({ mutationFn: () => unwrap(api.GET("/api/v1/me/export")) });

export const useDeleteAccount = () => useMutation({ mutationFn: (password: string) => unwrap(api.POST("/api/v1/me/deletion", { body: { password } })) });

/** The terms of use in force and whether I accepted them (asked once after each new version). */
export const useMyTerms = (enabled: boolean) =>
  useQuery({ queryKey: keys.terms, queryFn: () => unwrap(api.GET("/api/v1/me/terms")), enabled, staleTime: Infinity });

/** Accepts the version read; a 409 TERMS_CHANGED means another one is in force: read it again. */
export function useAcceptTerms() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => unwrap(api.POST("/api/v1/me/terms", { body: { version } })),
    onSuccess: (data) => qc.setQueryData(keys.terms, data),
    onError: () => qc.invalidateQueries({ queryKey: keys.terms }),
  });
}

/** The weekly figures by e-mail (referents and admins): subscribed or not. */
export const useKpiEmail = (enabled: boolean) => useQuery({ queryKey: keys.kpiEmail, queryFn: () => unwrap(api.GET("/api/v1/me/kpi-email")), enabled });

export function useSetKpiEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (subscribed: boolean) => unwrap(api.PUT("/api/v1/me/kpi-email", { body: { subscribed } })),
    onSuccess: (data) => qc.setQueryData(keys.kpiEmail, data),
  });
}
