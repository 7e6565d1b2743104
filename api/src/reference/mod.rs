//! Reference data: départements and académies, communes (offline geocoding), collèges and
//! lycées, professional sectors, NAF codes. Loaded by `passerelle import`, read by everyone.

mod http;
pub mod import;
pub mod model;
mod queries;
pub mod rules;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::{configure, SchoolSummary};
pub use queries::{
    boarding_houses_near, department, departments, geocode, geocode_address, naf, school, schools_by_uai, schools_near, search_schools, sector_exists, sectors,
};
