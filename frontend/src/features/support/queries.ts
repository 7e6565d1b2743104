// Support: the contact form (anyone) and the admins' queue (take a ticket, answer by e-mail,
// close or reopen). Every write on a ticket refreshes the ticket and the queue's lists.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import type { QueueFilter } from "./labels";

type Schemas = components["schemas"];
export type NewTicket = Schemas["NewTicketRequest"];
export type TicketSummary = Schemas["TicketSummary"];
export type TicketDetail = Schemas["TicketDetail"];

/** Opens a ticket; the answer carries the reference quoted in the acknowledgement e-mail. */
export const useOpenTicket = () => useMutation({ mutationFn: (body: NewTicket) => unwrap(api.POST("/api/v1/support/tickets", { body })) });

/** One page of the queue, with its filters (admins). */
export function useSupportTickets(filter: QueueFilter) {
  const query = { status: filter.status, category: filter.category, assignee: filter.assignee, page: filter.page };
  return useQuery({
    queryKey: keys.support.list(query),
    queryFn: () => unwrap(api.GET("/api/v1/admin/support/tickets", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useSupportTicket(ticketId: string) {
  return useQuery({
    queryKey: keys.support.ticket(ticketId),
    queryFn: () => unwrap(api.GET("/api/v1/admin/support/tickets/{ticket_id}", { params: { path: { ticket_id: ticketId } } })),
  });
}

/** A write on a ticket: the answer (the ticket as it is now) replaces the cached one; lists are read again. */
function useTicketWrite<V>(ticketId: string, write: (v: V) => Promise<TicketDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (data) => qc.setQueryData(keys.support.ticket(ticketId), data),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.support.all }),
  });
}

const ticketPath = (ticketId: string) => ({ params: { path: { ticket_id: ticketId } } });

/** "Prendre en charge": the ticket is mine. */
export const useTakeTicket = (ticketId: string) =>
  useTicketWrite(ticketId, () => unwrap(api.POST("/api/v1/admin/support/tickets/{ticket_id}/assignee", { ...ticketPath(ticketId), body: {} })));

/** The answer is e-mailed to the person and kept in the thread; `close` closes the ticket with it. */
export const useReplyTicket = (ticketId: string) =>
  useTicketWrite(ticketId, (v: { body: string; close: boolean }) =>
    unwrap(api.POST("/api/v1/admin/support/tickets/{ticket_id}/replies", { ...ticketPath(ticketId), body: v })),
  );

export const useSetTicketStatus = (ticketId: string) =>
  useTicketWrite(ticketId, (status: Schemas["SupportStatus"]) =>
    unwrap(api.PUT("/api/v1/admin/support/tickets/{ticket_id}/status", { ...ticketPath(ticketId), body: { status } })),
  );
