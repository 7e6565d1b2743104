//! One way to page a growing list, for every native list that grows (the offer search alone
//! pages by cursor, being ordered by distance): `page` (from 1) and `per_page` (1 to 200, 50 by
//! default) in the query; `{items, total, page, per_page, total_pages}` in the answer; past the
//! end, no items and the real totals. Lists bounded by their parent (a school's classes, one
//! person's applications) come whole, as arrays; type-ahead lookups give their first `limit`
//! matches.

use serde::Deserialize;
use utoipa::IntoParams;

pub const PER_PAGE_DEFAULT: u32 = 50;
pub const PER_PAGE_MAX: u32 = 200;
pub const PAGE_MAX: u32 = 100_000;

/// The page asked for.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// From 1 (the default); beyond the end: no items, the real totals.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u32>,
    /// 1 to 200 (50 by default).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// The page answered: bounds applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl PageQuery {
    pub fn paging(self) -> Paging {
        Paging { page: self.page.unwrap_or(1).clamp(1, PAGE_MAX), per_page: self.per_page.unwrap_or(PER_PAGE_DEFAULT).clamp(1, PER_PAGE_MAX) }
    }
}

impl Paging {
    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(self) -> i64 {
        i64::from(self.per_page)
    }

    pub fn total_pages(self, total: i64) -> u32 {
        u32::try_from((total.max(0) + i64::from(self.per_page) - 1) / i64::from(self.per_page)).unwrap_or(u32::MAX)
    }
}

/// Declares the answer of a paged list of `$item`, named `$name` in the OpenAPI document.
#[macro_export]
macro_rules! paged {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            /// Items in the whole list.
            pub total: i64,
            pub page: u32,
            pub per_page: u32,
            pub total_pages: u32,
        }

        impl $name {
            pub fn of(items: Vec<$item>, total: i64, p: $crate::http::paging::Paging) -> Self {
                $name { items, total, page: p.page, per_page: p.per_page, total_pages: p.total_pages(total) }
            }
        }
    };
}

/// The native lists answered whole, as arrays: each is bounded by its parent (one school, one
/// organisation, one person, one agreement) or is reference data. A new array-returning list
/// joins this list deliberately, or takes pages or a `limit`.
#[cfg(test)]
const WHOLE_LISTS: [&str; 38] = [
    "/api/v1/admin/audit/actors",
    "/api/v1/admin/operators",
    "/api/v1/admin/targets/{school_year}",
    "/api/v1/agreements",
    "/api/v1/agreements/{agreement_id}/assessments",
    "/api/v1/campaigns/{school_year}",
    "/api/v1/me/feedback",
    "/api/v1/ministries",
    "/api/v1/offers/{offer_id}/applications",
    "/api/v1/operators/me",
    "/api/v1/operators/{operator_id}/credentials",
    "/api/v1/operators/{operator_id}/webhooks",
    "/api/v1/organisations/invitations",
    "/api/v1/organisations/mine",
    "/api/v1/organisations/{org_id}/applications",
    "/api/v1/organisations/{org_id}/members",
    "/api/v1/organisations/{org_id}/offers",
    "/api/v1/pupils/me/applications",
    "/api/v1/pupils/me/external-internships",
    "/api/v1/pupils/me/favourites",
    "/api/v1/reference/departments",
    "/api/v1/reference/sectors",
    "/api/v1/reporting/quality",
    "/api/v1/school-years",
    "/api/v1/schools/mine",
    "/api/v1/schools/{uai}/classes",
    "/api/v1/schools/{uai}/external-internships",
    "/api/v1/schools/{uai}/feedback",
    "/api/v1/schools/{uai}/join-requests",
    "/api/v1/schools/{uai}/public-classes",
    "/api/v1/schools/{uai}/pupils",
    "/api/v1/schools/{uai}/pupils/{pupil_id}/applications",
    "/api/v1/schools/{uai}/staff",
    "/api/v1/stats/priority-schools",
    "/api/v1/stats/series",
    // The map's points: the 300 nearest of the search, whole.
    "/api/v1/offers/map",
    // Type-ahead lookups whose `limit` is their own (documented with the lookup).
    "/api/v1/offers/suggestions",
    "/api/v1/reference/communes",
];

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::schema::{Schema, Type};
    use utoipa::openapi::RefOr;

    /// Every native `GET` list is in one of three forms: pages (`items`, `total`, `page`,
    /// `per_page`, `total_pages`), the search's cursor (`items`, `next_cursor`), or an array that
    /// is either a lookup with `limit` or a whole list named in `WHOLE_LISTS`. The historic
    /// partner contracts keep their own envelopes.
    #[test]
    fn every_list_takes_one_of_the_three_forms() {
        let doc = crate::openapi::document();
        let schemas = doc.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
        let mut wrong = Vec::new();
        for (path, item) in &doc.paths.paths {
            let Some(op) = &item.get else { continue };
            if crate::partners::legacy::is_legacy_path(path) || path.starts_with("/api/v2") || path == "/api/v1/sectors" {
                continue;
            }
            let Some(RefOr::T(ok)) = op.responses.responses.get("200") else { continue };
            let Some(schema) = ok.content.get("application/json").and_then(|c| c.schema.clone()) else { continue };
            let params: Vec<String> = op.parameters.iter().flatten().map(|p| p.name.clone()).collect();
            let resolved = match schema {
                RefOr::Ref(r) => schemas.get(r.ref_location.rsplit('/').next().unwrap_or_default()).cloned(),
                t @ RefOr::T(_) => Some(t),
            };
            match resolved {
                Some(RefOr::T(Schema::Array(_))) if !params.iter().any(|p| p == "limit") && !WHOLE_LISTS.contains(&path.as_str()) => {
                    wrong.push(format!("{path}: an array without `limit`, not a whole list"));
                }
                Some(RefOr::T(Schema::Object(o))) if o.properties.contains_key("items") => {
                    let has = |k: &str| o.properties.contains_key(k);
                    let paged = ["total", "page", "per_page", "total_pages"].iter().all(|k| has(k))
                        && params.iter().any(|p| p == "page")
                        && params.iter().any(|p| p == "per_page");
                    if !paged && !has("next_cursor") {
                        wrong.push(format!(
                            "{path}: `items` without the page fields (total, page, per_page, total_pages and both parameters) nor `next_cursor`"
                        ));
                    }
                }
                Some(RefOr::T(Schema::Object(o))) if matches!(o.schema_type, utoipa::openapi::schema::SchemaType::Type(Type::Array)) => {
                    wrong.push(format!("{path}: an array the test cannot read"));
                }
                _ => {}
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // The allow-list names only lists that exist.
        for p in WHOLE_LISTS {
            assert!(doc.paths.paths.get(p).and_then(|i| i.get.as_ref()).is_some(), "{p} is not a GET of the document");
        }
    }

    #[test]
    fn bounds_and_totals() {
        let p = PageQuery::default().paging();
        assert_eq!((p.page, p.per_page, p.offset()), (1, 50, 0));
        let p = PageQuery { page: Some(0), per_page: Some(1000) }.paging();
        assert_eq!((p.page, p.per_page), (1, 200));
        let p = PageQuery { page: Some(3), per_page: Some(10) }.paging();
        assert_eq!((p.offset(), p.limit(), p.total_pages(21), p.total_pages(0), p.total_pages(30)), (20, 10, 3, 0, 3));
        // Past the end: an offset beyond the list, which the queries answer with no rows.
        assert_eq!(PageQuery { page: Some(9), per_page: Some(10) }.paging().offset(), 80);
    }
}
