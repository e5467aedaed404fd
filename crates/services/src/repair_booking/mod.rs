//! Installation centers, their free slots and appointments (R-REPAIR-1):
//! an admin sets up centers and warehouses; the customer, an agent or the
//! center books a slot for a point-fault ticket, reschedules, cancels or
//! records a no-show; a reminder goes out the day before.

use std::sync::Arc;

use averias_domain::repair::{self, AppointmentStatus, Slot, SlotError};
use averias_domain::{Actor, Role, Stage, TicketKind};
use averias_store::{
    Appointment, AppointmentFilter, AuditEvent, Center, ChangeSet, Job, RepairOp, TicketRecord,
    Warehouse,
};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::json;

use super::{ServiceError, ServiceResult, audit, require_role};

/// Job kind of an appointment's day-before reminder.
pub use crate::changes::{APPOINTMENT_REMINDER_KIND, appointment_reminder_timer};

mod appointments;
/// The longest range one slot search covers.
const MAX_SEARCH_DAYS: i64 = 31;
/// How many other free slots a "slot full" answer offers.
const ALTERNATIVES: usize = 5;

/// Who books, moves and cancels appointments (R-REPAIR-1): the customer,
/// an agent for them, or the center for a walk-in. Others (warehouse,
/// product development...) may read tickets but not touch bookings.
const BOOKERS: &[Role] = &[
    Role::Customer,
    Role::SalesConsultant,
    Role::Teleservice,
    Role::Csm,
    Role::InstallationCenter,
    Role::Admin,
];

/// A center as an admin writes it.
#[derive(Debug, Clone)]
pub struct CenterInput {
    pub name: String,
    pub address: String,
    pub area: String,
    pub business_unit: String,
    pub warehouse_code: String,
    pub calendar: String,
    pub slot_minutes: u32,
    pub slot_capacity: u32,
    pub active: bool,
}

/// A warehouse as an admin writes it.
#[derive(Debug, Clone)]
pub struct WarehouseInput {
    pub name: String,
    pub business_unit: String,
    pub address: String,
}

/// A slot with places left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreeSlot {
    pub center: String,
    pub center_name: String,
    pub area: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub capacity: u32,
    pub free: u32,
}

/// Where to look for free slots.
#[derive(Debug, Clone, Default)]
pub struct SlotQuery {
    pub center: Option<String>,
    pub area: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: usize,
}

/// A booking or a move: which center, which slot.
#[derive(Debug, Clone)]
pub struct SlotChoice {
    pub center: String,
    pub start: DateTime<Utc>,
}

fn valid_code(field: &str, code: &str) -> ServiceResult<()> {
    let ok = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            "invalid_code",
            field,
            format!("'{code}' must be 1–40 lowercase letters, digits or '-'"),
        ))
    }
}

fn required(field: &str, value: &str) -> ServiceResult<()> {
    if value.trim().is_empty() {
        Err(ServiceError::invalid(
            "required",
            field,
            format!("{field} is required"),
        ))
    } else {
        Ok(())
    }
}

/// The repair loop (R-REPAIR-*): centers, warehouses, slots and appointments; the technician's record, certification and backup swaps; stock, endorsements and replenishment.
#[derive(Debug, Clone)]
pub struct Repair {
    pub(crate) clock_store: Arc<dyn averias_store::ClockStore>,
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) repair_store: Arc<dyn averias_store::RepairStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) lookup: crate::lookup::Lookup,
    pub(crate) notifications: crate::notifications::Notifications,
    pub(crate) sla: crate::sla::Sla,
    pub(crate) tickets: crate::tickets::Tickets,
}

impl Repair {
    // Centers and warehouses ---------------------------------------------------

    pub async fn put_warehouse(
        &self,
        actor: &Actor,
        code: &str,
        input: WarehouseInput,
    ) -> ServiceResult<Warehouse> {
        require_role(actor, &[Role::Admin], "manage warehouses")?;
        valid_code("code", code)?;
        required("name", &input.name)?;
        required("business_unit", &input.business_unit)?;
        let now = self.clock.now();
        let before = self.repair_store.get_warehouse(code).await?;
        let w = Warehouse {
            code: code.into(),
            name: input.name.trim().into(),
            business_unit: input.business_unit.trim().into(),
            address: input.address.trim().into(),
            created_at: before.as_ref().map_or(now, |b| b.created_at),
            updated_at: now,
        };
        self.write_repair(
            vec![RepairOp::PutWarehouse(w.clone())],
            AuditEvent {
                after: Some(json!(w)),
                ..audit(actor, now, "warehouse", code, "put")
            },
        )
        .await?;
        Ok(w)
    }

    pub async fn warehouses(&self, actor: &Actor) -> ServiceResult<Vec<Warehouse>> {
        require_staff(actor)?;
        Ok(self.repair_store.list_warehouses().await?)
    }

    pub async fn put_center(
        &self,
        actor: &Actor,
        code: &str,
        input: CenterInput,
    ) -> ServiceResult<Center> {
        require_role(actor, &[Role::Admin], "manage installation centers")?;
        valid_code("code", code)?;
        for (field, v) in [
            ("name", &input.name),
            ("address", &input.address),
            ("area", &input.area),
            ("business_unit", &input.business_unit),
        ] {
            required(field, v)?;
        }
        if !(5..=480).contains(&input.slot_minutes) {
            return Err(ServiceError::invalid(
                "invalid_slot_minutes",
                "slot_minutes",
                "a slot lasts between 5 and 480 minutes",
            ));
        }
        if !(1..=1000).contains(&input.slot_capacity) {
            return Err(ServiceError::invalid(
                "invalid_slot_capacity",
                "slot_capacity",
                "a slot takes between 1 and 1000 appointments",
            ));
        }
        if self
            .repair_store
            .get_warehouse(&input.warehouse_code)
            .await?
            .is_none()
        {
            return Err(ServiceError::invalid(
                "unknown_warehouse",
                "warehouse_code",
                format!("warehouse '{}' does not exist", input.warehouse_code),
            ));
        }
        // Opening hours are a business calendar that must exist.
        if self
            .clock_store
            .get_calendar(&input.calendar)
            .await?
            .is_none()
        {
            return Err(ServiceError::invalid(
                "unknown_calendar",
                "calendar",
                format!("calendar '{}' does not exist", input.calendar),
            ));
        }
        let now = self.clock.now();
        let before = self.repair_store.get_center(code).await?;
        let c = Center {
            code: code.into(),
            name: input.name.trim().into(),
            address: input.address.trim().into(),
            area: input.area.trim().into(),
            business_unit: input.business_unit.trim().into(),
            warehouse_code: input.warehouse_code,
            calendar: input.calendar,
            slot_minutes: input.slot_minutes,
            slot_capacity: input.slot_capacity,
            active: input.active,
            created_at: before.as_ref().map_or(now, |b| b.created_at),
            updated_at: now,
        };
        self.write_repair(
            vec![RepairOp::PutCenter(c.clone())],
            AuditEvent {
                before: before.map(|b| json!(b)),
                after: Some(json!(c)),
                ..audit(actor, now, "center", code, "put")
            },
        )
        .await?;
        Ok(c)
    }

    /// Centers anyone signed in may look up (customers choose where to go).
    pub async fn centers(&self, area: Option<&str>) -> ServiceResult<Vec<Center>> {
        Ok(self.repair_store.list_centers(area).await?)
    }

    pub async fn center(&self, code: &str) -> ServiceResult<Center> {
        self.repair_store
            .get_center(code)
            .await?
            .ok_or_else(|| ServiceError::not_found("center", code))
    }

    /// Writes repair ops with one audit event and nothing else.
    pub(crate) async fn write_repair(
        &self,
        ops: Vec<RepairOp>,
        event: AuditEvent,
    ) -> ServiceResult<()> {
        let changes = ChangeSet {
            repair: ops,
            audit: vec![event],
            ..ChangeSet::default()
        };
        Ok(self.ticket_store.apply_ticket_changes(changes).await?)
    }

    // Slots ----------------------------------------------------------------------

    /// Free slots of one center, or of every active center (of an area),
    /// between `from` (not before now) and `to`, earliest first.
    pub async fn free_slots(&self, q: SlotQuery) -> ServiceResult<Vec<FreeSlot>> {
        let now = self.clock.now();
        let from = q.from.unwrap_or(now).max(now);
        let to = q.to.unwrap_or(from + Duration::days(7));
        if to <= from {
            return Err(ServiceError::invalid(
                "invalid_range",
                "to",
                "the end of the search range must come after its start (and after now)",
            ));
        }
        if to - from > Duration::days(MAX_SEARCH_DAYS) {
            return Err(ServiceError::invalid(
                "range_too_long",
                "to",
                format!("search at most {MAX_SEARCH_DAYS} days at a time"),
            ));
        }
        let centers = match &q.center {
            Some(code) => vec![self.center(code).await?],
            None => self.repair_store.list_centers(q.area.as_deref()).await?,
        };
        let limit = if q.limit == 0 { 200 } else { q.limit };
        let mut out = Vec::new();
        for c in centers.into_iter().filter(|c| c.active) {
            out.extend(self.center_free_slots(&c, from, to, limit).await?);
        }
        out.sort_by(|a, b| (a.start, &a.center).cmp(&(b.start, &b.center)));
        out.truncate(limit);
        Ok(out)
    }

    async fn center_free_slots(
        &self,
        c: &Center,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: usize,
    ) -> ServiceResult<Vec<FreeSlot>> {
        let hours = self.sla.calendar(&c.calendar).await?;
        let now = self.clock.now();
        let day = |t: DateTime<Utc>| t.with_timezone(&hours.zone).date_naive();
        let slots: Vec<Slot> =
            repair::slots_between(&hours, c.slot_minutes, day(from), day(to), usize::MAX)
                .into_iter()
                // Only slots still to begin: nobody can arrive at one under way.
                .filter(|s| s.start >= from && s.start > now && s.start < to)
                .collect();
        let Some(first) = slots.first() else {
            return Ok(Vec::new());
        };
        let booked: std::collections::HashMap<_, _> = self
            .repair_store
            .slot_bookings(&c.code, first.start, to)
            .await?
            .into_iter()
            .collect();
        Ok(slots
            .into_iter()
            .filter_map(|s| {
                let taken = booked.get(&s.start).copied().unwrap_or(0);
                let free = i64::from(c.slot_capacity) - taken;
                (free > 0).then(|| FreeSlot {
                    center: c.code.clone(),
                    center_name: c.name.clone(),
                    area: c.area.clone(),
                    start: s.start,
                    end: s.end,
                    capacity: c.slot_capacity,
                    free: u32::try_from(free).unwrap_or(0),
                })
            })
            .take(limit)
            .collect())
    }

    /// The slot `choice` names, checked against the center's hours.
    /// The chosen slot, checked: a center's own opening hours, not over,
    /// and not begun unless the booker is the center's staff (a walk-in
    /// takes the slot under way; a customer cannot arrive in the past).
    async fn checked_slot(
        &self,
        actor: &Actor,
        choice: &SlotChoice,
    ) -> ServiceResult<(Center, Slot)> {
        let center = self
            .repair_store
            .get_center(&choice.center)
            .await?
            .filter(|c| c.active)
            .ok_or_else(|| {
                ServiceError::invalid(
                    "unknown_center",
                    "center",
                    format!("'{}' is not an active installation center", choice.center),
                )
            })?;
        let hours = self.sla.calendar(&center.calendar).await?;
        let slot = repair::slot_at(&hours, center.slot_minutes, choice.start, self.clock.now())
            .map_err(|e| match e {
                SlotError::Past(_) => ServiceError::invalid("slot_in_past", "start", e.to_string()),
                SlotError::NotASlot(_) => ServiceError::invalid(
                    "outside_opening_hours",
                    "start",
                    format!(
                        "{e}; {} is open per calendar '{}' in {}-minute slots",
                        center.name, center.calendar, center.slot_minutes
                    ),
                ),
            })?;
        if slot.start <= self.clock.now() && actor.role != Role::InstallationCenter {
            return Err(ServiceError::invalid(
                "slot_started",
                "start",
                "that slot has already begun; choose one that starts later",
            ));
        }
        Ok((center, slot))
    }

    /// "Slot full", with other free slots at the same center and in its area.
    async fn slot_full(&self, center: &Center, start: DateTime<Utc>) -> ServiceError {
        let query = SlotQuery {
            area: Some(center.area.clone()),
            from: Some(start),
            to: Some(start + Duration::days(14)),
            limit: ALTERNATIVES,
            ..SlotQuery::default()
        };
        let alternatives = self.free_slots(query).await.unwrap_or_default();
        ServiceError::clash(
            "slot_full",
            format!(
                "the {} slot at {} was just taken; choose another",
                start.to_rfc3339(),
                center.name
            ),
            json!({"center": center.code, "start": start, "alternatives": alternatives}),
        )
    }
}

/// Operator staff (not customers, consultants, centers or warehouse).
pub(crate) fn require_staff(actor: &Actor) -> ServiceResult<()> {
    if actor.role.is_operator_staff() || actor.role == Role::Admin {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(format!(
            "role {} may not see this",
            actor.role
        )))
    }
}
