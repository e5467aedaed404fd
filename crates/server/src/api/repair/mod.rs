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

mod appointments;
mod at_center;
mod bodies;
mod history;
mod places;
mod returns;
mod stock;

use appointments::*;
use at_center::*;
pub use bodies::*;
use history::*;
use places::*;
use returns::*;
use stock::*;

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
