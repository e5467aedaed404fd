//! Business calendars (R-MAINT-3): a time zone, working hours per weekday
//! (several intervals a day), and holidays (fixed dates, one-off dates, and
//! moveable feasts counted from Easter). Pure arithmetic on them: add
//! business time to an instant, measure business time between two instants,
//! find the next working instant. All instants are UTC; working hours are
//! wall-clock times in the calendar's zone, so DST shifts are handled by the
//! zone (a wall time that does not exist that day is skipped, an ambiguous
//! one takes its first occurrence).

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A holiday rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Holiday {
    /// The same day every year, e.g. 5 July.
    Fixed { month: u32, day: u32, name: String },
    /// One date only, e.g. a decreed holiday.
    OneOff { date: NaiveDate, name: String },
    /// Days from Easter Sunday: Carnival Monday −48, Tuesday −47, Holy
    /// Thursday −3, Good Friday −2.
    Easter { offset_days: i64, name: String },
}

impl Holiday {
    /// Whether the rule falls on `date`.
    pub fn falls_on(&self, date: NaiveDate) -> bool {
        match self {
            Holiday::Fixed { month, day, .. } => date.month() == *month && date.day() == *day,
            Holiday::OneOff { date: d, .. } => *d == date,
            Holiday::Easter { offset_days, .. } => {
                easter_sunday(date.year())
                    .and_then(|e| e.checked_add_signed(Duration::days(*offset_days)))
                    == Some(date)
            }
        }
    }

    /// The holiday's name.
    pub fn name(&self) -> &str {
        match self {
            Holiday::Fixed { name, .. }
            | Holiday::OneOff { name, .. }
            | Holiday::Easter { name, .. } => name,
        }
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (anonymous algorithm).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// A working interval of one day, wall-clock in the calendar's zone.
pub type Interval = (NaiveTime, NaiveTime);

/// A named business calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub name: String,
    /// IANA zone, e.g. `America/Caracas`.
    pub zone: Tz,
    /// Working intervals per weekday, Monday first. Empty: not a working day.
    pub week: [Vec<Interval>; 7],
    pub holidays: Vec<Holiday>,
    /// Every instant counts (24×7×365): hours and holidays are ignored.
    pub always: bool,
}

/// Why a calendar definition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{weekday}: interval {start}–{end} is empty or reversed")]
    EmptyInterval {
        weekday: Weekday,
        start: NaiveTime,
        end: NaiveTime,
    },
    #[error("{weekday}: intervals overlap or are out of order")]
    Overlap { weekday: Weekday },
    #[error("calendar '{0}' has no working time at all")]
    NoWorkingTime(String),
}

const DAY_LIMIT: usize = 366 * 10;

impl Calendar {
    /// The 24×7 calendar R-SLA-1 measures attention on.
    pub fn always(name: &str) -> Self {
        Self {
            name: name.into(),
            zone: chrono_tz::UTC,
            week: Default::default(),
            holidays: Vec::new(),
            always: true,
        }
    }

    /// Checks intervals are non-empty, ordered and disjoint, and that some day works.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.always {
            return Ok(());
        }
        for (i, day) in self.week.iter().enumerate() {
            let weekday = Weekday::try_from(i as u8).unwrap_or(Weekday::Mon);
            for (start, end) in day {
                if start >= end {
                    return Err(CalendarError::EmptyInterval {
                        weekday,
                        start: *start,
                        end: *end,
                    });
                }
            }
            if day.windows(2).any(|w| w[0].1 > w[1].0) {
                return Err(CalendarError::Overlap { weekday });
            }
        }
        if self.week.iter().all(Vec::is_empty) {
            return Err(CalendarError::NoWorkingTime(self.name.clone()));
        }
        Ok(())
    }

    /// Whether `date` (in the calendar's zone) is a holiday.
    pub fn holiday_on(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays.iter().find(|h| h.falls_on(date))
    }

    fn instant(&self, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
        match self.zone.from_local_datetime(&date.and_time(time)) {
            LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
            // The wall time does not exist (DST gap): the next hour does.
            LocalResult::None => self
                .zone
                .from_local_datetime(&(date.and_time(time) + Duration::hours(1)))
                .earliest()
                .map(|t| t.with_timezone(&Utc)),
        }
    }

    /// The working intervals of one local date, as UTC instants.
    pub fn working_intervals(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if self.holiday_on(date).is_some() {
            return Vec::new();
        }
        self.week[date.weekday().num_days_from_monday() as usize]
            .iter()
            .filter_map(|(s, e)| Some((self.instant(date, *s)?, self.instant(date, *e)?)))
            .filter(|(s, e)| s < e)
            .collect()
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.zone).date_naive()
    }

    /// The instant `amount` of business time after `start`. `None` only for
    /// a calendar with no working time within ten years.
    pub fn add(&self, start: DateTime<Utc>, amount: Duration) -> Option<DateTime<Utc>> {
        if self.always || amount <= Duration::zero() {
            return Some(start + amount.max(Duration::zero()));
        }
        let mut left = amount;
        // Start one day early: an interval of yesterday's local date may
        // still be running in UTC terms (zones far from UTC).
        let mut date = self.local_date(start).checked_sub_days(Days::new(1))?;
        for _ in 0..DAY_LIMIT {
            for (s, e) in self.working_intervals(date) {
                let from = s.max(start);
                if from >= e {
                    continue;
                }
                let span = e - from;
                if span >= left {
                    return Some(from + left);
                }
                left -= span;
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// The latest instant from which `amount` of business time still ends by
    /// `end`: the inverse of [`Calendar::add`]. R-MAINT-1 uses it for the
    /// latest moment a maintenance notice may go out.
    pub fn subtract(&self, end: DateTime<Utc>, amount: Duration) -> Option<DateTime<Utc>> {
        if self.always || amount <= Duration::zero() {
            return Some(end - amount.max(Duration::zero()));
        }
        let mut left = amount;
        let mut date = self.local_date(end).succ_opt()?;
        for _ in 0..DAY_LIMIT {
            for (s, e) in self.working_intervals(date).into_iter().rev() {
                let to = e.min(end);
                if to <= s {
                    continue;
                }
                let span = to - s;
                if span >= left {
                    return Some(to - left);
                }
                left -= span;
            }
            date = date.pred_opt()?;
        }
        None
    }

    /// Business time between `a` and `b` (zero when `b <= a`).
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Duration {
        if b <= a {
            return Duration::zero();
        }
        if self.always {
            return b - a;
        }
        let mut total = Duration::zero();
        let Some(mut date) = self.local_date(a).checked_sub_days(Days::new(1)) else {
            return total;
        };
        let last = self.local_date(b).succ_opt().unwrap_or(self.local_date(b));
        while date <= last {
            for (s, e) in self.working_intervals(date) {
                let (from, to) = (s.max(a), e.min(b));
                if from < to {
                    total += to - from;
                }
            }
            match date.succ_opt() {
                Some(d) => date = d,
                None => break,
            }
        }
        total
    }

    /// The first working instant at or after `t`.
    pub fn next_working_instant(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.always {
            return Some(t);
        }
        let mut date = self.local_date(t).checked_sub_days(Days::new(1))?;
        for _ in 0..DAY_LIMIT {
            for (s, e) in self.working_intervals(date) {
                if e > t {
                    return Some(s.max(t));
                }
            }
            date = date.succ_opt()?;
        }
        None
    }
}

/// Venezuela's national holidays, the default calendar's data. Decreed
/// one-off holidays are added as data (`Holiday::OneOff`), not code.
///
/// Sources (the law, not a holiday library):
/// - Ley Orgánica del Trabajo, los Trabajadores y las Trabajadoras (LOTTT,
///   Gaceta Oficial Extraordinaria 6.076 of 7 May 2012), article 184: 1
///   January, Carnival Monday and Tuesday, Holy Thursday and Good Friday, 1
///   May, 24, 25 and 31 December, and the days the Ley de Fiestas Nacionales
///   names;
/// - Ley de Fiestas Nacionales: 19 April, 24 June, 5 July, 24 July and
///   12 October (renamed Día de la Resistencia Indígena by Decreto 2.028 of
///   2002).
///
/// Not included: 15 May (San Isidro Labrador), which some holiday libraries
/// list for Venezuela, is a religious and local feast with no national
/// law behind it, and regional or decreed one-off days (add them to a
/// calendar as one-off holidays: `averias calendar import`).
pub fn venezuela_holidays() -> Vec<Holiday> {
    let fixed = |month, day, name: &str| Holiday::Fixed {
        month,
        day,
        name: name.into(),
    };
    let easter = |offset_days, name: &str| Holiday::Easter {
        offset_days,
        name: name.into(),
    };
    vec![
        fixed(1, 1, "Año Nuevo"),
        easter(-48, "Lunes de Carnaval"),
        easter(-47, "Martes de Carnaval"),
        easter(-3, "Jueves Santo"),
        easter(-2, "Viernes Santo"),
        fixed(4, 19, "Declaración de la Independencia"),
        fixed(5, 1, "Día del Trabajador"),
        fixed(6, 24, "Batalla de Carabobo"),
        fixed(7, 5, "Día de la Independencia"),
        fixed(7, 24, "Natalicio del Libertador"),
        fixed(10, 12, "Día de la Resistencia Indígena"),
        fixed(12, 24, "Nochebuena"),
        fixed(12, 25, "Navidad"),
        fixed(12, 31, "Fin de Año"),
    ]
}

/// The default business calendar: Caracas, Monday to Friday 08:00–12:00 and
/// 13:00–17:00, Venezuela's national holidays.
pub fn caracas_business() -> Calendar {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
    let workday = vec![(t(8), t(12)), (t(13), t(17))];
    Calendar {
        name: "caracas-business".into(),
        zone: chrono_tz::America::Caracas,
        week: [
            workday.clone(),
            workday.clone(),
            workday.clone(),
            workday.clone(),
            workday,
            vec![],
            vec![],
        ],
        holidays: venezuela_holidays(),
        always: false,
    }
}

#[cfg(test)]
mod tests;
