//! Optional company lookup by SIRET through an outside directory (off by default: the form
//! works without it). The response format is the one of the State's company directory
//! (recherche-entreprises.api.gouv.fr): `{"results": [{"nom_complet", "siege": {...}}]}`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Company {
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub naf_code: Option<String>,
}

/// The establishment with this SIRET in a directory answer, if any.
pub fn parse(body: &serde_json::Value, siret: &str) -> Option<Company> {
    let results = body.get("results")?.as_array()?;
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").trim().to_owned();
    results.iter().find_map(|r| {
        // The SIRET may be the head office's or one of the matching establishments'.
        let siege = r.get("siege")?;
        let matching = r.get("matching_etablissements").and_then(|m| m.as_array()).and_then(|m| m.iter().find(|e| text(e, "siret") == siret));
        let place = if text(siege, "siret") == siret { Some(siege) } else { matching }?;
        let naf = text(place, "activite_principale");
        Some(Company {
            name: text(r, "nom_complet"),
            address: text(place, "adresse"),
            postal_code: text(place, "code_postal"),
            city: text(place, "libelle_commune"),
            naf_code: (!naf.is_empty()).then_some(naf),
        })
    })
}

/// Asks the directory (`url` holds `{siret}`), 5 seconds at most.
pub async fn fetch(url: &str, siret: &str) -> Result<Option<Company>, String> {
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build().map_err(|e| e.to_string())?;
    let resp = client.get(url.replace("{siret}", siret)).header("Accept", "application/json").send().await.map_err(|e| e.to_string())?;
    if !resp.status().is_success() {
        return Err(format!("annuaire : statut {}", resp.status()));
    }
    let body: serde_json::Value = resp.json().await.map_err(|e| e.to_string())?;
    Ok(parse(&body, siret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_directory_answer() {
        let body = serde_json::json!({"results": [{"nom_complet": "MARTIN ELECTRICITE", "siege": {"siret": "73282932000074", "adresse": "3 RUE DE LA PAIX 42000 SAINT-ETIENNE", "code_postal": "42000", "libelle_commune": "SAINT-ETIENNE", "activite_principale": "43.21A"}}]});
        let c = parse(&body, "73282932000074").expect("found");
        assert_eq!((c.name.as_str(), c.postal_code.as_str(), c.naf_code.as_deref()), ("MARTIN ELECTRICITE", "42000", Some("43.21A")));
        assert_eq!(parse(&body, "41087291000014"), None, "another SIRET");
        assert_eq!(parse(&serde_json::json!({"oops": 1}), "73282932000074"), None);
    }
}
