-- An admin's correction of a school's reference row (name, address, place). The reference
-- import overwrites the row and then applies the corrections again.
CREATE TABLE school_corrections (
    uai TEXT PRIMARY KEY NOT NULL,
    fields TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_at TIMESTAMP NOT NULL
);
-- A school registered twice (under an old and a new UAI): everything moved to `into_uai`, and
-- `from_uai` can no longer be registered.
CREATE TABLE school_merges (
    from_uai TEXT PRIMARY KEY NOT NULL,
    into_uai TEXT NOT NULL,
    merged_by TEXT NOT NULL,
    merged_at TIMESTAMP NOT NULL
);
-- Support: a ticket from the contact form, answered by admins by e-mail.
CREATE TABLE support_tickets (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    category TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    page TEXT NOT NULL,
    -- open, closed
    status TEXT NOT NULL,
    assignee_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP
);
CREATE INDEX support_tickets_status ON support_tickets(status, created_at);
CREATE TABLE support_messages (
    id TEXT PRIMARY KEY NOT NULL,
    ticket_id TEXT NOT NULL REFERENCES support_tickets(id) ON DELETE CASCADE,
    -- NULL: the person who wrote the ticket; otherwise the admin who answered.
    author_id TEXT,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX support_messages_ticket ON support_messages(ticket_id, created_at);
-- Which version of the terms of use each person accepted, and when.
CREATE TABLE terms_acceptances (
    user_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    accepted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, version)
);
-- After the internship: the pupil's feedback, asked after the last day and reminded once.
CREATE TABLE pupil_feedback (
    application_id TEXT PRIMARY KEY NOT NULL,
    pupil_id TEXT NOT NULL,
    offer_id TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    asked_at TIMESTAMP NOT NULL,
    reminded_at TIMESTAMP,
    submitted_at TIMESTAMP,
    observed TEXT NOT NULL DEFAULT '',
    recommend BOOLEAN,
    jobs TEXT NOT NULL DEFAULT '',
    for_class TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pupil_feedback_pupil ON pupil_feedback(pupil_id);
CREATE INDEX pupil_feedback_organisation ON pupil_feedback(organisation_id);
-- The host's and the teacher's word on the week (optional).
CREATE TABLE week_assessments (
    application_id TEXT NOT NULL,
    -- host, school
    author_side TEXT NOT NULL,
    author_id TEXT NOT NULL,
    -- full, partial, absent
    attendance TEXT NOT NULL,
    behaviour TEXT NOT NULL DEFAULT '',
    word TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, author_side)
);
-- The hourly pass that asks pupils for their feedback (one replica at a time).
INSERT INTO periodic_runs (name, last_run_at) VALUES ('feedback', '1970-01-01 00:00:00');
