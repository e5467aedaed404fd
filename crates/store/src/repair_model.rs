//! Records of the repair loop (R-REPAIR-1..5) as the store reads and writes
//! them, and [`RepairOp`]: the repair writes a [`crate::ChangeSet`] carries,
//! so a certification, its swap, endorsement, replenishment and the ticket's
//! move land in one transaction.

use averias_domain::repair::{
    AppointmentStatus, EndorsementNumber, RepairEntryKind, ReplenishmentStatus, UnitStatus,
};
use averias_domain::{AccountId, TicketId, TicketNumber, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A business unit's warehouse: receives replaced devices, ships backup units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warehouse {
    pub code: String,
    pub name: String,
    pub business_unit: String,
    pub address: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An authorized installation center (its code is also its staff's group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Center {
    pub code: String,
    pub name: String,
    pub address: String,
    pub area: String,
    pub business_unit: String,
    pub warehouse_code: String,
    /// Opening hours: a business calendar's name.
    pub calendar: String,
    pub slot_minutes: u32,
    pub slot_capacity: u32,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A booked (or past) appointment of a ticket at a center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appointment {
    pub id: uuid::Uuid,
    pub ticket_id: TicketId,
    /// Filled on reads.
    pub ticket_number: Option<TicketNumber>,
    pub center_code: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub booked_by: UserId,
    pub booked_by_name: String,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// Which appointments to list.
#[derive(Debug, Clone, Default)]
pub struct AppointmentFilter {
    pub center: Option<String>,
    pub ticket: Option<TicketId>,
    pub status: Option<AppointmentStatus>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: i64,
}

/// One unit of equipment in the stock loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockUnit {
    pub imei: String,
    pub make: String,
    pub model: String,
    pub status: UnitStatus,
    /// Center or warehouse code; destination while in transit; account number when installed.
    pub location: String,
    pub ticket_id: Option<TicketId>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// Which units to list.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub location: Option<String>,
    pub model: Option<String>,
    pub status: Option<UnitStatus>,
    pub limit: i64,
    pub offset: i64,
}

/// How many units a location holds of a model in a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockCount {
    pub location: String,
    pub make: String,
    pub model: String,
    pub status: UnitStatus,
    pub count: i64,
}

/// The fewest available units of a model a location should hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReorderLevel {
    pub location: String,
    pub model: String,
    pub minimum: i64,
}

/// One move of a device (kept for the device and, when it was on one, the line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceEvent {
    pub imei: String,
    pub msisdn: Option<String>,
    pub at: DateTime<Utc>,
    /// `installed_on_line`, `removed_from_line`, `received_in_stock`, `shipped`, ...
    pub event: String,
    pub location: Option<String>,
    pub ticket_id: Option<TicketId>,
    pub actor_name: String,
    pub detail: Option<String>,
}

/// A test or corrective action a technician recorded (R-REPAIR-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepairEntry {
    pub id: uuid::Uuid,
    pub ticket_id: TicketId,
    pub center_code: String,
    pub kind: RepairEntryKind,
    pub body: String,
    pub author_id: UserId,
    pub author_name: String,
    pub at: DateTime<Utc>,
}

/// The center's certification of a repair (R-REPAIR-2, R-REPAIR-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    pub ticket_id: TicketId,
    pub center_code: String,
    pub technician_id: UserId,
    pub technician_name: String,
    pub work_done: String,
    pub result: String,
    pub msisdn: Option<String>,
    pub old_imei: Option<String>,
    pub new_imei: Option<String>,
    pub certified_at: DateTime<Utc>,
}

/// A replacement endorsement (aval del reemplazo) travelling with a replaced
/// device to the warehouse (R-REPAIR-5). Its number is assigned on write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endorsement {
    pub number: Option<EndorsementNumber>,
    pub ticket_id: TicketId,
    pub msisdn: String,
    pub old_imei: String,
    pub old_make: String,
    pub old_model: String,
    pub new_imei: String,
    pub center_code: String,
    pub warehouse_code: String,
    pub technician_id: UserId,
    pub technician_name: String,
    pub created_at: DateTime<Utc>,
    pub received_at: Option<DateTime<Utc>>,
    pub received_by: Option<String>,
    pub received_note: Option<String>,
}

/// A center's request for a new backup unit (R-REPAIR-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replenishment {
    pub id: uuid::Uuid,
    pub center_code: String,
    pub warehouse_code: String,
    pub make: String,
    pub model: String,
    pub ticket_id: Option<TicketId>,
    pub status: ReplenishmentStatus,
    pub requested_at: DateTime<Utc>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub shipped_imei: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// A unit must be like this for a [`RepairOp::MoveUnit`] to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCondition {
    pub statuses: Vec<UnitStatus>,
    pub location: String,
    /// A reserved unit qualifies only for this ticket.
    pub reserved_for: Option<TicketId>,
}

/// One repair write, applied in order inside the change set's transaction.
/// A conditional write that finds its row changed fails the whole set with
/// [`crate::StoreError::Unavailable`] or [`crate::StoreError::Stale`].
#[derive(Debug, Clone)]
pub enum RepairOp {
    /// Creates or replaces a warehouse (and its staff group).
    PutWarehouse(Warehouse),
    /// Creates or replaces a center (and its staff group).
    PutCenter(Center),
    /// Takes a place in the appointment's slot (unless `capacity` places
    /// are taken: `Unavailable`) and inserts it; a second active
    /// appointment of the ticket is a `Duplicate`.
    Book {
        appointment: Appointment,
        capacity: u32,
    },
    /// Moves an active appointment to another slot (taking a place there,
    /// giving back the old one).
    Reschedule {
        id: uuid::Uuid,
        expected_version: i64,
        old_center: String,
        old_start: DateTime<Utc>,
        center: String,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        capacity: u32,
        at: DateTime<Utc>,
    },
    /// Ends an active appointment (cancelled, no-show, completed) and gives its place back.
    EndAppointment {
        id: uuid::Uuid,
        expected_version: i64,
        center: String,
        start: DateTime<Utc>,
        status: AppointmentStatus,
        reason: Option<String>,
        at: DateTime<Utc>,
    },
    /// Inserts or replaces a unit as given.
    PutUnit(StockUnit),
    /// Moves a unit only if it still meets `condition` (else `Unavailable`).
    MoveUnit {
        imei: String,
        condition: UnitCondition,
        status: UnitStatus,
        location: String,
        ticket_id: Option<TicketId>,
        at: DateTime<Utc>,
    },
    /// Puts a device in service on a line: the equipment row (now the
    /// account's) and the line's IMEI.
    SetLineDevice {
        msisdn: String,
        account_id: AccountId,
        imei: String,
        make: String,
        model: String,
        at: DateTime<Utc>,
    },
    Event(DeviceEvent),
    Entry(RepairEntry),
    Certify(Certificate),
    /// Inserts an endorsement with the next number of its year.
    Endorse(Endorsement),
    Replenish(Replenishment),
    /// Moves a replenishment from `from` to `replenishment.status` (else `Stale`).
    UpdateReplenishment {
        replenishment: Replenishment,
        from: ReplenishmentStatus,
    },
    /// Marks an endorsement received, once (else `Stale`).
    ReceiveEndorsement {
        number: EndorsementNumber,
        at: DateTime<Utc>,
        by: String,
        note: Option<String>,
    },
    SetReorderLevel(ReorderLevel),
}
