//! Stock and the warehouse loop (R-REPAIR-3, R-REPAIR-5): units per center
//! and warehouse with reorder levels, reserving a unit for a case, the
//! warehouse receiving replaced devices against their endorsements and
//! shipping replenishments, the center confirming receipt, and the device
//! history of lines and units.

use averias_domain::repair::{EndorsementNumber, ReplenishmentStatus, UnitStatus};
use averias_domain::{Actor, Role};
use averias_store::{
    AuditEvent, DeviceEvent, Endorsement, ReorderLevel, RepairOp, Replenishment, StockCount,
    StockUnit, UnitCondition, UnitFilter,
};
use serde::Serialize;
use serde_json::json;

use super::repair_booking::require_staff;
use super::{ServiceError, ServiceResult, audit, require_role};
use crate::repair_booking::Repair;

mod returns;

/// Stock of a location and model: counts per status, the reorder level,
/// and whether available units fell below it.
#[derive(Debug, Clone, Serialize)]
pub struct StockLine {
    pub location: String,
    pub make: String,
    pub model: String,
    pub available: i64,
    pub reserved: i64,
    pub in_transit: i64,
    pub returned_defective: i64,
    pub reorder_level: Option<i64>,
    pub low: bool,
}

impl StockLine {
    /// A model at a location with no unit counted yet.
    fn empty(location: String, make: String, model: String) -> Self {
        Self {
            location,
            make,
            model,
            available: 0,
            reserved: 0,
            in_transit: 0,
            returned_defective: 0,
            reorder_level: None,
            low: false,
        }
    }
}

/// A unit a warehouse or admin adds to stock.
#[derive(Debug, Clone)]
pub struct UnitInput {
    pub imei: String,
    pub make: String,
    pub model: String,
    pub location: String,
}

/// "This unit cannot be used": taken, travelling, installed.
pub(crate) fn unit_not_available(imei: &str, status: UnitStatus) -> ServiceError {
    ServiceError::clash(
        "unit_not_available",
        format!("unit {imei} is {status}, not available"),
        json!({"imei": imei, "status": status}),
    )
}

/// An IMEI as the stock keeps it, or `invalid_imei` on `field`.
pub(crate) fn imei_of(field: &str, raw: &str) -> ServiceResult<String> {
    raw.parse::<averias_domain::Imei>()
        .map(|i| i.as_str().to_owned())
        .map_err(|e| ServiceError::invalid("invalid_imei", field, e.to_string()))
}

impl Repair {
    // Stock -----------------------------------------------------------------------

    /// Adds a unit to the stock of a center or warehouse (warehouse staff, admin).
    pub async fn add_unit(&self, actor: &Actor, input: UnitInput) -> ServiceResult<StockUnit> {
        require_role(actor, &[Role::Warehouse, Role::Admin], "add stock")?;
        let imei = imei_of("imei", &input.imei)?;
        for (field, v) in [("make", &input.make), ("model", &input.model)] {
            if v.trim().is_empty() {
                return Err(ServiceError::invalid(
                    "required",
                    field,
                    format!("{field} is required"),
                ));
            }
        }
        let r = &self.repair_store;
        let known = r.get_center(&input.location).await?.is_some()
            || r.get_warehouse(&input.location).await?.is_some();
        if !known {
            return Err(ServiceError::invalid(
                "unknown_location",
                "location",
                format!("'{}' is neither a center nor a warehouse", input.location),
            ));
        }
        if r.get_unit(&imei).await?.is_some() {
            return Err(ServiceError::clash(
                "unit_exists",
                format!("a unit with IMEI {imei} is already in the stock records"),
                json!({"imei": imei}),
            ));
        }
        let now = self.clock.now();
        let unit = StockUnit {
            imei: imei.clone(),
            make: input.make.trim().into(),
            model: input.model.trim().into(),
            status: UnitStatus::Available,
            location: input.location.clone(),
            ticket_id: None,
            updated_at: now,
            version: 1,
        };
        let ops = vec![
            RepairOp::PutUnit(unit.clone()),
            RepairOp::Event(DeviceEvent {
                imei: imei.clone(),
                msisdn: None,
                at: now,
                event: "received_in_stock".into(),
                location: Some(input.location),
                ticket_id: None,
                actor_name: actor.name.clone(),
                detail: None,
            }),
        ];
        self.write_repair(
            ops,
            AuditEvent {
                after: Some(json!(unit)),
                ..audit(actor, now, "stock_unit", &imei, "add")
            },
        )
        .await?;
        Ok(unit)
    }

    /// Which location a caller may see stock of: center staff only their own.
    fn stock_scope(actor: &Actor, location: Option<String>) -> ServiceResult<Option<String>> {
        match actor.role {
            Role::InstallationCenter => {
                let own = Self::center_of(actor)?;
                match location {
                    Some(l) if l != own => Err(ServiceError::Forbidden(format!(
                        "center staff see only their own center's stock, not '{l}'"
                    ))),
                    _ => Ok(Some(own)),
                }
            }
            Role::Customer | Role::SalesConsultant => Err(ServiceError::Forbidden(format!(
                "role {} may not see stock",
                actor.role
            ))),
            _ => Ok(location),
        }
    }

    pub async fn stock_units(
        &self,
        actor: &Actor,
        mut filter: UnitFilter,
    ) -> ServiceResult<Vec<StockUnit>> {
        filter.location = Self::stock_scope(actor, filter.location.take())?;
        Ok(self.repair_store.units(&filter).await?)
    }

    pub async fn stock_unit(&self, actor: &Actor, imei: &str) -> ServiceResult<StockUnit> {
        let unit = self
            .repair_store
            .get_unit(imei)
            .await?
            .ok_or_else(|| ServiceError::not_found("stock unit", imei))?;
        match Self::stock_scope(actor, None)? {
            Some(own) if own != unit.location => Err(ServiceError::not_found("stock unit", imei)),
            _ => Ok(unit),
        }
    }

    /// Stock per location and model, with reorder levels and low-stock flags.
    pub async fn stock_summary(
        &self,
        actor: &Actor,
        location: Option<String>,
    ) -> ServiceResult<Vec<StockLine>> {
        let location = Self::stock_scope(actor, location)?;
        let r = &self.repair_store;
        let counts: Vec<StockCount> = r.stock_counts(location.as_deref()).await?;
        let levels = r.reorder_levels().await?;
        let mut lines: Vec<StockLine> = Vec::new();
        for c in counts {
            let line = match lines
                .iter_mut()
                .find(|l| l.location == c.location && l.model == c.model)
            {
                Some(l) => l,
                None => {
                    lines.push(StockLine::empty(
                        c.location.clone(),
                        c.make.clone(),
                        c.model.clone(),
                    ));
                    lines.last_mut().expect("just pushed")
                }
            };
            match c.status {
                UnitStatus::Available => line.available += c.count,
                UnitStatus::Reserved => line.reserved += c.count,
                UnitStatus::InTransit => line.in_transit += c.count,
                UnitStatus::ReturnedDefective => line.returned_defective += c.count,
                UnitStatus::Installed => {}
            }
        }
        // A model with none left here still shows, at zero (the worst
        // shortage must be seen): every model of the fleet's stock.
        if let Some(here) = location.as_deref() {
            for (make, model) in r.stock_models().await? {
                if !lines.iter().any(|x| x.location == here && x.model == model) {
                    lines.push(StockLine::empty(here.to_owned(), make, model));
                }
            }
        }
        // A level with no unit left at all is the lowest stock of all.
        for l in &levels {
            let wanted = location.as_deref().is_none_or(|loc| loc == l.location);
            if wanted
                && !lines
                    .iter()
                    .any(|x| x.location == l.location && x.model == l.model)
            {
                lines.push(StockLine::empty(
                    l.location.clone(),
                    String::new(),
                    l.model.clone(),
                ));
            }
        }
        for line in &mut lines {
            line.reorder_level = levels
                .iter()
                .find(|l| l.location == line.location && l.model == line.model)
                .map(|l| l.minimum);
            line.low = line.reorder_level.is_some_and(|min| line.available < min);
        }
        lines.sort_by(|a, b| (&a.location, &a.model).cmp(&(&b.location, &b.model)));
        Ok(lines)
    }

    /// Sets the reorder level of a model at a location (warehouse staff, admin).
    pub async fn set_reorder_level(
        &self,
        actor: &Actor,
        level: ReorderLevel,
    ) -> ServiceResult<ReorderLevel> {
        require_role(actor, &[Role::Warehouse, Role::Admin], "set reorder levels")?;
        if level.model.trim().is_empty() {
            return Err(ServiceError::invalid(
                "required",
                "model",
                "model is required",
            ));
        }
        let r = &self.repair_store;
        let known = r.get_center(&level.location).await?.is_some()
            || r.get_warehouse(&level.location).await?.is_some();
        if !known {
            return Err(ServiceError::invalid(
                "unknown_location",
                "location",
                format!("'{}' is neither a center nor a warehouse", level.location),
            ));
        }
        if level.minimum < 0 {
            return Err(ServiceError::invalid(
                "invalid_minimum",
                "minimum",
                "a reorder level is zero or more units",
            ));
        }
        let now = self.clock.now();
        self.write_repair(
            vec![RepairOp::SetReorderLevel(level.clone())],
            AuditEvent {
                after: Some(json!(level)),
                ..audit(
                    actor,
                    now,
                    "reorder_level",
                    format!("{}/{}", level.location, level.model),
                    "set",
                )
            },
        )
        .await?;
        Ok(level)
    }

    // Endorsements and replenishments ------------------------------------------------

    fn warehouse_staff(actor: &Actor) -> ServiceResult<()> {
        require_role(actor, &[Role::Warehouse, Role::Admin], "work the warehouse")
    }

    // Device history ----------------------------------------------------------------

    /// Devices in and out of service on a line (staff).
    pub async fn line_history(
        &self,
        actor: &Actor,
        msisdn: &str,
    ) -> ServiceResult<Vec<DeviceEvent>> {
        require_staff(actor)?;
        Ok(self.repair_store.line_history(msisdn).await?)
    }

    /// Every move of a device (staff, and a center the device concerns).
    pub async fn device_history(
        &self,
        actor: &Actor,
        imei: &str,
    ) -> ServiceResult<Vec<DeviceEvent>> {
        if actor.role != Role::InstallationCenter {
            require_staff(actor)?;
            return Ok(self.repair_store.device_history(imei).await?);
        }
        if !self.center_handles_device(actor, imei).await? {
            return Err(ServiceError::not_found("device", imei));
        }
        Ok(self.repair_store.device_history(imei).await?)
    }

    /// Whether a device concerns the caller's center (R-ACCESS-1: a center
    /// sees only its own appointments and stock): a unit of its stock (or
    /// on its way there), a device that passed through it, or the device
    /// of a ticket booked with it. An authorized center is outside the
    /// operator: any other IMEI answers as if it did not exist, so the
    /// owning accounts of devices cannot be looked up.
    pub(crate) async fn center_handles_device(
        &self,
        actor: &Actor,
        imei: &str,
    ) -> ServiceResult<bool> {
        let Some(center) = actor.group.as_deref() else {
            return Ok(false);
        };
        if self
            .repair_store
            .get_unit(imei)
            .await?
            .is_some_and(|u| u.location == center)
        {
            return Ok(true);
        }
        let history = self.repair_store.device_history(imei).await?;
        if history
            .iter()
            .any(|e| e.location.as_deref() == Some(center))
        {
            return Ok(true);
        }
        let mut tickets: Vec<averias_domain::TicketId> =
            history.iter().filter_map(|e| e.ticket_id).collect();
        let booked = self
            .repair_store
            .appointments(&averias_store::AppointmentFilter {
                center: Some(center.to_owned()),
                limit: 10_000,
                ..Default::default()
            })
            .await?;
        tickets.extend(booked.iter().map(|a| a.ticket_id));
        tickets.sort_unstable_by_key(|t| t.to_string());
        tickets.dedup();
        for id in tickets {
            // The center's own view of the ticket: booked with it, or not
            // at all. Its device is named on the ticket or is the one on
            // the faulty line.
            let Ok(t) = self.lookup.visible_ticket(actor, &id.to_string()).await else {
                continue;
            };
            if t.equipment.iter().any(|e| e.as_str() == imei) {
                return Ok(true);
            }
            for line in &t.lines {
                if let Some(l) = self.directory_store.get_line(line.as_str()).await?
                    && l.imei.is_some_and(|d| d.as_str() == imei)
                {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}
