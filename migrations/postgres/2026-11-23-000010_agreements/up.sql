-- One agreement (convention) per confirmed placement: the host fills its part, the school its
-- part, then every party signs the exact text stored here.
CREATE TABLE agreements (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL UNIQUE REFERENCES applications(id),
    pupil_id TEXT NOT NULL REFERENCES users(id),
    offer_id TEXT NOT NULL REFERENCES offers(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    school_uai TEXT NOT NULL REFERENCES schools(uai),
    school_year TEXT NOT NULL,
    -- host_to_fill, school_to_fill, to_sign, signed, cancelled
    status TEXT NOT NULL,
    -- grows at every change of the text: signatures are of one version
    version INTEGER NOT NULL DEFAULT 1,
    host_part TEXT NOT NULL DEFAULT '{}',
    school_part TEXT NOT NULL DEFAULT '{}',
    host_filled_at TIMESTAMP(6),
    school_filled_at TIMESTAMP(6),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    document_text TEXT NOT NULL,
    document_hash TEXT NOT NULL,
    signed_at TIMESTAMP(6),
    cancelled_at TIMESTAMP(6),
    cancel_reason TEXT,
    attestation_requested_at TIMESTAMP(6),
    attestation_issued_at TIMESTAMP(6),
    attestation_issued_by TEXT,
    last_reminder_at TIMESTAMP(6),
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX agreements_pupil ON agreements (pupil_id);
CREATE INDEX agreements_organisation ON agreements (organisation_id, status);
CREATE INDEX agreements_school ON agreements (school_uai, status);

-- Who signed what: the hash of the exact text, how, from where. Voided, never deleted.
CREATE TABLE agreement_signatures (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements(id),
    version INTEGER NOT NULL,
    -- host, school, pupil, legal_rep_1, legal_rep_2
    party TEXT NOT NULL,
    signer_user_id TEXT REFERENCES users(id),
    signer_name TEXT NOT NULL,
    -- account, link_code
    method TEXT NOT NULL,
    ip TEXT NOT NULL,
    document_hash TEXT NOT NULL,
    signed_at TIMESTAMP(6) NOT NULL,
    voided_at TIMESTAMP(6)
);
-- One live signature per party: a double click signs once.
CREATE UNIQUE INDEX agreement_signatures_live ON agreement_signatures (agreement_id, party) WHERE voided_at IS NULL;

-- Single-use signing links for legal representatives (no account): link + one-time code.
CREATE TABLE signing_links (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements(id),
    party TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    destination TEXT NOT NULL,
    code_hash TEXT,
    code_expires_at TIMESTAMP(6),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_at TIMESTAMP(6),
    used_at TIMESTAMP(6),
    revoked_at TIMESTAMP(6),
    expires_at TIMESTAMP(6) NOT NULL,
    created_by TEXT,
    created_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX signing_links_agreement ON signing_links (agreement_id, party, created_at);

-- Staff members the principal lets fill and sign agreements for the school.
CREATE TABLE agreement_delegates (
    school_uai TEXT NOT NULL REFERENCES schools(uai),
    user_id TEXT NOT NULL REFERENCES users(id),
    granted_by TEXT NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (school_uai, user_id)
);

-- Absences and illnesses the tutor reports during the internship.
CREATE TABLE absence_reports (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements(id),
    day DATE NOT NULL,
    -- absence, illness
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    reported_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX absence_reports_agreement ON absence_reports (agreement_id);
