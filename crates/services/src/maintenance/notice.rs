//! A planned work's notice (R-MAINT-1), customers' answers within the objection window (R-MAINT-2), its steps and rescheduling, and the window's reminder and close.

use super::*;

impl Maintenance {
    /// Sends the notice (R-MAINT-1): refused after the latest moment unless
    /// an emergency justification is given; opens the objection window.
    pub async fn notify_maintenance(
        &self,
        actor: &Actor,
        id: &str,
        emergency_justification: Option<String>,
    ) -> ServiceResult<MaintenanceWork> {
        require_role(actor, &PLANNERS, "send maintenance notices")?;
        let before = self.visible_work(actor, id).await?;
        let state = transition(before.state, WorkAction::Notify).map_err(refused)?;
        let now = self.clock.now();
        let justification = emergency_justification
            .map(|j| j.trim().to_owned())
            .filter(|j| !j.is_empty());
        let calendar = self.sla.calendar(&before.calendar).await?;
        let timing = check_notice(
            &calendar,
            before.planned_start,
            now,
            justification.is_some(),
        )
        .map_err(refused)?;
        let mut after = before.clone();
        after.state = state;
        after.notice_sent_at = Some(now);
        after.notice_late_seconds = timing.late_by_seconds;
        // A justification only counts when it was needed.
        after.emergency_reason = timing.late_by_seconds.and(justification);
        after.window_closes_at = Some(timing.window_closes);
        // R-MAINT-1: the notice itself goes to customer-service management,
        // and a reminder two business hours before the window closes.
        after.window_closes_at = Some(timing.window_closes);
        let messages = self
            .notifications
            .maintenance_messages("maintenance_notice", &after);
        let remind_at = calendar
            .subtract(
                timing.window_closes,
                chrono::Duration::hours(REMINDER_BUSINESS_HOURS),
            )
            .filter(|at| *at > now);
        let timers = vec![
            window_timer(after.id, Some(timing.window_closes)),
            work_reminder_timer(after.id, remind_at),
        ];
        self.save_work(actor, &before, after, "notify", timers, messages)
            .await
    }

    /// Records that an affected customer was informed, and its objection if any (R-MAINT-2).
    pub async fn answer_maintenance(
        &self,
        actor: &Actor,
        id: &str,
        account_ref: &str,
        answer: AnswerInput,
    ) -> ServiceResult<MaintenanceWork> {
        // Customer-service management records answers (R-MAINT-2); a
        // customer may also answer for its own account, from the portal.
        if actor.role == Role::Customer {
            let own = self.lookup.find_account(account_ref).await?;
            if own.is_none_or(|a| Some(a.id) != actor.account_id) {
                return Err(ServiceError::not_found("affected account", account_ref));
            }
        } else {
            require_role(
                actor,
                &ANSWERERS,
                "record customers' answers to maintenance notices",
            )?;
        }
        let before = self.visible_work(actor, id).await?;
        let now = self.clock.now();
        if before.state != WorkState::Notified || before.window_closes_at.is_some_and(|c| now > c) {
            return Err(ServiceError::Conflict(format!(
                "the objection window of this work is not open (state {}{})",
                before.state,
                before
                    .window_closes_at
                    .map(|c| format!(", window closed at {c}"))
                    .unwrap_or_default()
            )));
        }
        let account = self.lookup.find_account(account_ref).await?;
        let mut after = before.clone();
        let Some(entry) = after
            .accounts
            .iter_mut()
            .find(|a| account.as_ref().is_some_and(|x| x.id == a.account_id))
        else {
            return Err(ServiceError::not_found("affected account", account_ref));
        };
        let objection = answer
            .objection
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty());
        if objection.is_none()
            && answer
                .alternative
                .as_deref()
                .is_some_and(|a| !a.trim().is_empty())
        {
            return Err(ServiceError::invalid(
                "objection_required",
                "objection",
                "an alternative window comes with an objection: say why the customer cannot do without the service",
            ));
        }
        entry.informed_at = Some(now);
        entry.answered_by = Some(actor.name.clone());
        entry.alternative = objection
            .as_ref()
            .and(answer.alternative.map(|a| a.trim().to_owned()));
        entry.objection = objection;
        // Telling the customer is part of recording that it was told.
        let told = entry.clone();
        let messages = self
            .notifications
            .maintenance_customer_messages(&after, &told)
            .await?;
        let saved = self
            .save_work(actor, &before, after, "answer", Vec::new(), messages)
            .await?;
        Ok(shown_to(actor, saved))
    }

    /// Moves a work on: `override` (with reason), `start`, `complete`, `cancel` (with reason).
    pub async fn maintenance_step(
        &self,
        actor: &Actor,
        id: &str,
        action: WorkAction,
        reason: Option<String>,
    ) -> ServiceResult<MaintenanceWork> {
        require_role(actor, &PLANNERS, "move maintenance works")?;
        let before = self.visible_work(actor, id).await?;
        let state = transition(before.state, action).map_err(refused)?;
        let reason = reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let mut after = before.clone();
        after.state = state;
        let name = match action {
            WorkAction::Override => {
                after.override_reason = Some(reason.ok_or_else(|| {
                    ServiceError::invalid(
                        "reason_required",
                        "reason",
                        "going ahead despite objections needs a reason",
                    )
                })?);
                "override"
            }
            WorkAction::Cancel => {
                after.cancel_reason = Some(reason.ok_or_else(|| {
                    ServiceError::invalid("reason_required", "reason", "cancelling needs a reason")
                })?);
                "cancel"
            }
            WorkAction::Start => "start",
            WorkAction::Complete => "complete",
            _ => "step",
        };
        let timers = if action == WorkAction::Cancel {
            vec![
                window_timer(after.id, None),
                work_reminder_timer(after.id, None),
            ]
        } else {
            Vec::new()
        };
        self.save_work(actor, &before, after, name, timers, Vec::new())
            .await
    }

    /// New dates (or accounts): back to draft; a new notice restarts the rules.
    pub async fn reschedule_maintenance(
        &self,
        actor: &Actor,
        id: &str,
        input: WorkInput,
    ) -> ServiceResult<MaintenanceWork> {
        require_role(actor, &PLANNERS, "reschedule maintenance works")?;
        let before = self.visible_work(actor, id).await?;
        let state = transition(before.state, WorkAction::Reschedule).map_err(refused)?;
        let mut after = before.clone();
        self.apply_input(&mut after, input, self.clock.now())
            .await?;
        after.state = state;
        after.notice_sent_at = None;
        after.notice_late_seconds = None;
        after.emergency_reason = None;
        after.window_closes_at = None;
        after.override_reason = None;
        self.save_work(
            actor,
            &before,
            after,
            "reschedule",
            vec![
                window_timer(before.id, None),
                work_reminder_timer(before.id, None),
            ],
            Vec::new(),
        )
        .await
    }

    /// The reminder timer: customer-service management hears which
    /// accounts have no answer yet, two business hours before the close.
    pub(crate) async fn remind_objection_window(&self, job: &Job) -> ServiceResult<()> {
        let system = crate::reference::system_actor();
        let Some(id) = job.payload["work"].as_str() else {
            return Ok(());
        };
        let Ok(work) = self.visible_work(&system, id).await else {
            return Ok(());
        };
        if work.state != WorkState::Notified {
            return Ok(());
        }
        let messages = self
            .notifications
            .maintenance_messages("objection_window_closing", &work);
        self.save_work(
            &system,
            &work,
            work.clone(),
            "remind_objection_window",
            Vec::new(),
            messages,
        )
        .await?;
        Ok(())
    }

    /// The objection-window timer: closes the window into confirmed or objected.
    pub(crate) async fn close_objection_window(&self, job: &Job) -> ServiceResult<()> {
        let system = crate::reference::system_actor();
        let Some(id) = job.payload["work"].as_str() else {
            return Ok(());
        };
        let Ok(before) = self.visible_work(&system, id).await else {
            return Ok(());
        };
        let now = self.clock.now();
        if before.state != WorkState::Notified {
            return Ok(());
        }
        if let Some(closes) = before.window_closes_at.filter(|c| *c > now) {
            // Only a clock skew between instances gets here; the retry comes back later.
            return Err(ServiceError::Conflict(format!(
                "the objection window closes at {closes}, not yet"
            )));
        }
        let objections = before.accounts.iter().any(|a| a.objection.is_some());
        let mut after = before.clone();
        after.state =
            transition(before.state, WorkAction::CloseWindow { objections }).map_err(refused)?;
        self.save_work(
            &system,
            &before,
            after,
            "close_objection_window",
            vec![window_timer(before.id, None)],
            Vec::new(),
        )
        .await?;
        Ok(())
    }
}
