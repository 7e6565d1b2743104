//! Table definitions shared by both backends (written by hand: only portable SQL types).

diesel::table! {
    users (id) {
        id -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        password_hash -> Text,
        role -> Text,
        staff_function -> Nullable<Text>,
        scope_kind -> Nullable<Text>,
        scope_code -> Nullable<Text>,
        first_name -> Text,
        last_name -> Text,
        confirmed_at -> Nullable<Timestamp>,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        pending_email -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
        anonymised_at -> Nullable<Timestamp>,
        totp_secret -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        totp_last_step -> BigInt,
        retention_notice_at -> Nullable<Timestamp>,
        suspended_at -> Nullable<Timestamp>,
        suspended_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        family_expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    one_time_codes (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        target -> Nullable<Text>,
        attempts -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        run_at -> Timestamp,
        claim -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        done_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(one_time_codes -> users (user_id));

diesel::table! {
    departments (code) {
        code -> Text,
        name -> Text,
        region_code -> Text,
        region_name -> Text,
        zone -> Text,
        academie_code -> Nullable<Text>,
        academie_name -> Nullable<Text>,
        academie_email_domain -> Nullable<Text>,
    }
}

diesel::table! {
    communes (id) {
        id -> Text,
        insee_code -> Text,
        name -> Text,
        search_text -> Text,
        kind -> Text,
        parent_code -> Nullable<Text>,
        department_code -> Text,
        region_code -> Text,
        academie_code -> Nullable<Text>,
        postal_codes -> Text,
        population -> Nullable<Integer>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
    }
}

diesel::table! {
    schools (uai) {
        uai -> Text,
        kind -> Text,
        name -> Text,
        search_text -> Text,
        status -> Text,
        nature_label -> Text,
        address -> Text,
        postal_code -> Text,
        commune_code -> Text,
        commune_name -> Text,
        department_code -> Text,
        academie_code -> Text,
        region_code -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        priority_education -> Nullable<Text>,
        qpv -> Nullable<Text>,
        general_or_technological -> Nullable<Bool>,
    }
}

diesel::table! {
    sectors (id) {
        id -> Text,
        name -> Text,
        onisep_url -> Nullable<Text>,
    }
}

diesel::table! {
    naf_codes (code) {
        code -> Text,
        level -> Text,
        label -> Text,
        sector_id -> Nullable<Text>,
    }
}

diesel::table! {
    school_registrations (uai) {
        uai -> Text,
        registered_by -> Text,
        registered_at -> Timestamp,
        national_search -> Bool,
        search_radius_km -> Integer,
        priority_derogation_by -> Nullable<Text>,
        priority_derogation_at -> Nullable<Timestamp>,
        priority_derogation_reason -> Nullable<Text>,
        splits_allowed -> Bool,
        consent_scan_required -> Bool,
    }
}

diesel::table! {
    school_staff (id) {
        id -> Text,
        school_uai -> Text,
        user_id -> Text,
        function -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    school_classes (id) {
        id -> Text,
        school_uai -> Text,
        school_year -> Text,
        name -> Text,
        grade -> Text,
        created_at -> Timestamp,
        archived_at -> Nullable<Timestamp>,
        join_code -> Nullable<Text>,
    }
}

diesel::table! {
    school_weeks (id) {
        id -> Text,
        school_uai -> Text,
        school_year -> Text,
        grade_family -> Text,
        iso_year -> Integer,
        iso_week -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(school_registrations -> schools (uai));

diesel::table! {
    staff_classes (staff_id, class_id) {
        staff_id -> Text,
        class_id -> Text,
    }
}

diesel::table! {
    pupils (user_id) {
        user_id -> Text,
        school_uai -> Text,
        class_id -> Text,
        birth_date -> Nullable<Date>,
        gender -> Text,
        home_postal_code -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        legal_representatives -> Text,
        cv -> Text,
        consent_date -> Nullable<Date>,
        consent_recorded_by -> Nullable<Text>,
        consent_recorded_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        consent_document_id -> Nullable<Text>,
        split_requested_at -> Nullable<Timestamp>,
        split_approved_at -> Nullable<Timestamp>,
        split_approved_by -> Nullable<Text>,
        join_status -> Text,
        lives_in_qpv -> Bool,
        ine -> Nullable<Text>,
    }
}

diesel::joinable!(pupils -> users (user_id));

diesel::table! {
    school_years (label) {
        label -> Text,
        seconde_weeks -> Text,
        updated_by -> Text,
        updated_at -> Timestamp,
        starts_on -> Nullable<Date>,
        ends_on -> Nullable<Date>,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<Text>,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        owner_id -> Text,
        kind -> Text,
        content_type -> Text,
        file_name -> Text,
        size_bytes -> Integer,
        content -> Binary,
        uploaded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ministries (id) {
        id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        siret -> Text,
        kind -> Text,
        is_public -> Bool,
        ministry_id -> Nullable<Text>,
        group_name -> Nullable<Text>,
        naf_code -> Nullable<Text>,
        sector_id -> Nullable<Text>,
        address -> Text,
        postal_code -> Text,
        city -> Text,
        commune_code -> Nullable<Text>,
        department_code -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organisation_members (organisation_id, user_id) {
        organisation_id -> Text,
        user_id -> Text,
        invited_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    offers (id) {
        id -> Text,
        organisation_id -> Text,
        created_by -> Text,
        status -> Text,
        hidden -> Bool,
        school_year -> Text,
        grade_family -> Text,
        title -> Text,
        description -> Text,
        sector_id -> Text,
        jobs -> Text,
        activities -> Text,
        address -> Text,
        postal_code -> Text,
        city -> Text,
        department_code -> Text,
        latitude -> Double,
        longitude -> Double,
        tutor -> Text,
        places_per_week -> Integer,
        group_mode -> Text,
        rep_only -> Bool,
        schedule -> Text,
        lunch -> Text,
        accessibility -> Text,
        practical_info -> Text,
        search_text -> Text,
        geo_id -> Nullable<BigInt>,
        renewed_from -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    offers_two_weeks_only (offer_id) {
        offer_id -> Text,
    }
}

diesel::table! {
    offer_weeks (offer_id, iso_year, iso_week) {
        offer_id -> Text,
        iso_year -> Integer,
        iso_week -> Integer,
        places -> Integer,
        confirmed -> Integer,
    }
}

diesel::table! {
    offer_schools (offer_id, uai) {
        offer_id -> Text,
        uai -> Text,
    }
}

diesel::table! {
    offer_reports (id) {
        id -> Text,
        offer_id -> Text,
        reported_by -> Text,
        reason -> Text,
        status -> Text,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Text,
        key -> Text,
        operation -> Text,
        status -> Integer,
        body -> Text,
        created_at -> Timestamp,
        request_hash -> Text,
    }
}

diesel::table! {
    applications (id) {
        id -> Text,
        pupil_id -> Text,
        offer_id -> Text,
        school_uai -> Text,
        school_year -> Text,
        status -> Text,
        weeks_key -> Text,
        motivation -> Text,
        distance_km -> Nullable<Double>,
        reason -> Nullable<Text>,
        submitted_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        answered_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        reminder_5_sent -> Bool,
        reminder_1_sent -> Bool,
        travel_message_sent -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    application_weeks (application_id, iso_year, iso_week) {
        application_id -> Text,
        pupil_id -> Text,
        iso_year -> Integer,
        iso_week -> Integer,
        confirmed -> Bool,
    }
}

diesel::table! {
    campaign_targets (school_year, scope_kind, code) {
        school_year -> Text,
        scope_kind -> Text,
        code -> Text,
        label -> Text,
        target_total -> Integer,
        target_public -> Integer,
        target_private -> Integer,
    }
}

diesel::table! {
    stats_counters (school_year, department_code, sector_id, metric, segment) {
        school_year -> Text,
        department_code -> Text,
        sector_id -> Text,
        metric -> Text,
        segment -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    stats_meta (id) {
        id -> Integer,
        refreshed_at -> Timestamp,
        generation -> BigInt,
    }
}

diesel::table! {
    agreements (id) {
        id -> Text,
        application_id -> Text,
        pupil_id -> Text,
        offer_id -> Text,
        organisation_id -> Text,
        school_uai -> Text,
        school_year -> Text,
        status -> Text,
        version -> Integer,
        host_part -> Text,
        school_part -> Text,
        host_filled_at -> Nullable<Timestamp>,
        school_filled_at -> Nullable<Timestamp>,
        starts_on -> Date,
        ends_on -> Date,
        document_text -> Text,
        document_hash -> Text,
        signed_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        attestation_requested_at -> Nullable<Timestamp>,
        attestation_issued_at -> Nullable<Timestamp>,
        attestation_issued_by -> Nullable<Text>,
        last_reminder_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        attestation_days_present -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_signatures (id) {
        id -> Text,
        agreement_id -> Text,
        version -> Integer,
        party -> Text,
        signer_user_id -> Nullable<Text>,
        signer_name -> Text,
        method -> Text,
        ip -> Text,
        document_hash -> Text,
        signed_at -> Timestamp,
        voided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    signing_links (id) {
        id -> Text,
        agreement_id -> Text,
        party -> Text,
        token_hash -> Text,
        channel -> Text,
        destination -> Text,
        code_hash -> Nullable<Text>,
        code_expires_at -> Nullable<Timestamp>,
        failed_attempts -> Integer,
        locked_at -> Nullable<Timestamp>,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        expires_at -> Timestamp,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_delegates (school_uai, user_id) {
        school_uai -> Text,
        user_id -> Text,
        granted_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    absence_reports (id) {
        id -> Text,
        agreement_id -> Text,
        day -> Date,
        kind -> Text,
        note -> Text,
        reported_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    operators (id) {
        id -> Text,
        organisation_id -> Text,
        departments -> Text,
        full_search -> Bool,
        open_data -> Bool,
        rate_limit_per_minute -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        legacy_token_hash -> Nullable<Text>,
    }
}

diesel::table! {
    api_credentials (id) {
        id -> Text,
        operator_id -> Text,
        client_id -> Text,
        secret_hash -> Text,
        label -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        rotated_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    partner_offers (offer_id) {
        offer_id -> Text,
        operator_id -> Text,
        remote_id -> Text,
        permalink -> Text,
        body -> Text,
        body_hash -> Text,
        clicks -> BigInt,
        expired_notified -> Bool,
        deleted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    partner_rate (operator_id, window_start) {
        operator_id -> Text,
        window_start -> BigInt,
        hits -> Integer,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        operator_id -> Text,
        url -> Text,
        events -> Text,
        secret -> Text,
        active -> Bool,
        last_summary_on -> Nullable<Date>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        response_status -> Nullable<Integer>,
        error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    platform_settings (id) {
        id -> Integer,
        mode -> Text,
        message -> Text,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    campaigns (school_year, grade_family) {
        school_year -> Text,
        grade_family -> Text,
        hosts_open_at -> Nullable<Timestamp>,
        search_open_at -> Nullable<Timestamp>,
        apply_open_at -> Nullable<Timestamp>,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(offers -> organisations (organisation_id));
diesel::joinable!(applications -> offers (offer_id));
diesel::joinable!(application_weeks -> applications (application_id));
diesel::joinable!(offer_weeks -> offers (offer_id));
diesel::joinable!(organisation_members -> organisations (organisation_id));

diesel::table! {
    renewal_invitations (school_year, organisation_id) {
        school_year -> Text,
        organisation_id -> Text,
        offers -> Integer,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Text,
        actor_role -> Text,
        action -> Text,
        resource -> Text,
        resource_id -> Text,
        pupil_id -> Text,
        school_uai -> Text,
    }
}

diesel::table! {
    periodic_runs (name) {
        name -> Text,
        last_run_at -> Timestamp,
    }
}

diesel::table! {
    organisation_invitations (id) {
        id -> Text,
        organisation_id -> Text,
        user_id -> Text,
        invited_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    consent_withdrawals (id) {
        id -> Text,
        pupil_id -> Text,
        school_uai -> Text,
        consent_date -> Date,
        reason -> Text,
        withdrawn_by -> Text,
        withdrawn_at -> Timestamp,
    }
}

diesel::table! {
    admin_actions (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Text,
        method -> Text,
        path -> Text,
        status -> Integer,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    session_revocations,
    sealed_checks,
    offer_clicks,
    login_throttles,
    admin_actions,
    organisation_invitations,
    consent_withdrawals,
    periodic_runs,
    audit_log,
    renewal_invitations,
    campaigns,
    platform_settings,
    webhooks,
    webhook_deliveries,
    operators,
    api_credentials,
    partner_offers,
    partner_rate,
    agreements,
    agreement_signatures,
    signing_links,
    agreement_delegates,
    absence_reports,
    users,
    refresh_tokens,
    one_time_codes,
    jobs,
    departments,
    communes,
    schools,
    sectors,
    naf_codes,
    school_registrations,
    school_staff,
    school_classes,
    school_weeks,
    staff_classes,
    pupils,
    school_years,
    documents,
    ministries,
    organisations,
    organisation_members,
    offers,
    offer_weeks,
    offer_schools,
    offer_reports,
    idempotency_keys,
    applications,
    application_weeks,
    campaign_targets,
    stats_counters,
    stats_meta,
);

diesel::table! {
    session_revocations (id) {
        id -> Text,
        family_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sealed_checks (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    offer_clicks (offer_id, visitor, day) {
        offer_id -> Text,
        visitor -> Text,
        day -> Date,
    }
}

diesel::table! {
    login_throttles (identifier) {
        identifier -> Text,
        failures -> Integer,
        last_failure_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    school_corrections (uai) {
        uai -> Text,
        fields -> Text,
        corrected_by -> Text,
        corrected_at -> Timestamp,
    }
}

diesel::table! {
    school_merges (from_uai) {
        from_uai -> Text,
        into_uai -> Text,
        merged_by -> Text,
        merged_at -> Timestamp,
    }
}

diesel::table! {
    support_tickets (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        name -> Text,
        email -> Text,
        category -> Text,
        subject -> Text,
        message -> Text,
        page -> Text,
        status -> Text,
        assignee_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    support_messages (id) {
        id -> Text,
        ticket_id -> Text,
        author_id -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    terms_acceptances (user_id, version) {
        user_id -> Text,
        version -> Integer,
        accepted_at -> Timestamp,
    }
}

diesel::table! {
    pupil_feedback (application_id) {
        application_id -> Text,
        pupil_id -> Text,
        offer_id -> Text,
        organisation_id -> Text,
        asked_at -> Timestamp,
        reminded_at -> Nullable<Timestamp>,
        submitted_at -> Nullable<Timestamp>,
        observed -> Text,
        recommend -> Nullable<Bool>,
        jobs -> Text,
        for_class -> Text,
    }
}

diesel::table! {
    week_assessments (application_id, author_side) {
        application_id -> Text,
        author_side -> Text,
        author_id -> Text,
        attendance -> Text,
        behaviour -> Text,
        word -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    school_corrections,
    school_merges,
    support_tickets,
    support_messages,
    terms_acceptances,
    pupil_feedback,
    week_assessments,
);
diesel::allow_tables_to_appear_in_same_query!(support_tickets, users);

diesel::table! {
    favourites (pupil_id, offer_id) {
        pupil_id -> Text,
        offer_id -> Text,
        created_at -> Timestamp,
    }
}
diesel::allow_tables_to_appear_in_same_query!(favourites, offers);

diesel::table! {
    stats_daily (school_year, day, department_code, metric) {
        school_year -> Text,
        day -> Date,
        department_code -> Text,
        metric -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    kpi_mail_opt_outs (user_id) {
        user_id -> Text,
        created_at -> Timestamp,
    }
}
diesel::allow_tables_to_appear_in_same_query!(kpi_mail_opt_outs, users);

diesel::table! {
    external_internships (id) {
        id -> Text,
        pupil_id -> Text,
        school_uai -> Text,
        school_year -> Text,
        status -> Text,
        host_name -> Text,
        siret -> Nullable<Text>,
        street -> Text,
        postal_code -> Text,
        city -> Text,
        weeks -> Text,
        agreement_document_id -> Nullable<Text>,
        declared_by -> Text,
        declared_at -> Timestamp,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        rejection_reason -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}
diesel::allow_tables_to_appear_in_same_query!(external_internships, users);

diesel::table! {
    boarding_houses (uai) {
        uai -> Text,
        name -> Text,
        address -> Text,
        postal_code -> Text,
        city -> Text,
        department_code -> Text,
        latitude -> Double,
        longitude -> Double,
        places -> Nullable<Integer>,
        contact -> Nullable<Text>,
    }
}
