//! Replacement endorsements (the replaced unit back to its warehouse, R-REPAIR-4) and replenishments of a center's backup stock.

use super::*;

impl Repair {
    pub async fn endorsements(
        &self,
        actor: &Actor,
        warehouse: Option<&str>,
        pending_only: bool,
    ) -> ServiceResult<Vec<Endorsement>> {
        require_staff(actor)?;
        Ok(self
            .repair_store
            .endorsements(warehouse, None, pending_only)
            .await?)
    }

    pub async fn endorsement(&self, actor: &Actor, number: &str) -> ServiceResult<Endorsement> {
        require_staff(actor)?;
        let parsed = number
            .parse::<EndorsementNumber>()
            .map_err(|e| ServiceError::invalid("invalid_endorsement_number", "number", e))?;
        self.repair_store
            .get_endorsement(&parsed)
            .await?
            .ok_or_else(|| ServiceError::not_found("endorsement", number))
    }

    /// The warehouse receives a replaced device and checks it against its
    /// endorsement (R-REPAIR-5): the IMEI must be the one endorsed.
    pub async fn receive_return(
        &self,
        actor: &Actor,
        number: &str,
        imei: &str,
        note: Option<String>,
    ) -> ServiceResult<Endorsement> {
        Self::warehouse_staff(actor)?;
        let e = self.endorsement(actor, number).await?;
        let imei = imei_of("imei", imei)?;
        if e.received_at.is_some() {
            return Err(ServiceError::clash(
                "already_received",
                format!("the device of endorsement {number} was already received"),
                json!({"received_at": e.received_at}),
            ));
        }
        if imei != e.old_imei {
            return Err(ServiceError::clash(
                "endorsement_mismatch",
                format!(
                    "endorsement {number} is for device {}, not {imei}; check the package",
                    e.old_imei
                ),
                json!({"endorsed_imei": e.old_imei, "received_imei": imei}),
            ));
        }
        let now = self.clock.now();
        let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        // A stored endorsement whose number does not parse is a corrupt
        // row: an error for this request, never a panic.
        let parsed = e.number.clone().ok_or_else(|| {
            ServiceError::Store(averias_store::StoreError::Corrupt {
                table: "endorsements",
                detail: format!("endorsement {number} has no readable number"),
            })
        })?;
        let ops = vec![
            RepairOp::ReceiveEndorsement {
                number: parsed,
                at: now,
                by: actor.name.clone(),
                note: note.clone(),
            },
            RepairOp::MoveUnit {
                imei: imei.clone(),
                condition: UnitCondition {
                    statuses: vec![UnitStatus::InTransit],
                    location: e.warehouse_code.clone(),
                    reserved_for: None,
                },
                status: UnitStatus::ReturnedDefective,
                location: e.warehouse_code.clone(),
                ticket_id: Some(e.ticket_id),
                at: now,
            },
            RepairOp::Event(DeviceEvent {
                imei: imei.clone(),
                msisdn: None,
                at: now,
                event: "received_at_warehouse".into(),
                location: Some(e.warehouse_code.clone()),
                ticket_id: Some(e.ticket_id),
                actor_name: actor.name.clone(),
                detail: Some(format!("endorsement {number}")),
            }),
        ];
        self.write_repair(ops, audit(actor, now, "endorsement", number, "receive"))
            .await?;
        self.endorsement(actor, number).await
    }

    pub async fn replenishments(
        &self,
        actor: &Actor,
        center: Option<&str>,
        warehouse: Option<&str>,
        status: Option<ReplenishmentStatus>,
    ) -> ServiceResult<Vec<Replenishment>> {
        let center = match actor.role {
            Role::InstallationCenter => Some(Self::center_of(actor)?),
            _ => {
                require_staff(actor)?;
                center.map(str::to_owned)
            }
        };
        Ok(self
            .repair_store
            .replenishments(center.as_deref(), warehouse, status)
            .await?)
    }

    pub(super) async fn replenishment(&self, id: &str) -> ServiceResult<Replenishment> {
        let not_found = || ServiceError::not_found("replenishment", id);
        let parsed = id.parse::<uuid::Uuid>().map_err(|_| not_found())?;
        self.repair_store
            .get_replenishment(parsed)
            .await?
            .ok_or_else(not_found)
    }

    pub(super) fn replenishment_in(
        r: &Replenishment,
        wanted: ReplenishmentStatus,
    ) -> ServiceResult<()> {
        if r.status == wanted {
            Ok(())
        } else {
            Err(ServiceError::clash(
                match wanted {
                    ReplenishmentStatus::Requested => "replenishment_not_requested",
                    ReplenishmentStatus::Shipped => "replenishment_not_shipped",
                    ReplenishmentStatus::Received => "replenishment_not_received",
                },
                format!("the replenishment is {}, not {wanted}", r.status),
                json!({"status": r.status}),
            ))
        }
    }

    /// The warehouse ships a unit of the requested model to the center.
    pub async fn ship_replenishment(
        &self,
        actor: &Actor,
        id: &str,
        imei: &str,
    ) -> ServiceResult<Replenishment> {
        Self::warehouse_staff(actor)?;
        let r = self.replenishment(id).await?;
        Self::replenishment_in(&r, ReplenishmentStatus::Requested)?;
        let imei = imei_of("imei", imei)?;
        let unit = self.unit_here(&imei, &r.warehouse_code).await?;
        if unit.status != UnitStatus::Available {
            return Err(unit_not_available(&imei, unit.status));
        }
        if unit.model != r.model {
            return Err(ServiceError::clash(
                "model_mismatch",
                format!(
                    "the center asked for a {}, unit {imei} is a {}",
                    r.model, unit.model
                ),
                json!({"requested": r.model, "offered": unit.model}),
            ));
        }
        let now = self.clock.now();
        let shipped = Replenishment {
            status: ReplenishmentStatus::Shipped,
            shipped_at: Some(now),
            shipped_imei: Some(imei.clone()),
            updated_at: now,
            ..r.clone()
        };
        let ops = vec![
            RepairOp::MoveUnit {
                imei: imei.clone(),
                condition: UnitCondition {
                    statuses: vec![UnitStatus::Available],
                    location: r.warehouse_code.clone(),
                    reserved_for: None,
                },
                status: UnitStatus::InTransit,
                location: r.center_code.clone(),
                ticket_id: None,
                at: now,
            },
            RepairOp::UpdateReplenishment {
                replenishment: shipped.clone(),
                from: ReplenishmentStatus::Requested,
            },
            RepairOp::Event(DeviceEvent {
                imei,
                msisdn: None,
                at: now,
                event: "shipped".into(),
                location: Some(r.center_code.clone()),
                ticket_id: None,
                actor_name: actor.name.clone(),
                detail: Some(format!("replenishment from {}", r.warehouse_code)),
            }),
        ];
        self.write_repair(ops, audit(actor, now, "replenishment", id, "ship"))
            .await?;
        Ok(shipped)
    }

    /// The center confirms receipt: the unit joins its available stock.
    pub async fn receive_replenishment(
        &self,
        actor: &Actor,
        id: &str,
    ) -> ServiceResult<Replenishment> {
        require_role(
            actor,
            &[Role::InstallationCenter],
            "confirm receipt (the receiving center's staff)",
        )?;
        let r = self.replenishment(id).await?;
        if Self::center_of(actor)? != r.center_code {
            return Err(ServiceError::not_found("replenishment", id));
        }
        Self::replenishment_in(&r, ReplenishmentStatus::Shipped)?;
        let imei = r.shipped_imei.clone().unwrap_or_default();
        let now = self.clock.now();
        let received = Replenishment {
            status: ReplenishmentStatus::Received,
            received_at: Some(now),
            updated_at: now,
            ..r.clone()
        };
        let ops = vec![
            RepairOp::MoveUnit {
                imei: imei.clone(),
                condition: UnitCondition {
                    statuses: vec![UnitStatus::InTransit],
                    location: r.center_code.clone(),
                    reserved_for: None,
                },
                status: UnitStatus::Available,
                location: r.center_code.clone(),
                ticket_id: None,
                at: now,
            },
            RepairOp::UpdateReplenishment {
                replenishment: received.clone(),
                from: ReplenishmentStatus::Shipped,
            },
            RepairOp::Event(DeviceEvent {
                imei,
                msisdn: None,
                at: now,
                event: "received_in_stock".into(),
                location: Some(r.center_code.clone()),
                ticket_id: None,
                actor_name: actor.name.clone(),
                detail: Some("replenishment received".into()),
            }),
        ];
        self.write_repair(ops, audit(actor, now, "replenishment", id, "receive"))
            .await?;
        Ok(received)
    }
}
