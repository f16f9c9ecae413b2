//! Dates as web pages and feeds write them.
//!
//! The date is taken as written, in the publisher's own time zone: `2024-05-17T23:30:00-05:00`
//! is 17 May, not 18 May in UTC. A news date names the publisher's day.

use vedetta_model::PartialDate;

/// Month names (English and Italian) and their numbers.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("marzo", 3),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("agosto", 8),
    ("settembre", 9),
    ("ottobre", 10),
    ("novembre", 11),
    ("dicembre", 12),
];

/// A month name or an abbreviation of at least three letters (`Sep`, `Sept`, `mag`).
fn month_number(word: &str) -> Option<u8> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let w = word.to_ascii_lowercase();
    MONTHS
        .iter()
        .find(|(name, _)| name.starts_with(&w))
        .map(|&(_, n)| n)
}

/// Parses a date from a page or a feed: ISO 8601 / RFC 3339 (`2024-05-17`,
/// `2024-05-17T09:30:00+02:00`), RFC 2822 (`Fri, 17 May 2024 09:30:00 +0200`), or a day,
/// a month name and a year in either order (`17 May 2024`, `May 17, 2024`, `17 maggio 2024`).
/// Day precision when the day is given, month precision for `May 2024`; `None` for anything
/// else (all-numeric forms such as `05/06/2024` are ambiguous and not guessed).
pub(crate) fn parse_loose(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = PartialDate::parse(s) {
        return Some(d);
    }
    // An ISO date followed by a time or zone that `PartialDate::parse` does not take.
    if let Some(head) = s.get(..10) {
        if let Ok(d) = PartialDate::parse(head) {
            if d.day.is_some() {
                return Some(d);
            }
        }
    }
    let (mut day, mut month, mut year) = (None, None, None);
    for tok in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let digits = tok.bytes().all(|b| b.is_ascii_digit());
        if digits && tok.len() == 4 {
            if year.is_none() {
                year = tok.parse::<i16>().ok().filter(|&y| y > 0);
            }
        } else if digits && tok.len() <= 2 {
            // The day comes before the year (`17 May 2024`, `May 17, 2024`); numbers after
            // the year are the time of day.
            if year.is_none() && day.is_none() {
                day = tok.parse::<u8>().ok().filter(|d| (1..=31).contains(d));
            }
        } else if month.is_none() {
            month = month_number(tok);
        }
    }
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => PartialDate::ymd(y, m, d).ok(),
        (Some(y), Some(m), None) => Some(PartialDate::month(y, m)),
        _ => None,
    }
}

/// The day of a feed timestamp, for `feed-rs`: the date as written, at midnight, marked UTC
/// only because the parser's type asks for a zone. `None` below day precision.
pub(crate) fn feed_timestamp(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let d = parse_loose(s)?;
    let date = chrono::NaiveDate::from_ymd_opt(i32::from(d.year), d.month?.into(), d.day?.into())?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_dates() {
        let cases = [
            ("2024-05-17", Some("2024-05-17")),
            ("2024-05-17T23:30:00-05:00", Some("2024-05-17")),
            ("2024-05-17T09:30:00.000+0200", Some("2024-05-17")),
            ("2024-05-17 09:30", Some("2024-05-17")),
            ("2024-05", Some("2024-05")),
            ("Fri, 17 May 2024 09:30:00 +0200", Some("2024-05-17")),
            ("Thurs, 3 Jul 2025 07:38:00 GMT", Some("2025-07-03")),
            ("May 17, 2024", Some("2024-05-17")),
            ("17 maggio 2024, 10:15", Some("2024-05-17")),
            ("Sept 2023", Some("2023-09")),
            ("05/06/2024", None),
            ("yesterday", None),
            ("31 Feb 2024", None),
            ("", None),
        ];
        for (input, want) in cases {
            let got = parse_loose(input).map(|d| d.to_string());
            assert_eq!(got.as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn feed_timestamps_keep_the_written_day() {
        let t = feed_timestamp("Sat, 18 May 2024 00:30:00 +0200").unwrap();
        assert_eq!(t.date_naive().to_string(), "2024-05-18");
        assert_eq!(feed_timestamp("May 2024"), None);
    }
}
