//! Pupils: enrolment in a class, profile and CV, parental consent (the gate before search),
//! and the school staff's follow-up.

pub mod consent_form;
pub mod http;
pub mod invitations;
pub mod model;
pub mod policy;
pub mod queries;
pub mod retention;
pub mod rules;
pub mod staff_http;
