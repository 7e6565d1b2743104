// Cache keys, one factory per resource. A key is a path from the general to the particular, so
// invalidating a prefix (`keys.schools.one(uai)`) refreshes everything below it.

type Query = Record<string, string | number | undefined>;

export const keys = {
  me: ["me"] as const,
  /** The terms of use in force and whether the signed-in person accepted them. */
  terms: ["me", "terms"] as const,
  /** Whether a referent or an admin gets the weekly figures by e-mail. */
  kpiEmail: ["me", "kpi-email"] as const,
  platformStatus: ["platform-status"] as const,
  reference: {
    sectors: ["reference", "sectors"] as const,
    ministries: ["reference", "ministries"] as const,
    departments: ["reference", "departments"] as const,
    mapSettings: ["reference", "map-settings"] as const,
    schools: (q: string) => ["reference", "schools", q] as const,
    communes: (q: string) => ["reference", "communes", q] as const,
  },
  schools: {
    all: ["schools"] as const,
    mine: ["schools", "mine"] as const,
    one: (uai: string) => ["schools", uai] as const,
    dashboard: (uai: string, year?: string) => (year ? (["schools", uai, "dashboard", year] as const) : (["schools", uai, "dashboard"] as const)),
    classes: (uai: string, year?: string) => (year ? (["schools", uai, "classes", year] as const) : (["schools", uai, "classes"] as const)),
    publicClasses: (uai: string) => ["schools", uai, "public-classes"] as const,
    weeks: (uai: string, year: string) => ["schools", uai, "weeks", year] as const,
    staff: (uai: string) => ["schools", uai, "staff"] as const,
    pupils: (uai: string) => ["schools", uai, "pupils"] as const,
    /** Pupils who asked to join a class without its code, waiting for the staff's answer. */
    joinRequests: (uai: string) => ["schools", uai, "join-requests"] as const,
    pupil: (uai: string, pupilId: string) => ["schools", uai, "pupils", pupilId] as const,
    pupilApplications: (uai: string, pupilId: string) => ["schools", uai, "pupils", pupilId, "applications"] as const,
    audit: (uai: string, pupilId: string) => ["schools", uai, "audit", pupilId] as const,
    /** Internships found elsewhere that the staff member follows (`all`, or one status). */
    externalInternships: (uai: string, status?: string) => ["schools", uai, "external-internships", status ?? "all"] as const,
    /** The school's access log (every pupil), one page. */
    accessLog: (uai: string, page: number) => ["schools", uai, "access-log", page] as const,
  },
  pupils: {
    me: ["pupils", "me"] as const,
    /** The pupil's internships found outside Passerelle (declared, validated, refused). */
    externalInternships: ["pupils", "me", "external-internships"] as const,
  },
  /** The offers a pupil starred ("Mes favoris"), newest first. */
  favourites: {
    mine: ["favourites", "mine"] as const,
  },
  organisations: {
    mine: ["organisations", "mine"] as const,
    /** Under `mine`: whatever changes the host's organisations refreshes their offers too. */
    offers: (orgId: string) => ["organisations", "mine", orgId, "offers"] as const,
    one: (orgId: string) => ["organisations", "mine", orgId] as const,
    members: (orgId: string) => ["organisations", "mine", orgId, "members"] as const,
    /** The host's inbox, refreshed with everything under `mine` (an answer changes it). */
    inbox: (orgId: string) => ["organisations", "mine", orgId, "applications"] as const,
    /** The confirmed placements, under the inbox's key: what refreshes one refreshes both. */
    confirmed: (orgId: string) => ["organisations", "mine", orgId, "applications", "confirmed"] as const,
    invitations: ["organisations", "invitations"] as const,
    /** For the offer form: the weeks the schools around a place chose, with their pupils. */
    weeksAround: (q: Query) => ["organisations", "weeks-around", q] as const,
  },
  offers: {
    all: ["offers"] as const,
    detail: (offerId: string) => ["offers", offerId] as const,
    applications: (offerId: string) => ["offers", offerId, "applications"] as const,
    /** How far it is from the pupil, the guide's lodging message, the boarding houses near it. */
    lodging: (offerId: string) => ["offers", offerId, "lodging"] as const,
    search: (q: Query) => ["offers", "search", q] as const,
    map: (q: Query) => ["offers", "map", q] as const,
    /** Keyword suggestions for the text typed so far (one entry per text: typing back is instant). */
    suggestions: (q: string) => ["offers", "suggestions", q] as const,
  },
  applications: {
    all: ["applications"] as const,
    mine: ["applications", "mine"] as const,
    /** One application as its host sees it (opening it marks it read). */
    host: (applicationId: string) => ["applications", "host", applicationId] as const,
  },
  agreements: {
    all: ["agreements"] as const,
    list: ["agreements", "list"] as const,
    detail: (agreementId: string) => ["agreements", agreementId] as const,
    signing: (token: string) => ["signing", token] as const,
  },
  operators: {
    mine: ["operators", "mine"] as const,
    admin: ["operators", "admin"] as const,
    credentials: (operatorId: string) => ["operators", operatorId, "credentials"] as const,
    webhooks: (operatorId: string) => ["operators", operatorId, "webhooks"] as const,
    deliveries: (operatorId: string, webhookId: string) => ["operators", operatorId, "webhooks", webhookId, "deliveries"] as const,
    offers: (operatorId: string) => ["operators", operatorId, "offers"] as const,
  },
  admin: {
    offerReports: ["admin", "offer-reports"] as const,
    users: (q: Query) => ["admin", "users", q] as const,
    /** What admins changed, one page of the journal with its filters. */
    audit: (q: Query) => ["admin", "audit", q] as const,
    hiddenOffers: ["admin", "hidden-offers"] as const,
    targets: (schoolYear: string) => ["admin", "targets", schoolYear] as const,
    /** Everyone who appears in the journal, former admins included (its actor filter). */
    auditActors: ["admin", "audit-actors"] as const,
    /** The back office's search for duplicate organisations and schools. */
    organisations: (q: string) => ["admin", "organisations", q] as const,
    schools: (q: string) => ["admin", "schools", q] as const,
  },
  support: {
    /** The admins' support queue: every list below it, with its filters. */
    all: ["support"] as const,
    list: (q: Query) => ["support", "list", q] as const,
    ticket: (ticketId: string) => ["support", "ticket", ticketId] as const,
  },
  schoolYears: {
    all: ["school-years"] as const,
    detail: (year: string) => ["school-years", year] as const,
  },
  campaigns: (year: string) => ["campaigns", year] as const,
  /** After the internship: the pupil's questions, what a school or a host reads, the week's words. */
  feedback: {
    mine: ["feedback", "mine"] as const,
    school: (uai: string, classId?: string) => ["feedback", "school", uai, classId ?? ""] as const,
    organisation: (orgId: string, year: string) => ["feedback", "organisation", orgId, year] as const,
    quality: (q: Query) => ["feedback", "quality", q] as const,
    assessments: (agreementId: string) => ["feedback", "assessments", agreementId] as const,
  },
  stats: {
    dashboard: (q: Query) => ["stats", "dashboard", q] as const,
    /** The REP and REP+ schools that have not started (under `stats`: a refresh reads them again). */
    prioritySchools: (q: Query) => ["stats", "priority-schools", q] as const,
    /** The campaign day by day (under `stats`: a refresh reads it again). */
    series: (q: Query) => ["stats", "series", q] as const,
    public: ["stats", "public"] as const,
  },
};
