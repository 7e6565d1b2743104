//! Offers: published by host organisations, found by pupils nearest first in their weeks.

pub mod http;
pub mod model;
pub mod moderation;
pub mod queries;
pub mod rules;
pub mod search;
pub mod service;
