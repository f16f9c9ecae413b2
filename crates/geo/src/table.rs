//! The gazetteer table (`data/geo/gazetteer.tsv`, made by `scripts/gen-gazetteer.js`): one
//! row per country, admin-1 unit, area and populated place, with the forms it is written as.

use rustc_hash::FxHashMap as HashMap;
use vedetta_model::Place;

/// Errors reading the gazetteer table.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// A row does not parse.
    #[error("{path}:{line}: {problem}")]
    Row {
        /// Display path.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// The header is not the one expected.
    #[error("{path}:1: header must be {expected:?}")]
    Header {
        /// Display path.
        path: String,
        /// The columns expected.
        expected: String,
    },
}

/// The columns, in order.
pub const HEADER: &str = "geonameid\tname\tlat\tlon\tcountry\tadmin1\tadmin1_name\tfeature_class\tfeature_code\tpopulation\tforms";

/// The loaded table: rows and, for each folded form, the rows it names.
#[derive(Debug, Default)]
pub struct Table {
    /// Every row, in file order.
    pub rows: Vec<Place>,
    /// The forms of each row (`|`-separated in the file).
    pub forms: Vec<Vec<String>>,
    by_form: HashMap<String, Vec<u32>>,
    by_id: HashMap<u32, u32>,
    country_row: HashMap<String, u32>,
    capital_row: HashMap<String, u32>,
    admin1_row: HashMap<(String, String), u32>,
}

/// The lookup key of a place name: lowercase, typographic apostrophes folded, `-` and spaces
/// as one space, a final `.` dropped.
pub fn form_key(s: &str) -> String {
    let f = vedetta_analysis::fold(s.trim());
    let mut out = String::with_capacity(f.len());
    let mut space = false;
    for c in f.chars() {
        if c.is_whitespace() || c == '-' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out.trim_end_matches('.').to_string()
}

impl Table {
    /// Parses the table; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Table, TableError> {
        let mut t = Table::default();
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h.trim_end() == HEADER => {}
            _ => {
                return Err(TableError::Header {
                    path: path.to_string(),
                    expected: HEADER.to_string(),
                })
            }
        }
        for (i, line) in lines {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |problem: String| TableError::Row {
                path: path.to_string(),
                line: i + 1,
                problem,
            };
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() != 11 {
                return Err(err(format!("{} columns, expected 11", c.len())));
            }
            let num = |k: usize, what: &str| {
                c[k].parse::<f64>()
                    .map_err(|_| err(format!("{what} {:?} is not a number", c[k])))
            };
            let geonameid: u32 = c[0]
                .parse()
                .map_err(|_| err(format!("geonameid {:?} is not a number", c[0])))?;
            let (lat, lon) = (num(2, "lat")?, num(3, "lon")?);
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(err(format!("coordinates {lat},{lon} out of range")));
            }
            if c[4].len() != 3 {
                return Err(err(format!("country {:?} is not ISO alpha-3", c[4])));
            }
            let population: u64 = c[9]
                .parse()
                .map_err(|_| err(format!("population {:?} is not a number", c[9])))?;
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let place = Place {
                geonameid,
                name: c[1].to_string(),
                lat,
                lon,
                country_code: c[4].to_string(),
                admin1: opt(c[5]),
                admin1_name: opt(c[6]),
                feature_code: c[8].to_string(),
                population,
            };
            let r = t.rows.len() as u32;
            match place.feature_code.as_str() {
                "PCLI" => {
                    t.country_row.entry(place.country_code.clone()).or_insert(r);
                }
                "PPLC" => {
                    t.capital_row.entry(place.country_code.clone()).or_insert(r);
                }
                "ADM1" => {
                    if let Some(a) = &place.admin1 {
                        t.admin1_row
                            .entry((place.country_code.clone(), a.clone()))
                            .or_insert(r);
                    }
                }
                _ => {}
            }
            t.by_id.insert(geonameid, r);
            let mut forms: Vec<String> = Vec::new();
            for f in c[10].split('|').map(str::trim).filter(|f| !f.is_empty()) {
                let k = form_key(f);
                let rows = t.by_form.entry(k).or_default();
                if !rows.contains(&r) {
                    rows.push(r);
                }
                forms.push(f.to_string());
            }
            t.forms.push(forms);
            t.rows.push(place);
        }
        Ok(t)
    }

    /// The rows a name may be (by [`form_key`]), in file order.
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.by_form
            .get(&form_key(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The row of a GeoNames id.
    pub fn by_geonameid(&self, id: u32) -> Option<&Place> {
        self.by_id.get(&id).map(|&r| &self.rows[r as usize])
    }

    /// The row of a country (ISO alpha-3).
    pub fn country(&self, code: &str) -> Option<u32> {
        self.country_row.get(code).copied()
    }

    /// The row of a country's capital.
    pub fn capital(&self, code: &str) -> Option<u32> {
        self.capital_row.get(code).copied()
    }

    /// The row of an admin-1 unit.
    pub fn admin1(&self, country: &str, admin1: &str) -> Option<u32> {
        self.admin1_row
            .get(&(country.to_string(), admin1.to_string()))
            .copied()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Great-circle distance in kilometres between two WGS84 points (haversine, mean Earth
/// radius 6,371.0088 km).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROWS: &str = "geonameid\tname\tlat\tlon\tcountry\tadmin1\tadmin1_name\tfeature_class\tfeature_code\tpopulation\tforms
690791\tUkraine\t50.45466\t30.5238\tUKR\t\t\tA\tPCLI\t0\tUkraine|Ucraina
703448\tKyiv\t50.45466\t30.5238\tUKR\t12\tKyiv City\tP\tPPLC\t2797553\tKyiv|Kiev|Kijiv
";

    #[test]
    fn parses_rows_and_forms() {
        let t = Table::parse(ROWS, "t.tsv").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.lookup("KIEV"), &[1]);
        assert_eq!(t.lookup("Ucraina"), &[0]);
        assert_eq!(t.country("UKR"), Some(0));
        assert_eq!(t.capital("UKR"), Some(1));
        assert_eq!(t.by_geonameid(703448).unwrap().name, "Kyiv");
        assert_eq!(t.rows[1].resolution(), 4);
        assert_eq!(t.rows[0].resolution(), 1);
    }

    #[test]
    fn bad_rows_name_the_line() {
        let bad = format!("{HEADER}\n1\tX\tnorth\t0\tITA\t\t\tP\tPPL\t0\tX\n");
        let e = Table::parse(&bad, "g.tsv").unwrap_err().to_string();
        assert!(e.starts_with("g.tsv:2: lat"), "{e}");
        let e = Table::parse("a\tb\n", "g.tsv").unwrap_err().to_string();
        assert!(e.contains("g.tsv:1: header"), "{e}");
    }

    #[test]
    fn keys_fold_case_hyphens_and_apostrophes() {
        assert_eq!(form_key("Reggio  nell’Emilia"), "reggio nell'emilia");
        assert_eq!(form_key("Aix-en-Provence"), "aix en provence");
    }

    #[test]
    fn distances() {
        // Rome to Milan, about 477 km.
        let d = distance_km(41.89193, 12.51133, 45.46427, 9.18951);
        assert!((d - 477.0).abs() < 5.0, "{d}");
        assert_eq!(distance_km(10.0, 10.0, 10.0, 10.0), 0.0);
    }
}
