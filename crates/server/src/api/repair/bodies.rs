//! Response bodies of the repair API.

use super::*;

/// A business unit's warehouse.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarehouseBody {
    code: String,
    name: String,
    business_unit: String,
    address: String,
}

impl From<Warehouse> for WarehouseBody {
    fn from(w: Warehouse) -> Self {
        Self {
            code: w.code,
            name: w.name,
            business_unit: w.business_unit,
            address: w.address,
        }
    }
}

/// An authorized installation center. Its code is also its staff's group.
#[derive(Debug, Serialize, ToSchema)]
pub struct CenterBody {
    code: String,
    name: String,
    address: String,
    /// Where customers look for it (city or state).
    area: String,
    business_unit: String,
    warehouse_code: String,
    /// Opening hours: a business calendar.
    calendar: String,
    slot_minutes: u32,
    /// Appointments per slot.
    slot_capacity: u32,
    active: bool,
}

impl From<Center> for CenterBody {
    fn from(c: Center) -> Self {
        Self {
            code: c.code,
            name: c.name,
            address: c.address,
            area: c.area,
            business_unit: c.business_unit,
            warehouse_code: c.warehouse_code,
            calendar: c.calendar,
            slot_minutes: c.slot_minutes,
            slot_capacity: c.slot_capacity,
            active: c.active,
        }
    }
}

/// A slot with places left.
#[derive(Debug, Serialize, ToSchema)]
pub struct FreeSlotBody {
    center: String,
    center_name: String,
    area: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    capacity: u32,
    free: u32,
}

impl From<FreeSlot> for FreeSlotBody {
    fn from(s: FreeSlot) -> Self {
        Self {
            center: s.center,
            center_name: s.center_name,
            area: s.area,
            start: s.start,
            end: s.end,
            capacity: s.capacity,
            free: s.free,
        }
    }
}

/// An appointment at a center for a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentBody {
    id: String,
    ticket: Option<String>,
    center: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// booked, cancelled, no_show or completed.
    status: &'static str,
    booked_by: String,
    reason: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

impl From<Appointment> for AppointmentBody {
    fn from(a: Appointment) -> Self {
        Self {
            id: a.id.to_string(),
            ticket: a.ticket_number.map(|n| n.to_string()),
            center: a.center_code,
            start: a.start,
            end: a.end,
            status: a.status.as_str(),
            booked_by: a.booked_by_name,
            reason: a.reason,
            created_at: a.created_at,
            updated_at: a.updated_at,
            version: a.version,
        }
    }
}

/// A unit of equipment in the stock loop.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitBody {
    imei: String,
    make: String,
    model: String,
    /// available, reserved, in_transit, installed or returned_defective.
    status: &'static str,
    /// Center or warehouse code; destination while in transit; account number when installed.
    location: String,
    /// The ticket it is reserved for, installed by, or was replaced on.
    ticket_id: Option<String>,
    updated_at: DateTime<Utc>,
}

impl From<StockUnit> for UnitBody {
    fn from(u: StockUnit) -> Self {
        Self {
            imei: u.imei,
            make: u.make,
            model: u.model,
            status: u.status.as_str(),
            location: u.location,
            ticket_id: u.ticket_id.map(|t| t.to_string()),
            updated_at: u.updated_at,
        }
    }
}

/// Stock of one model at one location.
#[derive(Debug, Serialize, ToSchema)]
pub struct StockLineBody {
    location: String,
    make: String,
    model: String,
    available: i64,
    reserved: i64,
    in_transit: i64,
    returned_defective: i64,
    reorder_level: Option<i64>,
    /// Fewer available units than the reorder level: replenish.
    low: bool,
}

impl From<StockLine> for StockLineBody {
    fn from(l: StockLine) -> Self {
        Self {
            location: l.location,
            make: l.make,
            model: l.model,
            available: l.available,
            reserved: l.reserved,
            in_transit: l.in_transit,
            returned_defective: l.returned_defective,
            reorder_level: l.reorder_level,
            low: l.low,
        }
    }
}

/// A replacement endorsement (aval del reemplazo).
#[derive(Debug, Serialize, ToSchema)]
pub struct EndorsementBody {
    /// `AVAL-2026-000042`.
    number: String,
    ticket_id: String,
    msisdn: String,
    old_imei: String,
    old_make: String,
    old_model: String,
    new_imei: String,
    center: String,
    warehouse: String,
    technician: String,
    created_at: DateTime<Utc>,
    received_at: Option<DateTime<Utc>>,
    received_by: Option<String>,
    received_note: Option<String>,
}

impl From<Endorsement> for EndorsementBody {
    fn from(e: Endorsement) -> Self {
        Self {
            number: e.number.map(|n| n.to_string()).unwrap_or_default(),
            ticket_id: e.ticket_id.to_string(),
            msisdn: e.msisdn,
            old_imei: e.old_imei,
            old_make: e.old_make,
            old_model: e.old_model,
            new_imei: e.new_imei,
            center: e.center_code,
            warehouse: e.warehouse_code,
            technician: e.technician_name,
            created_at: e.created_at,
            received_at: e.received_at,
            received_by: e.received_by,
            received_note: e.received_note,
        }
    }
}

/// A request for a new backup unit for a center.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplenishmentBody {
    id: String,
    center: String,
    warehouse: String,
    make: String,
    model: String,
    ticket_id: Option<String>,
    /// requested, shipped or received.
    status: &'static str,
    requested_at: DateTime<Utc>,
    shipped_at: Option<DateTime<Utc>>,
    shipped_imei: Option<String>,
    received_at: Option<DateTime<Utc>>,
}

impl From<Replenishment> for ReplenishmentBody {
    fn from(r: Replenishment) -> Self {
        Self {
            id: r.id.to_string(),
            center: r.center_code,
            warehouse: r.warehouse_code,
            make: r.make,
            model: r.model,
            ticket_id: r.ticket_id.map(|t| t.to_string()),
            status: r.status.as_str(),
            requested_at: r.requested_at,
            shipped_at: r.shipped_at,
            shipped_imei: r.shipped_imei,
            received_at: r.received_at,
        }
    }
}

/// One move of a device.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceEventBody {
    imei: String,
    msisdn: Option<String>,
    at: DateTime<Utc>,
    /// installed_on_line, removed_from_line, sent_to_warehouse, received_at_warehouse, shipped, received_in_stock.
    event: String,
    location: Option<String>,
    ticket_id: Option<String>,
    actor: String,
    detail: Option<String>,
}

impl From<DeviceEvent> for DeviceEventBody {
    fn from(e: DeviceEvent) -> Self {
        Self {
            imei: e.imei,
            msisdn: e.msisdn,
            at: e.at,
            event: e.event,
            location: e.location,
            ticket_id: e.ticket_id.map(|t| t.to_string()),
            actor: e.actor_name,
            detail: e.detail,
        }
    }
}

/// A test or corrective action recorded at the center.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepairEntryBody {
    id: String,
    /// test or action.
    kind: &'static str,
    body: String,
    center: String,
    author: String,
    at: DateTime<Utc>,
}

impl From<RepairEntry> for RepairEntryBody {
    fn from(e: RepairEntry) -> Self {
        Self {
            id: e.id.to_string(),
            kind: e.kind.as_str(),
            body: e.body,
            center: e.center_code,
            author: e.author_name,
            at: e.at,
        }
    }
}

/// The center's certification of a repair.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateBody {
    center: String,
    technician: String,
    work_done: String,
    result: String,
    msisdn: Option<String>,
    old_imei: Option<String>,
    new_imei: Option<String>,
    certified_at: DateTime<Utc>,
}

impl From<Certificate> for CertificateBody {
    fn from(c: Certificate) -> Self {
        Self {
            center: c.center_code,
            technician: c.technician_name,
            work_done: c.work_done,
            result: c.result,
            msisdn: c.msisdn,
            old_imei: c.old_imei,
            new_imei: c.new_imei,
            certified_at: c.certified_at,
        }
    }
}

/// Everything about a ticket's repair. Customers see appointments and the certificate.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepairFileBody {
    appointments: Vec<AppointmentBody>,
    entries: Vec<RepairEntryBody>,
    certificate: Option<CertificateBody>,
    endorsements: Vec<EndorsementBody>,
    replenishments: Vec<ReplenishmentBody>,
}

impl From<RepairFile> for RepairFileBody {
    fn from(f: RepairFile) -> Self {
        Self {
            appointments: f.appointments.into_iter().map(Into::into).collect(),
            entries: f.entries.into_iter().map(Into::into).collect(),
            certificate: f.certificate.map(Into::into),
            endorsements: f.endorsements.into_iter().map(Into::into).collect(),
            replenishments: f.replenishments.into_iter().map(Into::into).collect(),
        }
    }
}

/// What a certification did.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertifiedBody {
    pub(super) ticket: TicketBody,
    pub(super) certificate: CertificateBody,
    pub(super) endorsement: Option<EndorsementBody>,
    pub(super) replenishment: Option<ReplenishmentBody>,
}
