//! `/api/v1/calendars`: business calendars (R-MAINT-3). Read by everyone
//! signed in, written by admins, and two calculators for operators checking
//! a deadline by hand. [`CalendarSpec`] is also the CLI's TOML import format.

use averias_domain::calendar::{Calendar, Holiday, Interval};
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, Caller};
use crate::App;
use crate::error::{ApiResult, ErrorBody};
use averias_services::ServiceError;

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_calendars))
        .routes(routes!(get_calendar, put_calendar))
        .routes(routes!(deadline))
        .routes(routes!(business_time))
}

/// Working hours per weekday, as `"HH:MM-HH:MM"` wall-clock intervals.
#[derive(Debug, Default, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeekSpec {
    #[serde(default)]
    pub monday: Vec<String>,
    #[serde(default)]
    pub tuesday: Vec<String>,
    #[serde(default)]
    pub wednesday: Vec<String>,
    #[serde(default)]
    pub thursday: Vec<String>,
    #[serde(default)]
    pub friday: Vec<String>,
    #[serde(default)]
    pub saturday: Vec<String>,
    #[serde(default)]
    pub sunday: Vec<String>,
}

/// A calendar as the API and the TOML import write it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// Letters, digits, `-` and `_`; taken from the path on `PUT`.
    #[serde(default)]
    pub name: Option<String>,
    /// IANA time zone, e.g. `America/Caracas`.
    pub zone: String,
    /// Every instant counts (24×7); `week` and `holidays` are ignored.
    #[serde(default)]
    pub always: bool,
    #[serde(default)]
    pub week: WeekSpec,
    /// `{"kind": "fixed", "month": 7, "day": 5, "name": "…"}`,
    /// `{"kind": "one_off", "date": "2026-12-07", "name": "…"}` or
    /// `{"kind": "easter", "offset_days": -48, "name": "Lunes de Carnaval"}`.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub holidays: Vec<Holiday>,
}

fn interval(text: &str, day: &str) -> Result<Interval, ServiceError> {
    let bad = || {
        ServiceError::invalid(
            "invalid_interval",
            format!("week.{day}"),
            format!("'{text}' is not an interval like 08:00-12:00"),
        )
    };
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    Ok((t(a)?, t(b)?))
}

fn show(i: &Interval) -> String {
    format!("{}-{}", i.0.format("%H:%M"), i.1.format("%H:%M"))
}

impl CalendarSpec {
    /// The domain calendar, named `name`; parse errors name the field.
    pub fn into_calendar(self, name: &str) -> Result<Calendar, ServiceError> {
        let zone = self.zone.parse::<chrono_tz::Tz>().map_err(|_| {
            ServiceError::invalid(
                "invalid_zone",
                "zone",
                format!(
                    "'{}' is not an IANA time zone like America/Caracas",
                    self.zone
                ),
            )
        })?;
        let w = self.week;
        let days = [
            ("monday", w.monday),
            ("tuesday", w.tuesday),
            ("wednesday", w.wednesday),
            ("thursday", w.thursday),
            ("friday", w.friday),
            ("saturday", w.saturday),
            ("sunday", w.sunday),
        ];
        let mut week: [Vec<Interval>; 7] = Default::default();
        for (i, (day, spans)) in days.into_iter().enumerate() {
            week[i] = spans
                .iter()
                .map(|s| interval(s, day))
                .collect::<Result<_, _>>()?;
        }
        Ok(Calendar {
            name: name.to_owned(),
            zone,
            week,
            holidays: self.holidays,
            always: self.always,
        })
    }

    /// The spec of a domain calendar.
    pub fn from_calendar(c: &Calendar) -> Self {
        let d = |i: usize| c.week[i].iter().map(show).collect();
        Self {
            name: Some(c.name.clone()),
            zone: c.zone.name().to_owned(),
            always: c.always,
            week: WeekSpec {
                monday: d(0),
                tuesday: d(1),
                wednesday: d(2),
                thursday: d(3),
                friday: d(4),
                saturday: d(5),
                sunday: d(6),
            },
            holidays: c.holidays.clone(),
        }
    }
}

/// Every calendar.
#[utoipa::path(get, path = "/api/v1/calendars", tag = "calendars", responses((status = 200, body = Vec<CalendarSpec>)))]
async fn list_calendars(
    State(app): State<App>,
    _caller: Caller,
) -> ApiResult<Json<Vec<CalendarSpec>>> {
    Ok(Json(
        app.services
            .sla
            .calendars()
            .await?
            .iter()
            .map(CalendarSpec::from_calendar)
            .collect(),
    ))
}

/// One calendar.
#[utoipa::path(get, path = "/api/v1/calendars/{name}", tag = "calendars",
    params(("name" = String, Path, description = "Calendar name, e.g. caracas-business")),
    responses((status = 200, body = CalendarSpec), (status = 404, body = ErrorBody)))]
async fn get_calendar(
    State(app): State<App>,
    _caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<Json<CalendarSpec>> {
    Ok(Json(CalendarSpec::from_calendar(
        &app.services.sla.calendar(&name).await?,
    )))
}

/// Create or replace a calendar (admin). Intervals must be ordered and disjoint.
#[utoipa::path(put, path = "/api/v1/calendars/{name}", tag = "calendars", request_body = CalendarSpec,
    params(("name" = String, Path, description = "Calendar name")),
    responses((status = 200, body = CalendarSpec), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_calendar(
    State(app): State<App>,
    caller: Caller,
    Path(name): Path<String>,
    ApiJson(spec): ApiJson<CalendarSpec>,
) -> ApiResult<Json<CalendarSpec>> {
    if spec.name.as_deref().is_some_and(|n| n != name) {
        return Err(ServiceError::invalid(
            "name_mismatch",
            "name",
            "the body's name differs from the path's",
        )
        .into());
    }
    let calendar = spec.into_calendar(&name)?;
    let saved = app
        .services
        .sla
        .upsert_calendar(&caller.0, calendar)
        .await?;
    Ok(Json(CalendarSpec::from_calendar(&saved)))
}

/// Start and amount of a deadline calculation.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// RFC 3339 instant, e.g. `2026-02-13T15:00:00-04:00`.
    from: DateTime<Utc>,
    /// Business minutes to add.
    minutes: i64,
}

/// A deadline on this calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineBody {
    from: DateTime<Utc>,
    minutes: i64,
    deadline: DateTime<Utc>,
}

/// The instant `minutes` of business time after `from` (e.g. 16 business
/// hours for a maintenance notice: `minutes=960`).
#[utoipa::path(get, path = "/api/v1/calendars/{name}/deadline", tag = "calendars", params(("name" = String, Path, description = "Calendar name"), DeadlineQuery),
    responses((status = 200, body = DeadlineBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn deadline(
    State(app): State<App>,
    _caller: Caller,
    Path(name): Path<String>,
    ApiQuery(q): ApiQuery<DeadlineQuery>,
) -> ApiResult<Json<DeadlineBody>> {
    let deadline = app
        .services
        .sla
        .calendar_deadline(&name, q.from, q.minutes)
        .await?;
    Ok(Json(DeadlineBody {
        from: q.from,
        minutes: q.minutes,
        deadline,
    }))
}

/// Two instants to measure between.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SpanQuery {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

/// Business time between two instants.
#[derive(Debug, Serialize, ToSchema)]
pub struct BusinessTimeBody {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    minutes: i64,
}

/// Business time between `from` and `to` on this calendar.
#[utoipa::path(get, path = "/api/v1/calendars/{name}/business-time", tag = "calendars", params(("name" = String, Path, description = "Calendar name"), SpanQuery),
    responses((status = 200, body = BusinessTimeBody), (status = 404, body = ErrorBody)))]
async fn business_time(
    State(app): State<App>,
    _caller: Caller,
    Path(name): Path<String>,
    ApiQuery(q): ApiQuery<SpanQuery>,
) -> ApiResult<Json<BusinessTimeBody>> {
    let d = app
        .services
        .sla
        .calendar_business_time(&name, q.from, q.to)
        .await?;
    Ok(Json(BusinessTimeBody {
        from: q.from,
        to: q.to,
        minutes: d.num_minutes(),
    }))
}
