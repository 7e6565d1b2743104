//! Reporting for State referents: indicators by territory, sector, gender and public/private
//! against the campaign targets, from counters the job runner rebuilds (never raw scans on a
//! request); public open data with small figures suppressed.

pub mod http;
pub mod queries;
pub mod rules;
pub mod service;
