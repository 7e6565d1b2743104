//! The HTTP integration tests, built as one test binary (one link instead of one per file):
//! each file of this folder is a module, sharing the harness in `common/`.

mod common;

mod accounts;
mod agreements;
mod applications;
mod backup;
mod campaigns;
mod external_internships;
mod favourites;
mod legacy_contract;
mod notifications;
mod offers;
mod partners;
mod permissions;
mod platform;
mod pupils;
mod reference;
mod reliability;
mod reporting;
mod schools;
mod search_index;
mod seconde;
