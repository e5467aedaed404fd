//! Calendar arithmetic: concrete dates in America/Caracas (weekends,
//! Carnival, nights), DST in another zone, and properties over random
//! calendars: adding then measuring back gives the same amount, measuring is
//! additive, holidays add nothing.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;

fn caracas(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::America::Caracas
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn easter_and_the_moveable_feasts_fall_on_known_dates() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(easter_sunday(2024), Some(d(2024, 3, 31)));
    assert_eq!(easter_sunday(2025), Some(d(2025, 4, 20)));
    assert_eq!(easter_sunday(2026), Some(d(2026, 4, 5)));
    assert_eq!(easter_sunday(2027), Some(d(2027, 3, 28)));
    let cal = caracas_business();
    for (date, name) in [
        (d(2026, 2, 16), "Lunes de Carnaval"),
        (d(2026, 2, 17), "Martes de Carnaval"),
        (d(2026, 4, 2), "Jueves Santo"),
        (d(2026, 4, 3), "Viernes Santo"),
        (d(2026, 7, 5), "Día de la Independencia"),
    ] {
        assert_eq!(cal.holiday_on(date).map(Holiday::name), Some(name));
    }
    assert!(cal.holiday_on(d(2026, 2, 18)).is_none());
}

/// The national holidays are those of LOTTT art. 184 and the Ley de Fiestas
/// Nacionales, and only those (see `venezuela_holidays`): 15 May, which a
/// holiday library lists for Venezuela, is a working day.
#[test]
fn the_national_holidays_are_the_laws_fourteen_days_and_15_may_is_a_working_day() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let cal = caracas_business();
    let holidays: Vec<NaiveDate> = (0..365)
        .map(|i| d(1, 1) + Duration::days(i))
        .filter(|date| cal.holiday_on(*date).is_some())
        .collect();
    assert_eq!(
        holidays,
        [
            d(1, 1),
            d(2, 16),
            d(2, 17),
            d(4, 2),
            d(4, 3),
            d(4, 19),
            d(5, 1),
            d(6, 24),
            d(7, 5),
            d(7, 24),
            d(10, 12),
            d(12, 24),
            d(12, 25),
            d(12, 31),
        ]
    );
    assert!(cal.holiday_on(d(5, 15)).is_none());
}

#[test]
fn a_friday_afternoon_notice_crosses_the_weekend_and_carnival() {
    let cal = caracas_business();
    // Friday 13 Feb 2026, 15:00: 2 h left that day; Sat, Sun, Carnival Mon
    // and Tue add nothing; Wednesday gives 8 h; Thursday the last 6 h.
    let sent = caracas(2026, 2, 13, 15, 0);
    let sixteen = Duration::hours(16);
    assert_eq!(cal.add(sent, sixteen), Some(caracas(2026, 2, 19, 15, 0)));
    // R-MAINT-1 backwards: for work starting Thursday 15:00, the latest notice is Friday 15:00.
    assert_eq!(
        cal.subtract(caracas(2026, 2, 19, 15, 0), sixteen),
        Some(sent)
    );
    assert_eq!(cal.between(sent, caracas(2026, 2, 19, 15, 0)), sixteen);
}

#[test]
fn an_objection_window_crosses_a_night_and_lunch() {
    let cal = caracas_business();
    // Tuesday 24 Nov 2026, 14:00 + 8 business hours: 3 h that afternoon, 4 h
    // Wednesday morning, 1 h after lunch.
    assert_eq!(
        cal.add(caracas(2026, 11, 24, 14, 0), Duration::hours(8)),
        Some(caracas(2026, 11, 25, 14, 0))
    );
    // Sent at night, the window starts next morning.
    assert_eq!(
        cal.next_working_instant(caracas(2026, 11, 24, 21, 30)),
        Some(caracas(2026, 11, 25, 8, 0))
    );
    assert_eq!(
        cal.next_working_instant(caracas(2026, 11, 25, 12, 30)),
        Some(caracas(2026, 11, 25, 13, 0))
    );
    assert_eq!(
        cal.next_working_instant(caracas(2026, 11, 25, 9, 15)),
        Some(caracas(2026, 11, 25, 9, 15))
    );
}

#[test]
fn the_24x7_calendar_counts_every_hour() {
    let cal = Calendar::always("24x7");
    let t = caracas(2026, 2, 16, 3, 0);
    assert_eq!(
        cal.add(t, Duration::hours(24)),
        Some(t + Duration::hours(24))
    );
    assert_eq!(cal.between(t, t + Duration::hours(30)), Duration::hours(30));
}

#[test]
fn daylight_saving_changes_the_length_of_a_wall_clock_interval() {
    let ny = chrono_tz::America::New_York;
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let mut week: [Vec<Interval>; 7] = Default::default();
    week[6] = vec![(t(1), t(5))]; // Sundays, 01:00–05:00 wall clock
    let cal = Calendar {
        name: "ny-sunday".into(),
        zone: ny,
        week,
        holidays: vec![],
        always: false,
    };
    let day = |y, m, d| {
        let s = ny
            .with_ymd_and_hms(y, m, d, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        cal.between(s, s + Duration::hours(30))
    };
    assert_eq!(day(2026, 3, 1), Duration::hours(4), "an ordinary Sunday");
    assert_eq!(
        day(2026, 3, 8),
        Duration::hours(3),
        "spring forward: 02:00–03:00 does not exist"
    );
    assert_eq!(
        day(2026, 11, 1),
        Duration::hours(5),
        "fall back: 01:00–02:00 happens twice"
    );
}

#[test]
fn bad_calendars_are_refused() {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let mut cal = caracas_business();
    cal.week[0] = vec![(t(9), t(8))];
    assert!(matches!(
        cal.validate(),
        Err(CalendarError::EmptyInterval { .. })
    ));
    cal.week[0] = vec![(t(8), t(12)), (t(11), t(14))];
    assert!(matches!(cal.validate(), Err(CalendarError::Overlap { .. })));
    cal.week = Default::default();
    assert!(matches!(
        cal.validate(),
        Err(CalendarError::NoWorkingTime(_))
    ));
    assert!(caracas_business().validate().is_ok());
}

fn arb_calendar() -> impl Strategy<Value = Calendar> {
    let zones = prop_oneof![
        Just(chrono_tz::America::Caracas),
        Just(chrono_tz::America::New_York),
        Just(chrono_tz::Europe::Madrid),
        Just(chrono_tz::Asia::Kolkata),
    ];
    let day = prop::collection::vec((0u32..23, 1u32..6), 0..3).prop_map(|spans| {
        let mut out: Vec<Interval> = Vec::new();
        let mut hour = 0;
        for (gap, len) in spans {
            let start = hour + gap;
            let end = (start + len).min(24);
            if start >= 24 || end <= start {
                break;
            }
            let time = |h: u32| {
                if h >= 24 {
                    NaiveTime::from_hms_opt(23, 59, 59).unwrap()
                } else {
                    NaiveTime::from_hms_opt(h, 0, 0).unwrap()
                }
            };
            out.push((time(start), time(end)));
            hour = end;
        }
        out
    });
    (
        zones,
        prop::array::uniform7(day),
        prop::collection::vec(0i64..365, 0..10),
    )
        .prop_map(|(zone, week, off)| {
            let base = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let holidays = off
                .into_iter()
                .map(|o| Holiday::OneOff {
                    date: base + Duration::days(o),
                    name: "feriado".into(),
                })
                .collect();
            Calendar {
                name: "random".into(),
                zone,
                week,
                holidays,
                always: false,
            }
        })
}

fn arb_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..(365 * 24 * 60))
        .prop_map(|m| Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(m))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn adding_n_business_minutes_then_measuring_back_gives_n(cal in arb_calendar(), start in arb_instant(), n in 0i64..(5 * 24 * 60)) {
        prop_assume!(cal.validate().is_ok());
        let end = cal.add(start, Duration::minutes(n)).unwrap();
        prop_assert!(end >= start);
        prop_assert_eq!(cal.between(start, end), Duration::minutes(n));
        // And subtracting from the end never lands later than the start.
        let back = cal.subtract(end, Duration::minutes(n)).unwrap();
        prop_assert!(back >= start || n == 0);
        prop_assert_eq!(cal.between(back, end), Duration::minutes(n));
    }

    #[test]
    fn business_time_is_additive_over_any_split(cal in arb_calendar(), a in arb_instant(), d1 in 0i64..20_000, d2 in 0i64..20_000) {
        let m = a + Duration::minutes(d1);
        let b = m + Duration::minutes(d2);
        prop_assert_eq!(cal.between(a, b), cal.between(a, m) + cal.between(m, b));
        prop_assert!(cal.between(a, b) <= b - a);
    }

    #[test]
    fn a_holiday_adds_no_business_time(cal in arb_calendar(), day in 0i64..365) {
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(day);
        let mut with_holiday = cal.clone();
        with_holiday.holidays.push(Holiday::OneOff { date, name: "decreto".into() });
        prop_assert!(with_holiday.working_intervals(date).is_empty());
        let start = cal.zone.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap()).earliest().unwrap().with_timezone(&Utc);
        let end = start + Duration::hours(20);
        prop_assert!(with_holiday.between(start, end) <= cal.between(start, end));
    }

    #[test]
    fn the_next_working_instant_is_working_time_and_nothing_before_it_is(cal in arb_calendar(), t in arb_instant()) {
        prop_assume!(cal.validate().is_ok());
        let next = cal.next_working_instant(t).unwrap();
        prop_assert!(next >= t);
        prop_assert_eq!(cal.between(t, next), Duration::zero());
        // `next` is working time: the instant right after it counts. (Not a
        // whole minute: an interval may end at 23:59:59 a few seconds later.)
        prop_assert!(cal.between(next, next + Duration::seconds(1)) > Duration::zero());
    }
}
