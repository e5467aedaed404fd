//! The backup swap of a certification (R-REPAIR-3): choosing and reserving the unit on the center's shelf.

use super::*;

impl Repair {
    /// Checks and lays out a backup swap; refuses with a clear 4xx before
    /// anything is written.
    pub(super) async fn plan_swap(
        &self,
        actor: &Actor,
        t: &TicketRecord,
        center: &averias_store::Center,
        raw_imei: &str,
        msisdn: Option<&str>,
    ) -> ServiceResult<Swap> {
        let imei = imei_of("backup_imei", raw_imei)?;
        let unit = self.repair_store.get_unit(&imei).await?.ok_or_else(|| {
            ServiceError::invalid(
                "unknown_unit",
                "backup_imei",
                format!("no stock unit has IMEI {imei}"),
            )
        })?;
        // Taken or travelling first: that is what changed if another technician won.
        let usable = unit.status == UnitStatus::Available
            || (unit.status == UnitStatus::Reserved && unit.ticket_id == Some(t.id));
        if !usable {
            return Err(crate::repair_stock::unit_not_available(&imei, unit.status));
        }
        if unit.location != center.code {
            return Err(ServiceError::clash(
                "unit_not_in_center",
                format!("unit {imei} is not in the stock of {}", center.name),
                json!({"imei": imei, "location": unit.location, "status": unit.status}),
            ));
        }
        let msisdn = match (msisdn, t.lines.as_slice()) {
            (Some(m), _) => m.trim().to_owned(),
            (None, [only]) => only.as_str().to_owned(),
            (None, _) => {
                return Err(ServiceError::invalid(
                    "msisdn_required",
                    "msisdn",
                    "say which of the ticket's lines gets the backup unit",
                ));
            }
        };
        if !t.lines.iter().any(|l| l.as_str() == msisdn) {
            return Err(ServiceError::invalid(
                "line_not_on_ticket",
                "msisdn",
                format!("line {msisdn} is not on ticket {}", t.number),
            ));
        }
        let line = self
            .directory_store
            .get_line(&msisdn)
            .await?
            .ok_or_else(|| ServiceError::not_found("line", &msisdn))?;
        let old_imei = line
            .imei
            .as_ref()
            .map(|i| i.as_str().to_owned())
            .ok_or_else(|| {
                ServiceError::invalid(
                    "line_has_no_device",
                    "msisdn",
                    format!("line {msisdn} has no device on record to replace"),
                )
            })?;
        let old = self.directory_store.get_equipment(&old_imei).await?;
        let (old_make, old_model) = old
            .map(|e| (e.make, e.model))
            .unwrap_or_else(|| ("?".into(), "?".into()));
        let account = t.account_id.ok_or_else(|| {
            ServiceError::invalid("no_account", "ticket", "the ticket has no account")
        })?;
        let account_number = t.account_number.clone().unwrap_or_default();
        let now = self.clock.now();
        let event = |imei: &str, event: &str, location: &str, detail: Option<String>| {
            RepairOp::Event(DeviceEvent {
                imei: imei.into(),
                msisdn: Some(msisdn.clone()),
                at: now,
                event: event.into(),
                location: Some(location.into()),
                ticket_id: Some(t.id),
                actor_name: actor.name.clone(),
                detail,
            })
        };
        let endorsement = Endorsement {
            number: None,
            ticket_id: t.id,
            msisdn: msisdn.clone(),
            old_imei: old_imei.clone(),
            old_make: old_make.clone(),
            old_model: old_model.clone(),
            new_imei: imei.clone(),
            center_code: center.code.clone(),
            warehouse_code: center.warehouse_code.clone(),
            technician_id: actor.user_id,
            technician_name: actor.name.clone(),
            created_at: now,
            received_at: None,
            received_by: None,
            received_note: None,
        };
        let replenishment = Replenishment {
            id: uuid::Uuid::now_v7(),
            center_code: center.code.clone(),
            warehouse_code: center.warehouse_code.clone(),
            make: unit.make.clone(),
            model: unit.model.clone(),
            ticket_id: Some(t.id),
            status: ReplenishmentStatus::Requested,
            requested_at: now,
            shipped_at: None,
            shipped_imei: None,
            received_at: None,
            updated_at: now,
        };
        let ops = vec![
            RepairOp::MoveUnit {
                imei: imei.clone(),
                condition: UnitCondition {
                    statuses: vec![UnitStatus::Available, UnitStatus::Reserved],
                    location: center.code.clone(),
                    reserved_for: Some(t.id),
                },
                status: UnitStatus::Installed,
                location: account_number.clone(),
                ticket_id: Some(t.id),
                at: now,
            },
            RepairOp::SetLineDevice {
                msisdn: msisdn.clone(),
                account_id: account,
                imei: imei.clone(),
                make: unit.make.clone(),
                model: unit.model.clone(),
                at: now,
            },
            event(
                &old_imei,
                "removed_from_line",
                &center.code,
                Some(format!("replaced by {imei}")),
            ),
            event(
                &imei,
                "installed_on_line",
                &account_number,
                Some(format!(
                    "backup unit from {}, replacing {old_imei}",
                    center.code
                )),
            ),
            // The replaced device travels to the warehouse with its endorsement.
            RepairOp::PutUnit(StockUnit {
                imei: old_imei.clone(),
                make: old_make,
                model: old_model,
                status: UnitStatus::InTransit,
                location: center.warehouse_code.clone(),
                ticket_id: Some(t.id),
                updated_at: now,
                version: 1,
            }),
            event(
                &old_imei,
                "sent_to_warehouse",
                &center.warehouse_code,
                Some("with its replacement endorsement".into()),
            ),
            RepairOp::Endorse(endorsement.clone()),
            RepairOp::Replenish(replenishment.clone()),
        ];
        Ok(Swap {
            ops,
            endorsement,
            replenishment,
        })
    }

    /// Sets a unit aside at the caller's center for one ticket.
    pub async fn reserve_unit(
        &self,
        actor: &Actor,
        imei: &str,
        reference: &str,
    ) -> ServiceResult<StockUnit> {
        let t = self.center_case(actor, reference).await?;
        let center = Self::center_of(actor)?;
        let imei = imei_of("imei", imei)?;
        let unit = self.unit_here(&imei, &center).await?;
        let now = self.clock.now();
        let op = RepairOp::MoveUnit {
            imei: imei.clone(),
            condition: UnitCondition {
                statuses: vec![UnitStatus::Available],
                location: center.clone(),
                reserved_for: None,
            },
            status: UnitStatus::Reserved,
            location: center.clone(),
            ticket_id: Some(t.id),
            at: now,
        };
        self.write_repair(vec![op], audit(actor, now, "stock_unit", &imei, "reserve"))
            .await?;
        Ok(StockUnit {
            status: UnitStatus::Reserved,
            ticket_id: Some(t.id),
            updated_at: now,
            version: unit.version + 1,
            ..unit
        })
    }

    pub(crate) async fn unit_here(&self, imei: &str, location: &str) -> ServiceResult<StockUnit> {
        let unit = self.repair_store.get_unit(imei).await?.ok_or_else(|| {
            ServiceError::invalid(
                "unknown_unit",
                "imei",
                format!("no stock unit has IMEI {imei}"),
            )
        })?;
        if unit.location != location {
            return Err(ServiceError::clash(
                "unit_not_here",
                format!("unit {imei} is not at {location}"),
                json!({"imei": imei, "location": unit.location, "status": unit.status}),
            ));
        }
        Ok(unit)
    }
}
