//! Business calendars (R-MAINT-3) as stored, managed by admins and used by
//! everyone who needs business-time arithmetic: the SLA, escalation and
//! maintenance-notice rules build on them. The default calendars (Caracas
//! business hours with Venezuela's holidays, and 24×7) exist everywhere.

use averias_domain::calendar::{Calendar, caracas_business};
use averias_domain::{Actor, Role};
use averias_store::{AuditEvent, Store};
use chrono::{DateTime, Duration, Utc};

use super::{ServiceError, ServiceResult, audit, require_role};
use crate::sla::Sla;

pub use crate::sla::{ALWAYS, BUSINESS};

fn to_json(calendar: &Calendar) -> ServiceResult<serde_json::Value> {
    serde_json::to_value(calendar)
        .map_err(|e| ServiceError::invalid("invalid_calendar", "calendar", e.to_string()))
}

/// Creates the default calendars where they are missing; run at start-up.
pub async fn seed_defaults(store: &dyn Store, now: DateTime<Utc>) -> ServiceResult<()> {
    store
        .ensure_calendar(BUSINESS, &to_json(&caracas_business())?, now)
        .await?;
    store
        .ensure_calendar(ALWAYS, &to_json(&Calendar::always(ALWAYS))?, now)
        .await?;
    Ok(())
}

fn decode(name: &str, value: serde_json::Value) -> ServiceResult<Calendar> {
    serde_json::from_value(value).map_err(|e| {
        ServiceError::Store(averias_store::StoreError::Corrupt {
            table: "calendars",
            detail: format!("{name}: {e}"),
        })
    })
}

impl Sla {
    /// Every calendar.
    pub async fn calendars(&self) -> ServiceResult<Vec<Calendar>> {
        self.clock_store
            .list_calendars()
            .await?
            .into_iter()
            .map(|(name, v)| decode(&name, v))
            .collect()
    }

    /// One calendar by name.
    pub async fn calendar(&self, name: &str) -> ServiceResult<Calendar> {
        let value = self
            .clock_store
            .get_calendar(name)
            .await?
            .ok_or_else(|| ServiceError::not_found("calendar", name))?;
        decode(name, value)
    }

    /// Creates or replaces a calendar (admin). The calendar is validated first.
    pub async fn upsert_calendar(
        &self,
        actor: &Actor,
        calendar: Calendar,
    ) -> ServiceResult<Calendar> {
        require_role(actor, &[Role::Admin], "manage calendars")?;
        let name = calendar.name.trim();
        let name_ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            return Err(ServiceError::invalid(
                "invalid_calendar_name",
                "name",
                "a calendar name uses letters, digits, '-' and '_'",
            ));
        }
        calendar
            .validate()
            .map_err(|e| ServiceError::invalid("invalid_calendar", "week", e.to_string()))?;
        let before = self.clock_store.get_calendar(name).await?;
        let after = to_json(&calendar)?;
        let event = AuditEvent {
            before,
            after: Some(after.clone()),
            ..audit(actor, self.clock.now(), "calendar", name, "upsert")
        };
        self.clock_store
            .upsert_calendar(name, &after, &event)
            .await?;
        self.rules_changed().await?;
        Ok(calendar)
    }

    /// The instant `minutes` of business time after `from` on calendar `name`.
    pub async fn calendar_deadline(
        &self,
        name: &str,
        from: DateTime<Utc>,
        minutes: i64,
    ) -> ServiceResult<DateTime<Utc>> {
        if !(0..=60 * 24 * 366).contains(&minutes) {
            return Err(ServiceError::invalid(
                "invalid_minutes",
                "minutes",
                "minutes must be between 0 and one year",
            ));
        }
        self.calendar(name)
            .await?
            .add(from, Duration::minutes(minutes))
            .ok_or_else(|| {
                ServiceError::invalid(
                    "no_working_time",
                    "calendar",
                    format!("calendar '{name}' has no working time ahead"),
                )
            })
    }

    /// Business time between two instants on calendar `name`.
    pub async fn calendar_business_time(
        &self,
        name: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> ServiceResult<Duration> {
        if to - from > Duration::days(3660) {
            return Err(ServiceError::invalid(
                "range_too_long",
                "to",
                "measure at most ten years at a time",
            ));
        }
        Ok(self.calendar(name).await?.between(from, to))
    }
}
