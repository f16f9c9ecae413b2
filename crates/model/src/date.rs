//! Dates known to a year, a month or a day.

use serde::{Serialize, Serializer};
use std::fmt;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

/// A calendar date known to some precision (`2024`, `2024-05`, `2024-05-17`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year (1..=9999).
    pub year: i16,
    /// Month 1–12, when known.
    pub month: Option<u8>,
    /// Day of month, when known (requires `month`).
    pub day: Option<u8>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let y = year as i32;
            if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

impl PartialDate {
    /// A date known to the year.
    pub fn year(year: i16) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A date known to the month. Panics on a month outside 1–12 (use `parse` for input).
    pub fn month(year: i16, month: u8) -> Self {
        assert!((1..=12).contains(&month));
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }

    /// A full date, checked for validity.
    pub fn ymd(year: i16, month: u8, day: u8) -> Result<Self, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError(format!("month {month} is not 1-12")));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError(format!("{year:04}-{month:02} has no day {day}")));
        }
        Ok(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The precision of this date.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an RFC 3339 timestamp (its date part is
    /// taken, to the day).
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let s = s.trim();
        let bad = || {
            DateError(format!(
                "unknown date format {:?}: expected YYYY, YYYY-MM or YYYY-MM-DD",
                truncate(s, 40)
            ))
        };
        // Timestamps: take the date part.
        let date_part = match s.find(['T', ' ']) {
            Some(10) => &s[..10],
            _ => s,
        };
        let parts: Vec<&str> = date_part.split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, DateError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse::<u32>().map_err(|_| bad())
        };
        match parts.as_slice() {
            [y] => {
                let y = num(y, 4)?;
                if y == 0 {
                    return Err(bad());
                }
                Ok(PartialDate::year(y as i16))
            }
            [y, m] => {
                let (y, m) = (num(y, 4)?, num(m, 2)?);
                if y == 0 || !(1..=12).contains(&m) {
                    return Err(DateError(format!("invalid month in {:?}", truncate(s, 40))));
                }
                Ok(PartialDate::month(y as i16, m as u8))
            }
            [y, m, d] => {
                let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
                if y == 0 {
                    return Err(bad());
                }
                PartialDate::ymd(y as i16, m as u8, d as u8)
            }
            _ => Err(bad()),
        }
    }

    /// The first day this date may denote, as (year, month, day).
    pub fn first_day(&self) -> (i16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date may denote, as (year, month, day).
    pub fn last_day(&self) -> (i16, u8, u8) {
        let m = self.month.unwrap_or(12);
        (
            self.year,
            m,
            self.day.unwrap_or_else(|| days_in_month(self.year, m)),
        )
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(
            PartialDate::parse("2024").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            PartialDate::parse("2024-05").unwrap().to_string(),
            "2024-05"
        );
        let d = PartialDate::parse("2024-02-29").unwrap();
        assert_eq!(d.precision(), Precision::Day);
        assert_eq!(
            PartialDate::parse("2024-05-17T09:30:00Z")
                .unwrap()
                .to_string(),
            "2024-05-17"
        );
    }

    #[test]
    fn refuses_bad_dates() {
        for bad in [
            "2023-02-29",
            "2024-13",
            "24-05",
            "May 2024",
            "",
            "2024-5-1",
            "0000",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn bounds_of_a_month() {
        let d = PartialDate::parse("2024-02").unwrap();
        assert_eq!(d.first_day(), (2024, 2, 1));
        assert_eq!(d.last_day(), (2024, 2, 29));
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The proleptic Gregorian date (year, month, day) of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}
