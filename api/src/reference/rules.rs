//! Pure rules for reference data: search normalisation, distances, CSV field checks.

use unicode_normalization::UnicodeNormalization;

/// Lower-case words without accents, apostrophes or hyphens: "L'Haÿ-les-Roses" → "l hay les roses".
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)) {
        let c = match c {
            'œ' | 'Œ' => {
                out.push('o');
                'e'
            }
            'æ' | 'Æ' => {
                out.push('a');
                'e'
            }
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.extend(c.to_lowercase());
            last_space = false;
        }
    }
    out.trim_end().to_owned()
}

/// Words of a query, normalised, at most `max` of them (a long query is not a reason to scan more).
pub fn query_terms(query: &str, max: usize) -> Vec<String> {
    normalize(query).split(' ').filter(|w| !w.is_empty()).take(max).map(str::to_owned).collect()
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().asin()
}

/// A latitude/longitude pair, both present and in range, or neither.
/// ONISEP's pages answer over HTTPS: the 2019 file's `http://` links are upgraded rather than
/// sending pupils through a redirect on a plain connection.
pub fn https_onisep(url: &str) -> String {
    match url.strip_prefix("http://") {
        Some(rest) if rest.starts_with("www.onisep.fr/") || rest.starts_with("onisep.fr/") => format!("https://{rest}"),
        _ => url.to_owned(),
    }
}

pub fn coordinates(lat: &str, lon: &str) -> Result<(Option<f64>, Option<f64>), String> {
    match (lat.trim(), lon.trim()) {
        ("", "") => Ok((None, None)),
        (a, b) => {
            let la: f64 = a.parse().map_err(|_| format!("latitude invalide « {a} »"))?;
            let lo: f64 = b.parse().map_err(|_| format!("longitude invalide « {b} »"))?;
            if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
                return Err(format!("coordonnées hors limites ({la}, {lo})"));
            }
            Ok((Some(la), Some(lo)))
        }
    }
}

pub fn is_postal_code(s: &str) -> bool {
    s.len() == 5 && s.chars().all(|c| c.is_ascii_digit())
}

/// UAI: 7 digits (or 3 digits + letter for Corsica, e.g. 620A…) then a check letter.
pub fn looks_like_uai(s: &str) -> bool {
    let s = s.trim();
    s.len() == 8 && s.is_ascii() && s[..7].chars().all(|c| c.is_ascii_alphanumeric()) && s.as_bytes()[7].is_ascii_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onisep_links_are_upgraded_to_https_and_others_left() {
        assert_eq!(https_onisep("http://www.onisep.fr/Decouvrir-les-metiers/x"), "https://www.onisep.fr/Decouvrir-les-metiers/x");
        assert_eq!(https_onisep("https://www.onisep.fr/x"), "https://www.onisep.fr/x");
        assert_eq!(https_onisep("http://example.org/onisep.fr/x"), "http://example.org/onisep.fr/x");
    }

    #[test]
    fn normalize_removes_accents_and_punctuation() {
        assert_eq!(normalize("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(normalize("  Collège  Émile Zola "), "college emile zola");
        assert_eq!(normalize("Œuvre"), "oeuvre");
        assert_eq!(query_terms("Saint-Étienne  lycée", 2), vec!["saint", "etienne"]);
    }

    #[test]
    fn paris_to_lyon_is_about_392_km() {
        let d = distance_km(48.8566, 2.3522, 45.764, 4.8357);
        assert!((385.0..400.0).contains(&d), "{d}");
        assert!(distance_km(45.0, 4.0, 45.0, 4.0) < 1e-9);
    }

    #[test]
    fn coordinate_checks() {
        assert_eq!(coordinates("", ""), Ok((None, None)));
        assert_eq!(coordinates("45.5", "4.2"), Ok((Some(45.5), Some(4.2))));
        assert!(coordinates("95", "4").is_err());
        assert!(coordinates("abc", "4").is_err());
        assert!(coordinates("45", "").is_err());
    }

    #[test]
    fn uai_and_postal_codes() {
        assert!(looks_like_uai("0071168G"));
        assert!(looks_like_uai("620A001B"));
        assert!(!looks_like_uai("0071168"));
        assert!(is_postal_code("07270"));
        assert!(!is_postal_code("7270"));
    }
}
