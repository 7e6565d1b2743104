//! Schools: registration by the principal, staff, classes, internship weeks and the
//! calendar coordination between nearby schools.

mod admin_http;
mod http;
pub mod model;
pub mod policy;
mod queries;
pub mod rules;
pub mod service;
pub mod staff;
mod staff_http;
pub mod years;

// What other domains may use of the queries and handlers, which stay inside.
pub use admin_http::configure as configure_admin;
pub use http::{configure, year_or_current, ClassResponse};
pub use queries::{
    class_by_id, class_names, classes, classes_all, classes_of_member, classes_of_members, classes_of_schools, insert_member, insert_registration, member,
    member_by_id, member_in_path, reapply_corrections, registration, replace_weeks, schools_of, set_member_classes, staff_with_users, weeks,
};
pub use staff_http::configure as configure_staff;
