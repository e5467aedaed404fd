//! Repair appointments (R-REPAIR-1): booking a slot for a point fault, moving, cancelling and no-shows, and the reminders and messages they cause.

use super::*;

impl Repair {
    // Appointments ------------------------------------------------------------------

    /// The ticket a booking is for: visible to the caller (a customer only
    /// its own account's), a fault waiting for repair. Center staff may
    /// book a walk-in quoting the ticket number (R-REPAIR-2).
    pub(super) async fn bookable_ticket(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> ServiceResult<TicketRecord> {
        require_role(actor, BOOKERS, "book repair appointments")?;
        let t = if actor.role == Role::InstallationCenter {
            self.lookup.find_ticket(reference).await?
        } else {
            self.lookup.visible_ticket(actor, reference).await?
        };
        if t.kind != TicketKind::Fault || t.stage != Stage::AwaitingRepair {
            return Err(ServiceError::clash(
                "not_awaiting_repair",
                format!(
                    "ticket {} is not a point fault waiting for repair (it is at stage {}); CSM classifies it first",
                    t.number,
                    t.stage.as_str()
                ),
                json!({"stage": t.stage.as_str()}),
            ));
        }
        Ok(t)
    }

    pub(super) fn own_center_only(actor: &Actor, center: &str) -> ServiceResult<()> {
        if actor.role == Role::InstallationCenter && actor.group.as_deref() != Some(center) {
            return Err(ServiceError::Forbidden(format!(
                "center staff act only for their own center, not '{center}'"
            )));
        }
        Ok(())
    }

    /// Books a slot for a ticket (R-REPAIR-1). Exactly one of two racing
    /// bookings of a slot's last place wins; the other gets `slot_full`
    /// with other free slots.
    pub async fn book_appointment(
        &self,
        actor: &Actor,
        reference: &str,
        choice: SlotChoice,
    ) -> ServiceResult<Appointment> {
        let t = self.bookable_ticket(actor, reference).await?;
        Self::own_center_only(actor, &choice.center)?;
        if let Some(a) = self.lookup.active_appointment(t.id).await? {
            return Err(Self::already_booked(&t, &a));
        }
        let (center, slot) = self.checked_slot(actor, &choice).await?;
        let now = self.clock.now();
        let a = Appointment {
            id: uuid::Uuid::now_v7(),
            ticket_id: t.id,
            ticket_number: Some(t.number.clone()),
            center_code: center.code.clone(),
            start: slot.start,
            end: slot.end,
            status: AppointmentStatus::Booked,
            booked_by: actor.user_id,
            booked_by_name: actor.name.clone(),
            reason: None,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let mut changes = ChangeSet {
            repair: vec![RepairOp::Book {
                appointment: a.clone(),
                capacity: center.slot_capacity,
            }],
            audit: vec![AuditEvent {
                after: Some(json!(a)),
                ..audit(actor, now, "appointment", a.id.to_string(), "book")
            }],
            timers: vec![appointment_reminder_timer(
                &a,
                repair::reminder_at(a.start, now),
            )],
            ..ChangeSet::default()
        };
        changes.messages = self
            .appointment_messages("appointment_booked", &t, &a, &center)
            .await?;
        match self.ticket_store.apply_ticket_changes(changes).await {
            Ok(()) => {
                metrics::counter!("averias_appointments_booked_total").increment(1);
                Ok(a)
            }
            Err(averias_store::StoreError::Unavailable { .. }) => {
                Err(self.slot_full(&center, slot.start).await)
            }
            Err(averias_store::StoreError::Duplicate { .. }) => {
                let current = self.lookup.active_appointment(t.id).await?;
                Err(match current {
                    Some(a) => Self::already_booked(&t, &a),
                    None => ServiceError::ConcurrentUpdate(
                        "the ticket's appointments changed meanwhile; try again".into(),
                    ),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    pub(super) fn already_booked(t: &TicketRecord, a: &Appointment) -> ServiceError {
        ServiceError::clash(
            "appointment_exists",
            format!(
                "ticket {} already has an appointment at {} on {}; reschedule or cancel it",
                t.number,
                a.center_code,
                a.start.to_rfc3339()
            ),
            json!({"appointment": a.id}),
        )
    }

    /// An appointment the caller may see and act on: through its ticket
    /// (customers, agents) or its center (center staff).
    pub async fn appointment(
        &self,
        actor: &Actor,
        id: &str,
    ) -> ServiceResult<(Appointment, TicketRecord)> {
        let not_found = || ServiceError::not_found("appointment", id);
        let parsed = id.parse::<uuid::Uuid>().map_err(|_| not_found())?;
        let a = self
            .repair_store
            .get_appointment(parsed)
            .await?
            .ok_or_else(not_found)?;
        let t = if actor.role == Role::InstallationCenter {
            if actor.group.as_deref() != Some(a.center_code.as_str()) {
                return Err(not_found());
            }
            self.lookup.find_ticket(&a.ticket_id.to_string()).await?
        } else {
            self.lookup
                .visible_ticket(actor, &a.ticket_id.to_string())
                .await
                .map_err(|_| not_found())?
        };
        Ok((a, t))
    }

    /// Appointments of a ticket, newest last.
    pub async fn ticket_appointments(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> ServiceResult<Vec<Appointment>> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        Ok(self
            .repair_store
            .appointments(&AppointmentFilter {
                ticket: Some(t.id),
                limit: 100,
                ..AppointmentFilter::default()
            })
            .await?)
    }

    /// A center's appointments in a range (its own staff, or operator staff).
    pub async fn center_appointments(
        &self,
        actor: &Actor,
        center: &str,
        status: Option<AppointmentStatus>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> ServiceResult<Vec<Appointment>> {
        if actor.role == Role::InstallationCenter {
            Self::own_center_only(actor, center)?;
        } else {
            require_staff(actor)?;
        }
        self.center(center).await?;
        Ok(self
            .repair_store
            .appointments(&AppointmentFilter {
                center: Some(center.into()),
                status,
                from,
                to,
                limit: 1000,
                ..AppointmentFilter::default()
            })
            .await?)
    }

    /// Moves a booked appointment to another slot (at the same or another center).
    pub async fn reschedule_appointment(
        &self,
        actor: &Actor,
        id: &str,
        choice: SlotChoice,
    ) -> ServiceResult<Appointment> {
        require_role(actor, BOOKERS, "move repair appointments")?;
        let (a, t) = self.appointment(actor, id).await?;
        Self::must_be_booked(&a)?;
        Self::own_center_only(actor, &choice.center)?;
        let (center, slot) = self.checked_slot(actor, &choice).await?;
        if center.code == a.center_code && slot.start == a.start {
            return Ok(a);
        }
        let now = self.clock.now();
        let moved = Appointment {
            center_code: center.code.clone(),
            start: slot.start,
            end: slot.end,
            updated_at: now,
            version: a.version + 1,
            ..a.clone()
        };
        let mut changes = ChangeSet {
            repair: vec![RepairOp::Reschedule {
                id: a.id,
                expected_version: a.version,
                old_center: a.center_code.clone(),
                old_start: a.start,
                center: center.code.clone(),
                start: slot.start,
                end: slot.end,
                capacity: center.slot_capacity,
                at: now,
            }],
            audit: vec![AuditEvent {
                before: Some(json!({"center": a.center_code, "start": a.start})),
                after: Some(json!({"center": moved.center_code, "start": moved.start})),
                ..audit(actor, now, "appointment", a.id.to_string(), "reschedule")
            }],
            timers: vec![appointment_reminder_timer(
                &moved,
                repair::reminder_at(moved.start, now),
            )],
            ..ChangeSet::default()
        };
        changes.messages = self
            .appointment_messages("appointment_changed", &t, &moved, &center)
            .await?;
        match self.ticket_store.apply_ticket_changes(changes).await {
            Ok(()) => Ok(moved),
            Err(averias_store::StoreError::Unavailable { .. }) => {
                Err(self.slot_full(&center, slot.start).await)
            }
            Err(e) => Err(e.into()),
        }
    }

    pub(super) fn must_be_booked(a: &Appointment) -> ServiceResult<()> {
        if a.status.is_active() {
            Ok(())
        } else {
            Err(ServiceError::clash(
                "appointment_not_active",
                format!("the appointment is {}, not booked", a.status),
                json!({"status": a.status}),
            ))
        }
    }

    /// Cancels a booked appointment (its place is freed), with a reason.
    pub async fn cancel_appointment(
        &self,
        actor: &Actor,
        id: &str,
        reason: Option<String>,
    ) -> ServiceResult<Appointment> {
        require_role(actor, BOOKERS, "cancel repair appointments")?;
        let (a, t) = self.appointment(actor, id).await?;
        let reason = reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let center = self.center(&a.center_code).await?;
        self.end_appointment(actor, a, &t, &center, AppointmentStatus::Cancelled, reason)
            .await
    }

    /// Records that the customer did not come (center staff or CSM, once the slot began).
    pub async fn no_show(&self, actor: &Actor, id: &str) -> ServiceResult<Appointment> {
        require_role(
            actor,
            &[Role::InstallationCenter, Role::Csm, Role::Admin],
            "record a no-show",
        )?;
        let (a, t) = self.appointment(actor, id).await?;
        if self.clock.now() < a.start {
            return Err(ServiceError::clash(
                "appointment_not_started",
                "a no-show can be recorded only once the slot has begun",
                json!({"start": a.start}),
            ));
        }
        let center = self.center(&a.center_code).await?;
        self.end_appointment(actor, a, &t, &center, AppointmentStatus::NoShow, None)
            .await
    }

    pub(super) async fn end_appointment(
        &self,
        actor: &Actor,
        a: Appointment,
        t: &TicketRecord,
        center: &Center,
        status: AppointmentStatus,
        reason: Option<String>,
    ) -> ServiceResult<Appointment> {
        Self::must_be_booked(&a)?;
        let now = self.clock.now();
        let ended = Appointment {
            status,
            reason: reason.clone(),
            updated_at: now,
            version: a.version + 1,
            ..a.clone()
        };
        let mut changes = ChangeSet {
            repair: vec![RepairOp::EndAppointment {
                id: a.id,
                expected_version: a.version,
                center: a.center_code.clone(),
                start: a.start,
                status,
                reason,
                at: now,
            }],
            audit: vec![AuditEvent {
                after: Some(json!({"status": status, "reason": ended.reason})),
                ..audit(actor, now, "appointment", a.id.to_string(), status.as_str())
            }],
            timers: vec![appointment_reminder_timer(&a, None)],
            ..ChangeSet::default()
        };
        if status == AppointmentStatus::Cancelled {
            changes.messages = self
                .appointment_messages("appointment_changed", t, &ended, center)
                .await?;
        }
        self.ticket_store.apply_ticket_changes(changes).await?;
        Ok(ended)
    }

    /// Messages to the ticket's contact about an appointment.
    pub(super) async fn appointment_messages(
        &self,
        event: &str,
        t: &TicketRecord,
        a: &Appointment,
        center: &Center,
    ) -> ServiceResult<Vec<averias_store::OutboundMessage>> {
        let zone = self
            .sla
            .calendar(&center.calendar)
            .await
            .map(|c| c.zone)
            .unwrap_or(chrono_tz::America::Caracas);
        let local = a.start.with_timezone(&zone);
        self.notifications
            .ticket_messages(
                Some(event),
                t,
                &format!("{}:v{}:{}", a.id, a.version, a.status),
                json!({
                    "appointment": {
                        "status": a.status,
                        "center": center.name,
                        "address": center.address,
                        "date": local.format("%d/%m/%Y").to_string(),
                        "time": local.format("%H:%M").to_string(),
                        "start": a.start,
                    }
                }),
                None,
                &[],
            )
            .await
    }

    /// The reminder job: tells the contact a day before, if the appointment
    /// is still booked for the slot the reminder was set for.
    pub(crate) async fn remind_appointment(&self, job: &Job) -> ServiceResult<()> {
        let Some(id) = job.payload["appointment"]
            .as_str()
            .and_then(|s| s.parse::<uuid::Uuid>().ok())
        else {
            return Ok(());
        };
        let Some(a) = self.repair_store.get_appointment(id).await? else {
            return Ok(());
        };
        let planned: Option<DateTime<Utc>> =
            serde_json::from_value(job.payload["start"].clone()).ok();
        if !a.status.is_active() || planned != Some(a.start) {
            return Ok(());
        }
        let t = self.lookup.find_ticket(&a.ticket_id.to_string()).await?;
        let center = self.center(&a.center_code).await?;
        let messages = self
            .appointment_messages("appointment_reminder", &t, &a, &center)
            .await?;
        let changes = ChangeSet {
            messages,
            ..ChangeSet::default()
        };
        Ok(self.ticket_store.apply_ticket_changes(changes).await?)
    }
}
