//! Schools: registration by the principal, staff, classes, internship weeks and the
//! calendar coordination between nearby schools.

pub mod admin_http;
pub mod http;
pub mod model;
pub mod policy;
pub mod queries;
pub mod rules;
pub mod service;
pub mod staff;
pub mod staff_http;
pub mod years;
