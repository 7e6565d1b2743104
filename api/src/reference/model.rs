//! Rows of the reference data.

use diesel::prelude::*;

use crate::db::schema::{boarding_houses, communes, departments, naf_codes, schools, sectors};

#[derive(Debug, Clone, PartialEq, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = departments, treat_none_as_null = true)]
pub struct Department {
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    pub zone: String,
    pub academie_code: Option<String>,
    pub academie_name: Option<String>,
    /// Empty for the few territories without an académie (e.g. Clipperton).
    pub academie_email_domain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = communes, treat_none_as_null = true)]
pub struct Commune {
    pub id: String,
    pub insee_code: String,
    pub name: String,
    pub search_text: String,
    pub kind: String,
    pub parent_code: Option<String>,
    pub department_code: String,
    pub region_code: String,
    pub academie_code: Option<String>,
    pub postal_codes: String,
    pub population: Option<i32>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A boarding house (internat) that takes pupils for their internship week.
#[derive(Debug, Clone, PartialEq, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = boarding_houses, treat_none_as_null = true)]
pub struct BoardingHouse {
    pub uai: String,
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub department_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub places: Option<i32>,
    pub contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = schools, treat_none_as_null = true)]
pub struct School {
    pub uai: String,
    pub kind: String,
    pub name: String,
    pub search_text: String,
    pub status: String,
    pub nature_label: String,
    pub address: String,
    pub postal_code: String,
    pub commune_code: String,
    pub commune_name: String,
    pub department_code: String,
    pub academie_code: String,
    pub region_code: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub priority_education: Option<String>,
    pub qpv: Option<String>,
    /// A lycée with the general or technological track (seconde GT); `None`: unknown.
    pub general_or_technological: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = sectors, treat_none_as_null = true)]
pub struct Sector {
    pub id: String,
    pub name: String,
    pub onisep_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = naf_codes, treat_none_as_null = true)]
pub struct NafCode {
    pub code: String,
    pub level: String,
    pub label: String,
    pub sector_id: Option<String>,
}
