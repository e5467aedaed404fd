//! Work at the center (R-REPAIR-2..5): tests and corrective actions, the
//! certification with its backup-equipment swap, the replacement
//! endorsement and the replenishment it raises. Stock and the warehouse's
//! side are in [`super::repair_stock`].

use averias_domain::repair::{AppointmentStatus, RepairEntryKind, ReplenishmentStatus, UnitStatus};
use averias_domain::{Actor, Role, Stage, Visibility};
use averias_store::{
    Appointment, Certificate, ChangeSet, DeviceEvent, Endorsement, RepairEntry, RepairOp,
    Replenishment, StockUnit, TicketRecord, UnitCondition,
};
use serde::Serialize;
use serde_json::json;

use super::repair_booking::appointment_reminder_timer;
use super::repair_stock::imei_of;
use super::tickets::{ActionInput, ActionName, TicketView};
use super::{ServiceError, ServiceResult, audit, require_role};
use crate::repair_booking::Repair;

mod swap;

/// What a technician certifies (R-REPAIR-2), with the backup unit taken
/// from the center's stock when one was needed (R-REPAIR-3).
#[derive(Debug, Clone, Default)]
pub struct CertifyInput {
    pub work_done: String,
    pub result: String,
    /// IMEI of the backup unit put in service, if any.
    pub backup_imei: Option<String>,
    /// The line whose device is replaced (needed when the ticket names several).
    pub msisdn: Option<String>,
    pub note: Option<(Visibility, String)>,
    pub expected_version: Option<i64>,
}

/// What a certification did.
#[derive(Debug, Clone)]
pub struct Certified {
    pub ticket: TicketView,
    pub certificate: Certificate,
    pub endorsement: Option<Endorsement>,
    pub replenishment: Option<Replenishment>,
}

/// Everything about a ticket's repair, for its page.
#[derive(Debug, Clone, Serialize)]
pub struct RepairFile {
    pub appointments: Vec<Appointment>,
    pub entries: Vec<RepairEntry>,
    pub certificate: Option<Certificate>,
    pub endorsements: Vec<Endorsement>,
    pub replenishments: Vec<Replenishment>,
}

impl Repair {
    /// The plain `certify_repair` action: a certification whose work and
    /// result are one summary, with no backup swap.
    pub(crate) async fn certify_in_short(
        &self,
        actor: &Actor,
        reference: &str,
        summary: String,
        note: Option<(Visibility, String)>,
        expected_version: Option<i64>,
    ) -> ServiceResult<TicketView> {
        let certify = CertifyInput {
            work_done: summary.clone(),
            result: summary,
            backup_imei: None,
            msisdn: None,
            note,
            expected_version,
        };
        Ok(self.certify_repair(actor, reference, certify).await?.ticket)
    }

    /// The ticket as its booked center's staff sees it: visible only to the
    /// center it is booked at (R-REPAIR-2).
    async fn center_case(&self, actor: &Actor, reference: &str) -> ServiceResult<TicketRecord> {
        require_role(
            actor,
            &[Role::InstallationCenter],
            "work on repairs (installation center staff only)",
        )?;
        self.lookup.visible_ticket(actor, reference).await
    }

    pub(crate) fn center_of(actor: &Actor) -> ServiceResult<String> {
        actor
            .group
            .clone()
            .ok_or_else(|| ServiceError::Forbidden("this center user belongs to no center".into()))
    }

    /// The customer's devices on a ticket (those it names, and the device
    /// of each line it names), for whoever may see the ticket: the center
    /// sees what it is repairing and which backup model fits.
    pub async fn ticket_devices(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> ServiceResult<Vec<averias_store::Equipment>> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        let mut imeis: Vec<String> = t.equipment.iter().map(|i| i.as_str().to_owned()).collect();
        for m in &t.lines {
            if let Some(line) = self.directory_store.get_line(m.as_str()).await?
                && let Some(imei) = line.imei
                && !imeis.iter().any(|i| i == imei.as_str())
            {
                imeis.push(imei.as_str().to_owned());
            }
        }
        let mut devices = Vec::new();
        for imei in imeis {
            if let Some(e) = self.directory_store.get_equipment(&imei).await? {
                devices.push(e);
            }
        }
        Ok(devices)
    }

    /// Records a test or corrective action on a case (R-REPAIR-2).
    pub async fn add_repair_entry(
        &self,
        actor: &Actor,
        reference: &str,
        kind: RepairEntryKind,
        body: &str,
    ) -> ServiceResult<RepairEntry> {
        let t = self.center_case(actor, reference).await?;
        if body.trim().is_empty() {
            return Err(ServiceError::invalid(
                "required",
                "body",
                "say what was tested or done",
            ));
        }
        if t.stage != Stage::AwaitingRepair {
            return Err(ServiceError::clash(
                "repair_closed",
                format!("ticket {} was already certified", t.number),
                json!({"stage": t.stage.as_str()}),
            ));
        }
        let now = self.clock.now();
        let entry = RepairEntry {
            id: uuid::Uuid::now_v7(),
            ticket_id: t.id,
            center_code: Self::center_of(actor)?,
            kind,
            body: body.trim().into(),
            author_id: actor.user_id,
            author_name: actor.name.clone(),
            at: now,
        };
        self.write_repair(
            vec![RepairOp::Entry(entry.clone())],
            audit(actor, now, "ticket", t.id.to_string(), "repair_entry"),
        )
        .await?;
        Ok(entry)
    }

    /// The repair file of a ticket: appointments, entries, certificate,
    /// endorsement and replenishment. Customers see their appointments and
    /// the certified result only.
    pub async fn repair_file(&self, actor: &Actor, reference: &str) -> ServiceResult<RepairFile> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        let r = &self.repair_store;
        let appointments = self.ticket_appointments(actor, reference).await?;
        let certificate = r.certificate(t.id).await?;
        if !actor.may_read(Visibility::Internal) {
            return Ok(RepairFile {
                appointments,
                entries: Vec::new(),
                certificate,
                endorsements: Vec::new(),
                replenishments: Vec::new(),
            });
        }
        let replenishments = r
            .replenishments(None, None, None)
            .await?
            .into_iter()
            .filter(|p| p.ticket_id == Some(t.id))
            .collect();
        Ok(RepairFile {
            appointments,
            entries: r.repair_entries(t.id).await?,
            certificate,
            endorsements: r.endorsements(None, Some(t.id), false).await?,
            replenishments,
        })
    }

    /// Certifies a repair (R-REPAIR-2) and tells CSM (R-REPAIR-4). With a
    /// backup unit (R-REPAIR-3, R-REPAIR-5) it also, in the same
    /// transaction: takes the unit from this center's stock (one of two
    /// technicians racing for it wins), moves the line's service to it,
    /// sends the old device to the warehouse with a numbered endorsement,
    /// and raises a replenishment request.
    pub async fn certify_repair(
        &self,
        actor: &Actor,
        reference: &str,
        input: CertifyInput,
    ) -> ServiceResult<Certified> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        // The procedure's word first: role and stage (403/409 as for any action).
        averias_domain::decide(
            super::changes::position(&t),
            averias_domain::Action::CertifyRepair,
            actor.role,
        )?;
        let center_code = Self::center_of(actor)?;
        let center = self.center(&center_code).await?;
        for (field, v) in [("work_done", &input.work_done), ("result", &input.result)] {
            if v.trim().is_empty() {
                return Err(ServiceError::invalid(
                    "required",
                    field,
                    format!("{field} is required to certify a repair"),
                ));
            }
        }
        let now = self.clock.now();
        let appointment = self.lookup.active_appointment(t.id).await?;
        let mut ops = Vec::new();
        let mut certificate = Certificate {
            ticket_id: t.id,
            center_code: center.code.clone(),
            technician_id: actor.user_id,
            technician_name: actor.name.clone(),
            work_done: input.work_done.trim().into(),
            result: input.result.trim().into(),
            msisdn: None,
            old_imei: None,
            new_imei: None,
            certified_at: now,
        };
        let mut endorsement = None;
        let mut replenishment = None;
        let mut extra = ChangeSet::default();
        if let Some(raw) = &input.backup_imei {
            let swap = self
                .plan_swap(actor, &t, &center, raw, input.msisdn.as_deref())
                .await?;
            certificate.msisdn = Some(swap.endorsement.msisdn.clone());
            certificate.old_imei = Some(swap.endorsement.old_imei.clone());
            certificate.new_imei = Some(swap.endorsement.new_imei.clone());
            ops.extend(swap.ops);
            extra.messages = self
                .low_stock_alert(&center.code, &swap.replenishment.model, &t)
                .await?;
            endorsement = Some(swap.endorsement);
            replenishment = Some(swap.replenishment);
        }
        ops.push(RepairOp::Certify(certificate.clone()));
        if let Some(a) = &appointment {
            ops.push(RepairOp::EndAppointment {
                id: a.id,
                expected_version: a.version,
                center: a.center_code.clone(),
                start: a.start,
                status: AppointmentStatus::Completed,
                reason: None,
                at: now,
            });
        }
        let summary = format!("{} — {}", certificate.work_done, certificate.result);
        let action = ActionInput {
            resolution: Some(summary),
            note: input.note,
            expected_version: input.expected_version,
            ..ActionInput::default()
        };
        if let Some(a) = &appointment {
            // The reminder of a completed appointment is moot.
            extra.timers.push(appointment_reminder_timer(a, None));
        }
        extra.repair = ops;
        let ticket = match self
            .tickets
            .act_with_repair(actor, t.clone(), ActionName::CertifyRepair, action, extra)
            .await
        {
            Ok(view) => view,
            Err(ServiceError::Clash {
                code: "unit_not_available",
                ..
            }) => {
                return Err(ServiceError::clash(
                    "unit_taken",
                    "another technician took this unit a moment ago; choose another",
                    json!({"imei": input.backup_imei}),
                ));
            }
            Err(e) => return Err(e),
        };
        if endorsement.is_some() {
            metrics::counter!("averias_backup_units_used_total").increment(1);
            // The stored endorsement carries the number assigned on write.
            endorsement = self
                .repair_store
                .endorsements(None, Some(t.id), false)
                .await?
                .into_iter()
                .next();
        }
        Ok(Certified {
            ticket,
            certificate,
            endorsement,
            replenishment,
        })
    }

    /// The low-stock alert if taking one unit of `model` leaves `location`
    /// below its reorder level (only when it crosses it, not every time after).
    async fn low_stock_alert(
        &self,
        location: &str,
        model: &str,
        t: &TicketRecord,
    ) -> ServiceResult<Vec<averias_store::OutboundMessage>> {
        let r = &self.repair_store;
        let Some(level) = r
            .reorder_levels()
            .await?
            .into_iter()
            .find(|l| l.location == location && l.model == model)
        else {
            return Ok(Vec::new());
        };
        let before: i64 = r
            .stock_counts(Some(location))
            .await?
            .iter()
            .filter(|c| c.model == model && c.status == UnitStatus::Available)
            .map(|c| c.count)
            .sum();
        let after = before - 1;
        if before >= level.minimum && after < level.minimum {
            self.notifications
                .low_stock_messages(location, model, after, level.minimum, &t.id.to_string())
                .await
        } else {
            Ok(Vec::new())
        }
    }
}

/// A planned backup swap: its writes and the records it creates.
struct Swap {
    ops: Vec<RepairOp>,
    endorsement: Endorsement,
    replenishment: Replenishment,
}
