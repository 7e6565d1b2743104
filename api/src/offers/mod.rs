//! Offers: published by host organisations, found by pupils nearest first in their weeks.
//!
//! Other domains use what this file exports. The handlers and the queries stay inside: an offer
//! is written only through `save` (its row, weeks and search index together).

mod http;
pub mod index;
pub mod lodging;
pub mod model;
pub mod moderation;
mod queries;
pub mod rules;
pub mod search;
pub mod service;
pub mod suggest;

pub use http::{configure, CursorQuery, SearchQuery, SearchResponse};
pub(crate) use http::{run_search, run_search_for_school, search_request};
pub use queries::{
    count_by_organisation, find, in_box_with, load_many, move_school, move_to_organisation, of_organisation, organisation_names, page_names, reserved_among,
    reserved_schools, save, sector_names, sector_rank, two_weeks_only, week_key, weeks, weeks_of, SearchFilter, Write, PG_SEARCH_COLUMNS_BACKFILL,
};
