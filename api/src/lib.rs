//! Passerelle: the platform where pupils find, apply to and complete their observation
//! internships. One module per domain; shared parts alongside.

pub mod accounts;
pub mod agreements;
pub mod app;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod external_internships;
pub mod favourites;
pub mod feedback;
pub mod http;
pub mod ids;
pub mod jobs;
pub mod notifications;
pub mod offers;
pub mod openapi;
pub mod organisations;
pub mod partners;
pub mod platform;
pub mod pupils;
pub mod reference;
pub mod reporting;
pub mod schools;
pub mod state;
pub mod support;
pub mod telemetry;
pub mod working_hours;
