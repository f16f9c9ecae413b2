//! Calendar days as day numbers (days since 1970-01-01, proleptic Gregorian), with the ISO
//! week and month arithmetic the series and alerts need.

use serde::{Serialize, Serializer};
use std::fmt;
use vedetta_model::PartialDate;

/// A calendar day: the number of days since 1970-01-01 (negative before). Ordered, cheap to
/// copy; displayed and serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

impl Day {
    /// The day of a (year, month, day) triple; `None` when it is not a calendar date.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12; // March = 0
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    /// The (year, month, day) of this day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// The first day a partial date may denote (`2024-05` → 2024-05-01).
    pub fn first_of(d: PartialDate) -> Day {
        let (y, m, dd) = d.first_day();
        Day::from_ymd(i32::from(y), u32::from(m), u32::from(dd)).expect("a valid partial date")
    }

    /// The last day a partial date may denote (`2024-02` → 2024-02-29).
    pub fn last_of(d: PartialDate) -> Day {
        let (y, m, dd) = d.last_day();
        Day::from_ymd(i32::from(y), u32::from(m), u32::from(dd)).expect("a valid partial date")
    }

    /// This day as a day-precision [`PartialDate`] (`None` outside years 1–9999).
    pub fn to_partial(self) -> Option<PartialDate> {
        let (y, m, d) = self.ymd();
        if !(1..=9999).contains(&y) {
            return None;
        }
        PartialDate::ymd(y as i16, m as u8, d as u8).ok()
    }

    /// Parses `YYYY-MM-DD` (or `YYYY`, `YYYY-MM`: their first day).
    pub fn parse(s: &str) -> Option<Day> {
        PartialDate::parse(s).ok().map(Day::first_of)
    }

    /// This day plus `n` days (`n` may be negative).
    pub fn plus(self, n: i32) -> Day {
        Day(self.0 + n)
    }

    /// Day of the week, Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// The Monday starting this day's ISO week.
    pub fn monday(self) -> Day {
        Day(self.0 - self.weekday() as i32)
    }

    /// ISO 8601 week-numbering year and week (1–53): weeks start on Monday, and week 1 is
    /// the week with the year's first Thursday.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.monday().plus(3);
        let year = thursday.ymd().0;
        let jan1 = Day::from_ymd(year, 1, 1).expect("January 1st");
        (year, ((thursday.0 - jan1.0) / 7 + 1) as u32)
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> Day {
        let (y, m, _) = self.ymd();
        Day::from_ymd(y, m, 1).expect("first of a month")
    }

    /// The first day of the next month.
    pub fn next_month_start(self) -> Day {
        let (y, m, _) = self.ymd();
        if m == 12 {
            Day::from_ymd(y + 1, 1, 1)
        } else {
            Day::from_ymd(y, m + 1, 1)
        }
        .expect("first of a month")
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_epoch() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::from_ymd(2000, 3, 1).unwrap().to_string(), "2000-03-01");
        assert_eq!(Day::from_ymd(2023, 2, 29), None);
        for n in -800_000..800_000 {
            if n % 97 != 0 {
                continue;
            }
            let (y, m, d) = Day(n).ymd();
            assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)));
        }
        assert_eq!(Day::parse("2024-02").unwrap().to_string(), "2024-02-01");
        let feb = PartialDate::parse("2024-02").unwrap();
        assert_eq!(Day::last_of(feb).to_string(), "2024-02-29");
    }

    #[test]
    fn weekdays_and_iso_weeks() {
        let d = |s: &str| Day::parse(s).unwrap();
        assert_eq!(d("2024-05-13").weekday(), 0); // a Monday
        assert_eq!(d("2024-05-19").weekday(), 6);
        assert_eq!(d("2024-05-19").monday(), d("2024-05-13"));
        assert_eq!(d("2024-05-13").iso_week(), (2024, 20));
        // Year boundaries: 2021-01-03 is in 2020-W53; 2024-12-30 in 2025-W01.
        assert_eq!(d("2021-01-03").iso_week(), (2020, 53));
        assert_eq!(d("2021-01-04").iso_week(), (2021, 1));
        assert_eq!(d("2024-12-30").iso_week(), (2025, 1));
        assert_eq!(d("2026-01-01").iso_week(), (2026, 1));
        assert_eq!(d("2024-12-17").next_month_start(), d("2025-01-01"));
        assert_eq!(d("2024-12-17").month_start(), d("2024-12-01"));
    }
}
