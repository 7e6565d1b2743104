//! Reference data: départements and académies, communes (offline geocoding), collèges and
//! lycées, professional sectors, NAF codes. Loaded by `passerelle import`, read by everyone.

pub mod http;
pub mod import;
pub mod model;
pub mod queries;
pub mod rules;
