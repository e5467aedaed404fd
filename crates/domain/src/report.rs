//! The pure parts of the weekly fault report (R-REPORT-1, R-SLA-3): ISO
//! weeks as instants in the operator's zone, who resolved a fault and at
//! which level, and the summary statistics of resolution times.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// An ISO 8601 week: `2026-W48` runs Monday 23 to Sunday 29 November 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

impl IsoWeek {
    /// The week, if `week` exists in `year` (52 or 53 weeks).
    pub fn new(year: i32, week: u32) -> Option<Self> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| Self { year, week })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn week(self) -> u32 {
        self.week
    }

    /// The week holding `instant` on the wall clock of `zone`.
    pub fn containing(instant: DateTime<Utc>, zone: Tz) -> Self {
        let w = instant.with_timezone(&zone).date_naive().iso_week();
        Self {
            year: w.year(),
            week: w.week(),
        }
    }

    /// Its Monday.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
            .expect("checked when the week was made")
    }

    /// The week before.
    pub fn previous(self) -> Self {
        let d = self.monday() - Duration::days(7);
        let w = d.iso_week();
        Self {
            year: w.year(),
            week: w.week(),
        }
    }

    /// `[start, end)`: Monday 00:00 to the next Monday 00:00 in `zone`.
    pub fn bounds(self, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = local_midnight(self.monday(), zone);
        let end = local_midnight(self.monday() + Duration::days(7), zone);
        (start, end)
    }
}

/// The first instant of `date` in `zone` (the earliest, should a DST gap
/// or fold fall on midnight).
pub fn local_midnight(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let naive = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    zone.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not an ISO week like 2026-W48");
        let (year, week) = s.split_once("-W").ok_or_else(bad)?;
        if year.len() != 4 || week.len() != 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        IsoWeek::new(year, week).ok_or_else(|| format!("{year} has no week {week}"))
    }
}

impl TryFrom<String> for IsoWeek {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<IsoWeek> for String {
    fn from(w: IsoWeek) -> String {
        w.to_string()
    }
}

/// Count, median, 90th percentile and maximum of durations in seconds
/// (nearest-rank percentiles: every figure is one a ticket really took).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DurationSummary {
    pub count: usize,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
    pub max_seconds: Option<i64>,
}

impl DurationSummary {
    pub fn of(mut seconds: Vec<i64>) -> Self {
        seconds.sort_unstable();
        Self {
            count: seconds.len(),
            median_seconds: nearest_rank(&seconds, 50),
            p90_seconds: nearest_rank(&seconds, 90),
            max_seconds: seconds.last().copied(),
        }
    }
}

/// The nearest-rank `pct` percentile of sorted values.
pub fn nearest_rank(sorted: &[i64], pct: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (u64::from(pct) * n as u64).div_ceil(100).max(1) as usize;
    sorted.get(rank.min(n) - 1).copied()
}

/// Share met, as a percentage with one decimal; `None` when nothing was measured.
pub fn percentage(met: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| (met as f64 * 1000.0 / total as f64).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_runs_from_monday_midnight_to_monday_midnight_in_caracas() {
        let w: IsoWeek = "2026-W48".parse().unwrap();
        let (start, end) = w.bounds(chrono_tz::America::Caracas);
        assert_eq!(start.to_rfc3339(), "2026-11-23T04:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-11-30T04:00:00+00:00");
        let sunday_late = Utc.with_ymd_and_hms(2026, 11, 30, 3, 59, 59).unwrap();
        assert_eq!(
            IsoWeek::containing(sunday_late, chrono_tz::America::Caracas),
            w
        );
        assert_eq!(
            IsoWeek::containing(end, chrono_tz::America::Caracas).to_string(),
            "2026-W49"
        );
        assert_eq!(w.previous().to_string(), "2026-W47");
        assert_eq!(w.to_string(), "2026-W48");
    }

    #[test]
    fn iso_weeks_cross_years_as_the_standard_says() {
        // 2026 has 53 ISO weeks; 1 January 2027 is in week 53 of 2026.
        assert!(IsoWeek::new(2026, 53).is_some());
        assert!(IsoWeek::new(2025, 53).is_none());
        assert!("2025-W53".parse::<IsoWeek>().is_err());
        assert_eq!(
            "2027-W01"
                .parse::<IsoWeek>()
                .unwrap()
                .previous()
                .to_string(),
            "2026-W53"
        );
        let new_year = Utc.with_ymd_and_hms(2027, 1, 1, 12, 0, 0).unwrap();
        assert_eq!(
            IsoWeek::containing(new_year, chrono_tz::UTC).to_string(),
            "2026-W53"
        );
        assert!("2026-48".parse::<IsoWeek>().is_err());
    }

    #[test]
    fn percentiles_are_values_tickets_really_took() {
        let s = DurationSummary::of(vec![50, 10, 40, 20, 30]);
        assert_eq!(
            (s.count, s.median_seconds, s.p90_seconds, s.max_seconds),
            (5, Some(30), Some(50), Some(50))
        );
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&ten, 90), Some(9));
        assert_eq!(nearest_rank(&ten, 50), Some(5));
        assert_eq!(DurationSummary::of(vec![]).median_seconds, None);
        assert_eq!(percentage(2, 3), Some(66.7));
        assert_eq!(percentage(0, 0), None);
    }
}
