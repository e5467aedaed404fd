//! `/api/v1` repair at installation centers (R-REPAIR-1..5): centers and
//! warehouses, free slots (also as TM Forum TMF646 `searchTimeSlot`),
//! appointments, the technician's record and certification with the backup
//! swap, stock, endorsements, replenishments and device history.

use averias_domain::repair::{AppointmentStatus, RepairEntryKind, ReplenishmentStatus, UnitStatus};
use averias_store::{
    Appointment, Center, Certificate, DeviceEvent, Endorsement, ReorderLevel, RepairEntry,
    Replenishment, StockUnit, UnitFilter, Warehouse,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, Caller, OptionalJson, parse_field};
use super::views::TicketBody;
use crate::App;
use crate::error::{ApiResult, ErrorBody};
use averias_services::ServiceError;
use averias_services::repair_booking::{
    CenterInput, FreeSlot, SlotChoice, SlotQuery, WarehouseInput,
};
use averias_services::repair_center::{CertifyInput, RepairFile};
use averias_services::repair_stock::{StockLine, UnitInput};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_warehouses))
        .routes(routes!(put_warehouse))
        .routes(routes!(list_centers))
        .routes(routes!(get_center, put_center))
        .routes(routes!(center_slots))
        .routes(routes!(center_appointments))
        .routes(routes!(search_time_slot))
        .routes(routes!(ticket_appointments, book))
        .routes(routes!(get_appointment, reschedule))
        .routes(routes!(cancel_appointment))
        .routes(routes!(no_show))
        .routes(routes!(repair_file))
        .routes(routes!(add_entry))
        .routes(routes!(certify))
        .routes(routes!(list_stock, add_unit))
        .routes(routes!(get_unit))
        .routes(routes!(reserve_unit))
        .routes(routes!(stock_summary))
        .routes(routes!(set_reorder_level))
        .routes(routes!(list_endorsements))
        .routes(routes!(get_endorsement))
        .routes(routes!(receive_return))
        .routes(routes!(list_replenishments))
        .routes(routes!(ship))
        .routes(routes!(receive_shipment))
        .routes(routes!(line_history))
        .routes(routes!(device_history))
}

// Bodies ------------------------------------------------------------------------------

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
    ticket: TicketBody,
    certificate: CertificateBody,
    endorsement: Option<EndorsementBody>,
    replenishment: Option<ReplenishmentBody>,
}

// Centers and warehouses -----------------------------------------------------------------

/// A warehouse to create or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarehouseRequest {
    name: String,
    business_unit: String,
    #[serde(default)]
    address: String,
}

/// Warehouses (operator staff).
#[utoipa::path(get, path = "/api/v1/warehouses", tag = "repair",
    responses((status = 200, body = Vec<WarehouseBody>), (status = 403, body = ErrorBody)))]
async fn list_warehouses(
    State(app): State<App>,
    caller: Caller,
) -> ApiResult<Json<Vec<WarehouseBody>>> {
    let list = app.services.repair.warehouses(&caller.0).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Create or replace a warehouse (admin).
#[utoipa::path(put, path = "/api/v1/warehouses/{code}", tag = "repair", request_body = WarehouseRequest,
    params(("code" = String, Path, description = "Warehouse code (lowercase, digits, '-')")),
    responses((status = 200, body = WarehouseBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_warehouse(
    State(app): State<App>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(req): ApiJson<WarehouseRequest>,
) -> ApiResult<Json<WarehouseBody>> {
    let input = WarehouseInput {
        name: req.name,
        business_unit: req.business_unit,
        address: req.address,
    };
    Ok(Json(
        app.services
            .repair
            .put_warehouse(&caller.0, &code, input)
            .await?
            .into(),
    ))
}

/// A center to create or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CenterRequest {
    name: String,
    address: String,
    area: String,
    business_unit: String,
    warehouse_code: String,
    /// Opening hours: a business calendar (default `caracas-business`).
    calendar: Option<String>,
    /// Slot length in minutes (default 60).
    slot_minutes: Option<u32>,
    /// Appointments per slot (default 2).
    slot_capacity: Option<u32>,
    active: Option<bool>,
}

/// Centers, optionally of one area (anyone signed in: customers choose where to go).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CenterQuery {
    area: Option<String>,
}

/// Installation centers.
#[utoipa::path(get, path = "/api/v1/centers", tag = "repair", params(CenterQuery),
    responses((status = 200, body = Vec<CenterBody>)))]
async fn list_centers(
    State(app): State<App>,
    _caller: Caller,
    ApiQuery(q): ApiQuery<CenterQuery>,
) -> ApiResult<Json<Vec<CenterBody>>> {
    let list = app.services.repair.centers(q.area.as_deref()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// One center.
#[utoipa::path(get, path = "/api/v1/centers/{code}", tag = "repair",
    params(("code" = String, Path, description = "Center code")),
    responses((status = 200, body = CenterBody), (status = 404, body = ErrorBody)))]
async fn get_center(
    State(app): State<App>,
    _caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Json<CenterBody>> {
    Ok(Json(app.services.repair.center(&code).await?.into()))
}

/// Create or replace a center (admin). Its code becomes the group of its technicians.
#[utoipa::path(put, path = "/api/v1/centers/{code}", tag = "repair", request_body = CenterRequest,
    params(("code" = String, Path, description = "Center code (lowercase, digits, '-')")),
    responses((status = 200, body = CenterBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_center(
    State(app): State<App>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(req): ApiJson<CenterRequest>,
) -> ApiResult<Json<CenterBody>> {
    let input = CenterInput {
        name: req.name,
        address: req.address,
        area: req.area,
        business_unit: req.business_unit,
        warehouse_code: req.warehouse_code,
        calendar: req.calendar.unwrap_or_else(|| "caracas-business".into()),
        slot_minutes: req.slot_minutes.unwrap_or(60),
        slot_capacity: req.slot_capacity.unwrap_or(2),
        active: req.active.unwrap_or(true),
    };
    Ok(Json(
        app.services
            .repair
            .put_center(&caller.0, &code, input)
            .await?
            .into(),
    ))
}

// Slots ------------------------------------------------------------------------------------

/// A slot search range.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SlotsQuery {
    /// From (default now; never before now).
    from: Option<DateTime<Utc>>,
    /// To (default a week after `from`; at most 31 days).
    to: Option<DateTime<Utc>>,
    /// At most this many slots (default 200).
    limit: Option<i64>,
}

/// Free slots of a center, earliest first.
#[utoipa::path(get, path = "/api/v1/centers/{code}/slots", tag = "repair", params(("code" = String, Path, description = "Center code"), SlotsQuery),
    responses((status = 200, body = Vec<FreeSlotBody>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn center_slots(
    State(app): State<App>,
    _caller: Caller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<SlotsQuery>,
) -> ApiResult<Json<Vec<FreeSlotBody>>> {
    let query = SlotQuery {
        center: Some(code),
        area: None,
        from: q.from,
        to: q.to,
        limit: super::extract::Page::of(q.limit, None, 200, 1000)?.limit as usize,
    };
    let slots = app.services.repair.free_slots(query).await?;
    Ok(Json(slots.into_iter().map(Into::into).collect()))
}

/// TMF646 `TimePeriod`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct TimePeriod {
    #[serde(rename = "startDateTime")]
    start_date_time: Option<DateTime<Utc>>,
    #[serde(rename = "endDateTime")]
    end_date_time: Option<DateTime<Utc>>,
}

/// TMF646 requested `TimeSlot`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RequestedTimeSlot {
    #[serde(rename = "validFor")]
    valid_for: TimePeriod,
}

/// TMF646 `RelatedPlaceRefOrValue`: a center (`id`, role `installationCenter`)
/// or an area (`name`, role `area`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct RelatedPlace {
    id: Option<String>,
    name: Option<String>,
    role: String,
}

/// TMF646 `SearchTimeSlot_Create`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SearchTimeSlotRequest {
    #[serde(rename = "requestedTimeSlot", default)]
    requested_time_slot: Vec<RequestedTimeSlot>,
    #[serde(rename = "relatedPlace")]
    related_place: Option<RelatedPlace>,
    #[serde(rename = "@type")]
    #[expect(
        dead_code,
        reason = "documents TMF646's @type in the OpenAPI schema; its value is not needed"
    )]
    kind: Option<String>,
}

/// Search free slots the TM Forum way (TMF646 `searchTimeSlot`): at one
/// center (`relatedPlace.id`, role `installationCenter`) or at every center
/// of an area (`relatedPlace.name`, role `area`) within the requested
/// period. Answers a `SearchTimeSlot` with `availableTimeSlot`; each slot's
/// `relatedParty` is the center.
#[utoipa::path(post, path = "/api/v1/searchTimeSlot", tag = "repair", request_body = SearchTimeSlotRequest,
    responses((status = 201, body = Object, description = "A TMF646 SearchTimeSlot"), (status = 422, body = ErrorBody)))]
async fn search_time_slot(
    State(app): State<App>,
    _caller: Caller,
    ApiJson(req): ApiJson<SearchTimeSlotRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let period = req.requested_time_slot.first().map(|s| &s.valid_for);
    let (center, area) = match &req.related_place {
        Some(p) if p.role == "installationCenter" => (p.id.clone(), None),
        Some(p) if p.role == "area" => (None, p.name.clone().or(p.id.clone())),
        Some(p) => {
            return Err(ServiceError::invalid(
                "invalid_related_place",
                "relatedPlace.role",
                format!("role '{}' is neither installationCenter nor area", p.role),
            )
            .into());
        }
        None => (None, None),
    };
    let query = SlotQuery {
        center,
        area,
        from: period.and_then(|p| p.start_date_time),
        to: period.and_then(|p| p.end_date_time),
        limit: 200,
    };
    let slots = app.services.repair.free_slots(query).await?;
    let now = app.services.now();
    let id = uuid::Uuid::now_v7().to_string();
    let available: Vec<Value> = slots
        .iter()
        .map(|s| {
            json!({
                "id": format!("{}@{}", s.center, s.start.to_rfc3339()),
                "validFor": {"startDateTime": s.start, "endDateTime": s.end},
                "relatedParty": {"id": s.center, "name": s.center_name, "role": "installationCenter", "@referredType": "Organization"},
                "@type": "TimeSlot",
            })
        })
        .collect();
    let body = json!({
        "id": id,
        "href": format!("/api/v1/searchTimeSlot/{id}"),
        "searchDate": now,
        "searchResult": if available.is_empty() { "fail" } else { "success" },
        "status": "done",
        "requestedTimeSlot": req.requested_time_slot.iter().map(|s| json!({"validFor": s.valid_for})).collect::<Vec<_>>(),
        "availableTimeSlot": available,
        "@type": "SearchTimeSlot",
    });
    Ok((StatusCode::CREATED, Json(body)))
}

// Appointments --------------------------------------------------------------------------

/// A slot to book or move to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotRequest {
    center: String,
    /// The slot's start, as listed by the slot search.
    start: DateTime<Utc>,
}

impl From<SlotRequest> for SlotChoice {
    fn from(r: SlotRequest) -> Self {
        SlotChoice {
            center: r.center,
            start: r.start,
        }
    }
}

/// Appointments of a ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/appointments", tag = "repair",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = Vec<AppointmentBody>), (status = 404, body = ErrorBody)))]
async fn ticket_appointments(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<Vec<AppointmentBody>>> {
    let list = app
        .services
        .repair
        .ticket_appointments(&caller.0, &ticket)
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Book a repair appointment for a point fault (R-REPAIR-1): the customer,
/// an agent for them, or the center for a walk-in. A full slot answers 409
/// `slot_full` with `details.alternatives`; a second active appointment 409
/// `appointment_exists`.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/appointments", tag = "repair", request_body = SlotRequest,
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 201, body = AppointmentBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn book(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiJson(req): ApiJson<SlotRequest>,
) -> ApiResult<(StatusCode, Json<AppointmentBody>)> {
    let a = app
        .services
        .repair
        .book_appointment(&caller.0, &ticket, req.into())
        .await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// One appointment.
#[utoipa::path(get, path = "/api/v1/appointments/{id}", tag = "repair",
    params(("id" = String, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentBody), (status = 404, body = ErrorBody)))]
async fn get_appointment(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<AppointmentBody>> {
    Ok(Json(
        app.services
            .repair
            .appointment(&caller.0, &id)
            .await?
            .0
            .into(),
    ))
}

/// Move a booked appointment to another slot.
#[utoipa::path(patch, path = "/api/v1/appointments/{id}", tag = "repair", request_body = SlotRequest,
    params(("id" = String, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn reschedule(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SlotRequest>,
) -> ApiResult<Json<AppointmentBody>> {
    Ok(Json(
        app.services
            .repair
            .reschedule_appointment(&caller.0, &id, req.into())
            .await?
            .into(),
    ))
}

/// Why an appointment is cancelled.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    reason: Option<String>,
}

/// Cancel a booked appointment; its place is freed.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/cancel", tag = "repair", request_body = CancelRequest,
    params(("id" = String, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn cancel_appointment(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    OptionalJson(req): OptionalJson<CancelRequest>,
) -> ApiResult<Json<AppointmentBody>> {
    Ok(Json(
        app.services
            .repair
            .cancel_appointment(&caller.0, &id, req.reason)
            .await?
            .into(),
    ))
}

/// Record that the customer did not come (center staff or CSM, once the slot began).
#[utoipa::path(post, path = "/api/v1/appointments/{id}/no-show", tag = "repair",
    params(("id" = String, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn no_show(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<AppointmentBody>> {
    Ok(Json(
        app.services.repair.no_show(&caller.0, &id).await?.into(),
    ))
}

/// A center's appointments in a range.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CenterAppointmentsQuery {
    status: Option<String>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

/// A center's appointments by start (its own staff, or operator staff).
#[utoipa::path(get, path = "/api/v1/centers/{code}/appointments", tag = "repair",
    params(("code" = String, Path, description = "Center code"), CenterAppointmentsQuery),
    responses((status = 200, body = Vec<AppointmentBody>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn center_appointments(
    State(app): State<App>,
    caller: Caller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<CenterAppointmentsQuery>,
) -> ApiResult<Json<Vec<AppointmentBody>>> {
    let status = q
        .status
        .as_deref()
        .map(|s| parse_field::<AppointmentStatus>(s, "status", "invalid_status"))
        .transpose()?;
    let list = app
        .services
        .repair
        .center_appointments(&caller.0, &code, status, q.from, q.to)
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

// At the center ----------------------------------------------------------------------------

/// The repair file of a ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/repair", tag = "repair",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = RepairFileBody), (status = 404, body = ErrorBody)))]
async fn repair_file(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<RepairFileBody>> {
    Ok(Json(
        app.services
            .repair
            .repair_file(&caller.0, &ticket)
            .await?
            .into(),
    ))
}

/// A test or corrective action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryRequest {
    /// test or action.
    kind: String,
    body: String,
}

/// Record a test or corrective action (the booked center's staff, R-REPAIR-2).
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/repair/entries", tag = "repair", request_body = EntryRequest,
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 201, body = RepairEntryBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_entry(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiJson(req): ApiJson<EntryRequest>,
) -> ApiResult<(StatusCode, Json<RepairEntryBody>)> {
    let kind = parse_field::<RepairEntryKind>(&req.kind, "kind", "invalid_kind")?;
    let entry = app
        .services
        .repair
        .add_repair_entry(&caller.0, &ticket, kind, &req.body)
        .await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// A certification.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertifyRequest {
    /// What the technician did.
    work_done: String,
    /// The result, as the customer will read it.
    result: String,
    /// IMEI of the backup unit taken from the center's stock, if one was needed.
    backup_imei: Option<String>,
    /// The line that gets the backup unit (when the ticket names several).
    msisdn: Option<String>,
}

/// Certify the repair (R-REPAIR-2, R-REPAIR-4): the ticket moves to
/// `repaired` for CSM to close. With `backup_imei` the unit leaves the
/// center's stock, the line moves to it, the old device goes to the
/// warehouse with a numbered endorsement and a replenishment is requested
/// (R-REPAIR-3, R-REPAIR-5), all in one transaction. A unit another
/// technician took first answers 409 `unit_taken`.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/repair/certify", tag = "repair", request_body = CertifyRequest,
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = CertifiedBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn certify(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiJson(req): ApiJson<CertifyRequest>,
) -> ApiResult<Json<CertifiedBody>> {
    let input = CertifyInput {
        work_done: req.work_done,
        result: req.result,
        backup_imei: req.backup_imei,
        msisdn: req.msisdn,
        note: None,
        expected_version: None,
    };
    let done = app
        .services
        .repair
        .certify_repair(&caller.0, &ticket, input)
        .await?;
    Ok(Json(CertifiedBody {
        ticket: done.ticket.into(),
        certificate: done.certificate.into(),
        endorsement: done.endorsement.map(Into::into),
        replenishment: done.replenishment.map(Into::into),
    }))
}

// Stock ---------------------------------------------------------------------------------------

/// Stock filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StockQuery {
    /// A center or warehouse code (center staff: their own, implied).
    location: Option<String>,
    model: Option<String>,
    status: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Units in stock (center staff: their center's only).
#[utoipa::path(get, path = "/api/v1/stock", tag = "repair", params(StockQuery),
    responses((status = 200, body = Vec<UnitBody>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_stock(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<StockQuery>,
) -> ApiResult<Json<Vec<UnitBody>>> {
    let status = q
        .status
        .as_deref()
        .map(|s| parse_field::<UnitStatus>(s, "status", "invalid_status"))
        .transpose()?;
    let super::extract::Page { limit, .. } =
        super::extract::Page::of(q.limit, q.offset, 200, 1000)?;
    let filter = UnitFilter {
        location: q.location,
        model: q.model,
        status,
        limit,
        offset: q.offset.unwrap_or(0),
    };
    let units = app.services.repair.stock_units(&caller.0, filter).await?;
    Ok(Json(units.into_iter().map(Into::into).collect()))
}

/// A unit to add to stock.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitRequest {
    imei: String,
    make: String,
    model: String,
    /// The center or warehouse that holds it.
    location: String,
}

/// Add a unit to a center's or warehouse's stock (warehouse staff, admin).
#[utoipa::path(post, path = "/api/v1/stock", tag = "repair", request_body = UnitRequest,
    responses((status = 201, body = UnitBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_unit(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<UnitRequest>,
) -> ApiResult<(StatusCode, Json<UnitBody>)> {
    let input = UnitInput {
        imei: req.imei,
        make: req.make,
        model: req.model,
        location: req.location,
    };
    let unit = app.services.repair.add_unit(&caller.0, input).await?;
    Ok((StatusCode::CREATED, Json(unit.into())))
}

/// One unit.
#[utoipa::path(get, path = "/api/v1/stock/units/{imei}", tag = "repair",
    params(("imei" = String, Path, description = "IMEI")),
    responses((status = 200, body = UnitBody), (status = 404, body = ErrorBody)))]
async fn get_unit(
    State(app): State<App>,
    caller: Caller,
    Path(imei): Path<String>,
) -> ApiResult<Json<UnitBody>> {
    Ok(Json(
        app.services
            .repair
            .stock_unit(&caller.0, &imei)
            .await?
            .into(),
    ))
}

/// The ticket a unit is set aside for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReserveRequest {
    ticket: String,
}

/// Set a unit aside at the caller's center for one ticket.
#[utoipa::path(post, path = "/api/v1/stock/units/{imei}/reserve", tag = "repair", request_body = ReserveRequest,
    params(("imei" = String, Path, description = "IMEI")),
    responses((status = 200, body = UnitBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn reserve_unit(
    State(app): State<App>,
    caller: Caller,
    Path(imei): Path<String>,
    ApiJson(req): ApiJson<ReserveRequest>,
) -> ApiResult<Json<UnitBody>> {
    Ok(Json(
        app.services
            .repair
            .reserve_unit(&caller.0, &imei, &req.ticket)
            .await?
            .into(),
    ))
}

/// Summary filter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    location: Option<String>,
    /// Only lines below their reorder level.
    low: Option<bool>,
}

/// Stock per location and model: counts by status, reorder level, low-stock flag.
#[utoipa::path(get, path = "/api/v1/stock/summary", tag = "repair", params(SummaryQuery),
    responses((status = 200, body = Vec<StockLineBody>), (status = 403, body = ErrorBody)))]
async fn stock_summary(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<Vec<StockLineBody>>> {
    let lines = app
        .services
        .repair
        .stock_summary(&caller.0, q.location)
        .await?;
    Ok(Json(
        lines
            .into_iter()
            .filter(|l| !q.low.unwrap_or(false) || l.low)
            .map(Into::into)
            .collect(),
    ))
}

/// A reorder level.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorderRequest {
    location: String,
    model: String,
    minimum: i64,
}

/// Set the reorder level of a model at a location (warehouse staff, admin).
#[utoipa::path(put, path = "/api/v1/stock/reorder-levels", tag = "repair", request_body = ReorderRequest,
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_reorder_level(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<ReorderRequest>,
) -> ApiResult<Json<Value>> {
    let level = ReorderLevel {
        location: req.location,
        model: req.model,
        minimum: req.minimum,
    };
    let l = app
        .services
        .repair
        .set_reorder_level(&caller.0, level)
        .await?;
    Ok(Json(
        json!({"location": l.location, "model": l.model, "minimum": l.minimum}),
    ))
}

// Endorsements and replenishments ---------------------------------------------------------------

/// Endorsement filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EndorsementQuery {
    warehouse: Option<String>,
    /// Only those whose device has not been received yet.
    pending: Option<bool>,
}

/// Replacement endorsements, newest first (operator staff, warehouse).
#[utoipa::path(get, path = "/api/v1/endorsements", tag = "repair", params(EndorsementQuery),
    responses((status = 200, body = Vec<EndorsementBody>), (status = 403, body = ErrorBody)))]
async fn list_endorsements(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<EndorsementQuery>,
) -> ApiResult<Json<Vec<EndorsementBody>>> {
    let list = app
        .services
        .repair
        .endorsements(
            &caller.0,
            q.warehouse.as_deref(),
            q.pending.unwrap_or(false),
        )
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// One endorsement.
#[utoipa::path(get, path = "/api/v1/endorsements/{number}", tag = "repair",
    params(("number" = String, Path, description = "AVAL-YYYY-NNNNNN")),
    responses((status = 200, body = EndorsementBody), (status = 404, body = ErrorBody)))]
async fn get_endorsement(
    State(app): State<App>,
    caller: Caller,
    Path(number): Path<String>,
) -> ApiResult<Json<EndorsementBody>> {
    Ok(Json(
        app.services
            .repair
            .endorsement(&caller.0, &number)
            .await?
            .into(),
    ))
}

/// The device received with an endorsement.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveReturnRequest {
    /// IMEI on the device in the package: must be the endorsed one.
    imei: String,
    note: Option<String>,
}

/// Receive a replaced device at the warehouse, checked against its endorsement.
#[utoipa::path(post, path = "/api/v1/endorsements/{number}/receive", tag = "repair", request_body = ReceiveReturnRequest,
    params(("number" = String, Path, description = "AVAL-YYYY-NNNNNN")),
    responses((status = 200, body = EndorsementBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn receive_return(
    State(app): State<App>,
    caller: Caller,
    Path(number): Path<String>,
    ApiJson(req): ApiJson<ReceiveReturnRequest>,
) -> ApiResult<Json<EndorsementBody>> {
    let e = app
        .services
        .repair
        .receive_return(&caller.0, &number, &req.imei, req.note)
        .await?;
    Ok(Json(e.into()))
}

/// Replenishment filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReplenishmentQuery {
    center: Option<String>,
    warehouse: Option<String>,
    status: Option<String>,
}

/// Replenishment requests, oldest first (center staff: their own).
#[utoipa::path(get, path = "/api/v1/replenishments", tag = "repair", params(ReplenishmentQuery),
    responses((status = 200, body = Vec<ReplenishmentBody>), (status = 403, body = ErrorBody)))]
async fn list_replenishments(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReplenishmentQuery>,
) -> ApiResult<Json<Vec<ReplenishmentBody>>> {
    let status = q
        .status
        .as_deref()
        .map(|s| parse_field::<ReplenishmentStatus>(s, "status", "invalid_status"))
        .transpose()?;
    let list = app
        .services
        .repair
        .replenishments(
            &caller.0,
            q.center.as_deref(),
            q.warehouse.as_deref(),
            status,
        )
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// The unit shipped.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipRequest {
    imei: String,
}

/// Ship a unit of the requested model from the warehouse to the center.
#[utoipa::path(post, path = "/api/v1/replenishments/{id}/ship", tag = "repair", request_body = ShipRequest,
    params(("id" = String, Path, description = "Replenishment id")),
    responses((status = 200, body = ReplenishmentBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn ship(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ShipRequest>,
) -> ApiResult<Json<ReplenishmentBody>> {
    Ok(Json(
        app.services
            .repair
            .ship_replenishment(&caller.0, &id, &req.imei)
            .await?
            .into(),
    ))
}

/// Confirm receipt at the center: the unit joins its available stock.
#[utoipa::path(post, path = "/api/v1/replenishments/{id}/receive", tag = "repair",
    params(("id" = String, Path, description = "Replenishment id")),
    responses((status = 200, body = ReplenishmentBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn receive_shipment(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ReplenishmentBody>> {
    Ok(Json(
        app.services
            .repair
            .receive_replenishment(&caller.0, &id)
            .await?
            .into(),
    ))
}

// Device history -----------------------------------------------------------------------------

/// Devices in and out of service on a line, oldest first (staff).
#[utoipa::path(get, path = "/api/v1/lines/{msisdn}/device-history", tag = "repair",
    params(("msisdn" = String, Path, description = "Line number")),
    responses((status = 200, body = Vec<DeviceEventBody>), (status = 403, body = ErrorBody)))]
async fn line_history(
    State(app): State<App>,
    caller: Caller,
    Path(msisdn): Path<String>,
) -> ApiResult<Json<Vec<DeviceEventBody>>> {
    let list = app.services.repair.line_history(&caller.0, &msisdn).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Every move of a device, oldest first (staff and centers).
#[utoipa::path(get, path = "/api/v1/equipment/{imei}/history", tag = "repair",
    params(("imei" = String, Path, description = "IMEI")),
    responses((status = 200, body = Vec<DeviceEventBody>), (status = 403, body = ErrorBody)))]
async fn device_history(
    State(app): State<App>,
    caller: Caller,
    Path(imei): Path<String>,
) -> ApiResult<Json<Vec<DeviceEventBody>>> {
    let list = app.services.repair.device_history(&caller.0, &imei).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}
