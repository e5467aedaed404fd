//! Repair at an installation center (R-REPAIR-1..5) as pure rules: the
//! appointment slots a center's opening hours and slot length give, the
//! life of an appointment, of a stock unit and of a replenishment request,
//! and the numbers of replacement endorsements (avales del reemplazo).
//!
//! Capacity and "two technicians never take the same unit" are enforced by
//! the store with conditional writes; this module says what is legal.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::ticket::string_enum;

string_enum!(
    /// Where an appointment is in its life (R-REPAIR-1).
    AppointmentStatus {
        Booked => "booked",
        Cancelled => "cancelled",
        NoShow => "no_show",
        /// The center certified the repair of the ticket it was for.
        Completed => "completed",
    }
);

impl AppointmentStatus {
    /// Only a booked appointment holds a place in its slot and can change.
    pub fn is_active(self) -> bool {
        self == AppointmentStatus::Booked
    }
}

string_enum!(
    /// The state of one unit of equipment in the repair loop (R-REPAIR-3, R-REPAIR-5).
    UnitStatus {
        /// On the shelf of a center or the warehouse, ready to be used or shipped.
        Available => "available",
        /// Set aside at a center for one ticket's repair.
        Reserved => "reserved",
        /// Travelling: a replenishment to a center, or a replaced device back to the warehouse.
        InTransit => "in_transit",
        /// In service on a customer's line.
        Installed => "installed",
        /// A replaced device received back at the warehouse.
        ReturnedDefective => "returned_defective",
    }
);

string_enum!(
    /// A request for a new backup unit for a center (R-REPAIR-5).
    ReplenishmentStatus {
        Requested => "requested",
        Shipped => "shipped",
        Received => "received",
    }
);

string_enum!(
    /// What a technician writes down while working on a case (R-REPAIR-2).
    RepairEntryKind {
        Test => "test",
        Action => "action",
    }
);

/// An appointment slot: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Slots of `minutes` each that fit whole inside the center's working
/// intervals on the local dates from `from` to `to` (inclusive), each
/// interval cut from its start. At most `max` slots.
pub fn slots_between(
    hours: &Calendar,
    minutes: u32,
    from: NaiveDate,
    to: NaiveDate,
    max: usize,
) -> Vec<Slot> {
    let length = Duration::minutes(i64::from(minutes.max(1)));
    let mut out = Vec::new();
    let mut date = from;
    while date <= to && out.len() < max {
        for (start, end) in hours.working_intervals(date) {
            let mut s = start;
            while s + length <= end && out.len() < max {
                out.push(Slot {
                    start: s,
                    end: s + length,
                });
                s += length;
            }
        }
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    out
}

/// Why a requested slot start is not a slot of the center.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    #[error("the slot starting {0} has already ended")]
    Past(DateTime<Utc>),
    #[error("{0} is not the start of an appointment slot within the center's opening hours")]
    NotASlot(DateTime<Utc>),
}

/// The slot starting at `start`, if the center's hours and slot length give
/// one there and it has not ended by `now` (a walk-in may take the slot
/// under way).
pub fn slot_at(
    hours: &Calendar,
    minutes: u32,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Slot, SlotError> {
    let date = start.with_timezone(&hours.zone).date_naive();
    let slot = slots_between(hours, minutes, date, date, usize::MAX)
        .into_iter()
        .find(|s| s.start == start)
        .ok_or(SlotError::NotASlot(start))?;
    if slot.end <= now {
        return Err(SlotError::Past(start));
    }
    Ok(slot)
}

/// When the reminder of an appointment goes out: a day before it, or at
/// once if it was booked less than a day ahead (then `None`: the booking
/// message is enough).
pub fn reminder_at(slot_start: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let at = slot_start - Duration::days(1);
    (at > now).then_some(at)
}

/// A replacement endorsement number (aval del reemplazo): `AVAL-2026-000042`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EndorsementNumber {
    year: i32,
    seq: u64,
}

impl EndorsementNumber {
    pub fn new(year: i32, seq: u64) -> Self {
        Self { year, seq }
    }
}

impl fmt::Display for EndorsementNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AVAL-{}-{:06}", self.year, self.seq)
    }
}

impl FromStr for EndorsementNumber {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not an endorsement number like AVAL-2026-000042");
        let rest = s.strip_prefix("AVAL-").ok_or_else(bad)?;
        let (year, seq) = rest.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || seq.len() < 6 {
            return Err(bad());
        }
        Ok(Self {
            year: year.parse().map_err(|_| bad())?,
            seq: seq.parse().map_err(|_| bad())?,
        })
    }
}

impl TryFrom<String> for EndorsementNumber {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<EndorsementNumber> for String {
    fn from(n: EndorsementNumber) -> String {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::calendar::caracas_business;

    fn caracas(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        chrono_tz::America::Caracas
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn slots_fill_each_opening_interval_from_its_start() {
        // Monday 2026-11-23: 08:00–12:00 and 13:00–17:00, 90-minute slots.
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let slots = slots_between(&caracas_business(), 90, day, day, 100);
        let starts: Vec<_> = slots.iter().map(|s| s.start).collect();
        assert_eq!(
            starts,
            vec![
                caracas(2026, 11, 23, 8, 0),
                caracas(2026, 11, 23, 9, 30),
                caracas(2026, 11, 23, 13, 0),
                caracas(2026, 11, 23, 14, 30),
            ],
            "a slot never runs past closing or into the lunch break"
        );
    }

    #[test]
    fn weekends_and_holidays_have_no_slots() {
        let sat = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let sun = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert!(slots_between(&caracas_business(), 60, sat, sun, 100).is_empty());
        let christmas = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        assert!(slots_between(&caracas_business(), 60, christmas, christmas, 100).is_empty());
    }

    #[test]
    fn a_booking_must_name_a_slot_that_has_not_ended() {
        let hours = caracas_business();
        let now = caracas(2026, 11, 23, 9, 10);
        assert_eq!(
            slot_at(&hours, 60, caracas(2026, 11, 23, 9, 0), now)
                .unwrap()
                .end,
            caracas(2026, 11, 23, 10, 0),
            "the slot under way can still take a walk-in"
        );
        assert_eq!(
            slot_at(&hours, 60, caracas(2026, 11, 23, 8, 0), now),
            Err(SlotError::Past(caracas(2026, 11, 23, 8, 0)))
        );
        assert_eq!(
            slot_at(&hours, 60, caracas(2026, 11, 23, 10, 30), now),
            Err(SlotError::NotASlot(caracas(2026, 11, 23, 10, 30))),
            "not on a slot boundary"
        );
        assert_eq!(
            slot_at(&hours, 60, caracas(2026, 11, 23, 12, 0), now),
            Err(SlotError::NotASlot(caracas(2026, 11, 23, 12, 0))),
            "lunch break"
        );
    }

    #[test]
    fn the_reminder_goes_a_day_before_unless_that_has_passed() {
        let slot = caracas(2026, 11, 25, 9, 0);
        assert_eq!(
            reminder_at(slot, caracas(2026, 11, 23, 9, 0)),
            Some(caracas(2026, 11, 24, 9, 0))
        );
        assert_eq!(reminder_at(slot, caracas(2026, 11, 24, 15, 0)), None);
    }

    #[test]
    fn endorsement_numbers_round_trip() {
        let n = EndorsementNumber::new(2026, 42);
        assert_eq!(n.to_string(), "AVAL-2026-000042");
        assert_eq!("AVAL-2026-000042".parse::<EndorsementNumber>(), Ok(n));
        assert!("AV-2026-000042".parse::<EndorsementNumber>().is_err());
        assert!("AVAL-26-000042".parse::<EndorsementNumber>().is_err());
    }

    #[test]
    fn only_a_booked_appointment_holds_its_place() {
        let active: Vec<_> = AppointmentStatus::ALL
            .iter()
            .filter(|s| s.is_active())
            .collect();
        assert_eq!(active, vec![&AppointmentStatus::Booked]);
    }
}
