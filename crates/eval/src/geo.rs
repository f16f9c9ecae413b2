//! Geolocation scores: for gold events with a location (`docs/geo-dev.md`), the share whose
//! predicted place is in the right country, the right admin-1 unit, within 161 km (100
//! miles, the threshold of Mordecai's and ACLED's comparisons), and the median error in km;
//! and, per gold place name, whether a toponym was found there and resolved to the gold row.

use serde::Deserialize;

/// A gold event location.
#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct GoldLocation {
    /// The words of the text that name the place.
    pub place: String,
    /// The gazetteer name.
    pub name: String,
    /// GeoNames id of the gazetteer row.
    pub geonameid: u32,
    /// ISO alpha-3.
    pub country: String,
    /// GeoNames admin-1 code (empty for countries and areas spanning several).
    #[serde(default)]
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// GeoNames feature code.
    pub feature_code: String,
    /// `city`, `admin1` or `country`.
    pub precision: String,
}

/// A predicted place, as far as the scores need it.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictedPlace {
    /// GeoNames id.
    pub geonameid: u32,
    /// ISO alpha-3.
    pub country: String,
    /// Admin-1 code.
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let a = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

/// Running geolocation scores.
#[derive(Debug, Default, Clone)]
pub struct GeoScore {
    /// Gold events with a location.
    pub located: usize,
    /// Of them, with a predicted location.
    pub predicted: usize,
    /// Right country.
    pub country_ok: usize,
    /// Gold events whose location has an admin-1 unit (cities and admin-1 units).
    pub admin1_gold: usize,
    /// Of them, right admin-1 (and country).
    pub admin1_ok: usize,
    /// Within 161 km.
    pub near_ok: usize,
    /// The same gazetteer row.
    pub exact_ok: usize,
    /// Errors in km of the predicted locations.
    pub errors_km: Vec<f64>,
    /// Gold events with `location: null` that got one.
    pub placed_without_gold: usize,
    /// Gold events with `location: null`.
    pub null_gold: usize,
}

impl GeoScore {
    /// Adds one gold event with a location and the prediction for it.
    pub fn add(&mut self, gold: &GoldLocation, pred: Option<&PredictedPlace>) {
        self.located += 1;
        let has_admin1 =
            gold.precision != "country" && gold.admin1.as_deref().is_some_and(|a| !a.is_empty());
        if has_admin1 {
            self.admin1_gold += 1;
        }
        let Some(p) = pred else { return };
        self.predicted += 1;
        if p.country == gold.country {
            self.country_ok += 1;
            if has_admin1 && p.admin1 == gold.admin1 {
                self.admin1_ok += 1;
            }
        }
        if p.geonameid == gold.geonameid {
            self.exact_ok += 1;
        }
        let d = distance_km(p.lat, p.lon, gold.lat, gold.lon);
        if d <= 161.0 {
            self.near_ok += 1;
        }
        self.errors_km.push(d);
    }

    /// Adds one gold event without a location and whether one was predicted.
    pub fn add_null(&mut self, predicted: bool) {
        self.null_gold += 1;
        if predicted {
            self.placed_without_gold += 1;
        }
    }

    /// Median error in km of the predicted locations (`None` when there are none).
    pub fn median_km(&self) -> Option<f64> {
        let mut v = self.errors_km.clone();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        Some(if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        })
    }

    /// A share of the located gold events.
    pub fn share(&self, n: usize) -> f64 {
        if self.located == 0 {
            0.0
        } else {
            n as f64 / self.located as f64
        }
    }

    /// The admin-1 accuracy over the gold events that have one.
    pub fn admin1_share(&self) -> f64 {
        if self.admin1_gold == 0 {
            0.0
        } else {
            self.admin1_ok as f64 / self.admin1_gold as f64
        }
    }
}

/// Toponym-level counts: gold place names found as toponyms, and resolved to the gold row.
#[derive(Debug, Default, Clone, Copy)]
pub struct ToponymScore {
    /// Distinct gold place names (per record).
    pub gold: usize,
    /// Found as a toponym with the same text.
    pub found: usize,
    /// Found and resolved to the gold row.
    pub resolved: usize,
    /// Found and in the gold country.
    pub country_ok: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold() -> GoldLocation {
        GoldLocation {
            place: "Kharkiv".into(),
            name: "Kharkiv".into(),
            geonameid: 706483,
            country: "UKR".into(),
            admin1: Some("07".into()),
            lat: 49.98081,
            lon: 36.25272,
            feature_code: "PPLA".into(),
            precision: "city".into(),
        }
    }

    #[test]
    fn scores_country_admin1_distance() {
        let mut s = GeoScore::default();
        let right = PredictedPlace {
            geonameid: 706483,
            country: "UKR".into(),
            admin1: Some("07".into()),
            lat: 49.98081,
            lon: 36.25272,
        };
        // Kyiv: right country, wrong admin-1, about 410 km off.
        let kyiv = PredictedPlace {
            geonameid: 703448,
            country: "UKR".into(),
            admin1: Some("12".into()),
            lat: 50.45466,
            lon: 30.5238,
        };
        s.add(&gold(), Some(&right));
        s.add(&gold(), Some(&kyiv));
        s.add(&gold(), None);
        assert_eq!(
            (s.located, s.predicted, s.country_ok, s.admin1_ok, s.near_ok),
            (3, 2, 2, 1, 1)
        );
        assert_eq!(s.exact_ok, 1);
        let m = s.median_km().unwrap();
        assert!(m > 190.0 && m < 220.0, "{m}"); // (0 + ~410) / 2
        assert!((s.share(s.country_ok) - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn reads_gold_location() {
        let g: GoldLocation = serde_json::from_str(
            r#"{"place": "Leopoli", "name": "Lviv", "geonameid": 702550, "country": "UKR",
                "admin1": "15", "lat": 49.83826, "lon": 24.02324, "feature_code": "PPLA",
                "precision": "city"}"#,
        )
        .unwrap();
        assert_eq!(g.geonameid, 702550);
        assert_eq!(g.admin1.as_deref(), Some("15"));
    }
}
