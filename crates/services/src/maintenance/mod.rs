//! Planned maintenance works (R-MAINT-1, R-MAINT-2): CSM plans a work and
//! sends its notice to customer-service management no later than 16
//! business hours before the start (later only as an emergency, with a
//! justification that is recorded and reported); customer-service
//! management records, per affected account, that the customer was told
//! and any objection; when the 8-business-hour window closes, a timer moves
//! the work to confirmed or objected.

use std::sync::Arc;

use averias_domain::maintenance::{
    MaintenanceRefusal, WorkAction, WorkState, check_notice, latest_notice, transition,
};
use averias_domain::{Actor, Msisdn, Role};
use averias_store::{AffectedAccount, AuditEvent, Job, MaintenanceWork, TimerChange};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::{ServiceError, ServiceResult, audit, require_role};

mod notice;

/// Job kind of the objection-window timer.
pub const WINDOW_KIND: &str = "maintenance.window";
/// Who plans works and sends notices (R-MAINT-1).
const PLANNERS: [Role; 2] = [Role::Csm, Role::Admin];
/// Who records customers' answers (R-MAINT-2).
const ANSWERERS: [Role; 3] = [Role::CustomerServiceMgmt, Role::Csm, Role::Admin];

/// A work to plan (or its new dates).
#[derive(Debug, Clone, Default)]
pub struct WorkInput {
    pub title: String,
    pub description: String,
    pub elements: Vec<String>,
    pub impact: String,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// Account numbers or ids.
    pub accounts: Vec<String>,
    /// Lines whose accounts are affected.
    pub lines: Vec<String>,
    /// Business calendar for the notice rules (default `caracas-business`).
    pub calendar: Option<String>,
}

/// A customer's answer, recorded by customer-service management.
#[derive(Debug, Clone, Default)]
pub struct AnswerInput {
    /// Objection: why the customer cannot do without the service then.
    pub objection: Option<String>,
    /// The window the customer would prefer.
    pub alternative: Option<String>,
}

/// Job kind of the reminder before the objection window closes.
pub const WORK_REMINDER_KIND: &str = "maintenance.reminder";
/// The reminder goes this many business hours before the window closes.
const REMINDER_BUSINESS_HOURS: i64 = 2;

fn work_reminder_timer(work: uuid::Uuid, due_at: Option<DateTime<Utc>>) -> TimerChange {
    TimerChange {
        key: format!("maint-remind:{work}"),
        kind: WORK_REMINDER_KIND.into(),
        payload: json!({ "work": work.to_string() }),
        due_at,
    }
}

fn window_timer(work: uuid::Uuid, due_at: Option<DateTime<Utc>>) -> TimerChange {
    TimerChange {
        key: format!("maint:{work}"),
        kind: WINDOW_KIND.into(),
        payload: json!({ "work": work.to_string() }),
        due_at,
    }
}

fn refused(r: MaintenanceRefusal) -> ServiceError {
    match r {
        MaintenanceRefusal::IllegalTransition { .. } => ServiceError::Conflict(r.to_string()),
        MaintenanceRefusal::NoticeTooLate { .. } => ServiceError::Invalid {
            code: "notice_too_late",
            field: Some("emergency_justification".into()),
            message: r.to_string(),
        },
        MaintenanceRefusal::NoWorkingTime => {
            ServiceError::invalid("no_working_time", "calendar", r.to_string())
        }
    }
}

fn snapshot(w: &MaintenanceWork) -> serde_json::Value {
    json!({
        "state": w.state.as_str(),
        "planned_start": w.planned_start,
        "planned_end": w.planned_end,
        "notice_sent_at": w.notice_sent_at,
        "emergency_reason": w.emergency_reason,
        "version": w.version,
    })
}

/// `work` as `actor` may read it: a customer sees its own account's entry
/// and no other company's name, objection or answer (R-ACCESS-1).
fn shown_to(actor: &Actor, mut work: MaintenanceWork) -> MaintenanceWork {
    if actor.role == Role::Customer {
        work.accounts
            .retain(|a| Some(a.account_id) == actor.account_id);
        // Which staff member recorded the answer is the operator's business.
        for a in &mut work.accounts {
            if a.answered_by.as_deref() != Some(actor.name.as_str()) {
                a.answered_by = None;
            }
        }
    }
    work
}

/// Planned maintenance (R-MAINT-*): works, their notice, objections and the objection window.
#[derive(Debug, Clone)]
pub struct Maintenance {
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) maintenance_store: Arc<dyn averias_store::MaintenanceStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) lookup: crate::lookup::Lookup,
    pub(crate) notifications: crate::notifications::Notifications,
    pub(crate) sla: crate::sla::Sla,
}

impl Maintenance {
    /// Every work (newest start first), or those in one state; customers see
    /// only works affecting their account.
    pub async fn maintenance_works(
        &self,
        actor: &Actor,
        state: Option<WorkState>,
        limit: i64,
        offset: i64,
    ) -> ServiceResult<Vec<MaintenanceWork>> {
        let account = match actor.role {
            Role::Customer => Some(actor.account_id.ok_or_else(|| {
                ServiceError::Forbidden("this customer user has no account".into())
            })?),
            // R-ACCESS-1: consultants and the authorized centers (outside
            // the operator) have no part in maintenance notices.
            Role::SalesConsultant | Role::InstallationCenter => {
                return Err(ServiceError::Forbidden(
                    "maintenance works are for operator staff and affected customers".into(),
                ));
            }
            _ => None,
        };
        Ok(self
            .maintenance_store
            .list_maintenance(state, account, limit, offset)
            .await?
            .into_iter()
            .map(|w| shown_to(actor, w))
            .collect())
    }

    /// One work the caller may see, as the caller may see it: a customer
    /// gets its own account's entry only (R-ACCESS-1).
    pub async fn maintenance_work(
        &self,
        actor: &Actor,
        id: &str,
    ) -> ServiceResult<MaintenanceWork> {
        Ok(shown_to(actor, self.visible_work(actor, id).await?))
    }

    /// One work the caller may see, whole: for the steps that rewrite it
    /// (a redacted copy saved back would drop the other accounts).
    async fn visible_work(&self, actor: &Actor, id: &str) -> ServiceResult<MaintenanceWork> {
        let parsed = id.parse::<uuid::Uuid>().ok();
        let work = match parsed {
            Some(id) => self.maintenance_store.get_maintenance(id).await?,
            None => None,
        }
        .ok_or_else(|| ServiceError::not_found("maintenance work", id))?;
        let visible = match actor.role {
            Role::Customer => work
                .accounts
                .iter()
                .any(|a| Some(a.account_id) == actor.account_id),
            Role::SalesConsultant | Role::InstallationCenter => false,
            _ => true,
        };
        if visible {
            Ok(work)
        } else {
            Err(ServiceError::not_found("maintenance work", id))
        }
    }

    /// Plans a work (draft) with its affected accounts and the latest
    /// moment its notice may go.
    pub async fn plan_maintenance(
        &self,
        actor: &Actor,
        input: WorkInput,
    ) -> ServiceResult<MaintenanceWork> {
        require_role(actor, &PLANNERS, "plan maintenance works")?;
        let now = self.clock.now();
        let mut work = MaintenanceWork {
            id: uuid::Uuid::now_v7(),
            title: String::new(),
            description: String::new(),
            elements: Vec::new(),
            impact: String::new(),
            calendar: String::new(),
            planned_start: now,
            planned_end: now,
            state: WorkState::Draft,
            latest_notice_at: now,
            notice_sent_at: None,
            notice_late_seconds: None,
            emergency_reason: None,
            window_closes_at: None,
            override_reason: None,
            cancel_reason: None,
            created_by: actor.user_id,
            created_at: now,
            updated_at: now,
            version: 1,
            accounts: Vec::new(),
        };
        self.apply_input(&mut work, input, now).await?;
        let event = AuditEvent {
            after: Some(snapshot(&work)),
            ..audit(actor, now, "maintenance", work.id.to_string(), "plan")
        };
        self.maintenance_store
            .insert_maintenance(&work, &event)
            .await?;
        Ok(work)
    }

    /// Validates `input` onto `work`: text, dates, calendar, accounts.
    async fn apply_input(
        &self,
        work: &mut MaintenanceWork,
        input: WorkInput,
        now: DateTime<Utc>,
    ) -> ServiceResult<()> {
        let title = input.title.trim();
        if title.is_empty() {
            return Err(ServiceError::invalid(
                "title_required",
                "title",
                "a maintenance work needs a title",
            ));
        }
        let (Some(start), Some(end)) = (input.start, input.end) else {
            return Err(ServiceError::invalid(
                "dates_required",
                "start",
                "give the planned start and end",
            ));
        };
        if end <= start {
            return Err(ServiceError::invalid(
                "invalid_dates",
                "end",
                "the end must come after the start",
            ));
        }
        if start <= now {
            return Err(ServiceError::invalid(
                "start_in_past",
                "start",
                "a planned work starts in the future",
            ));
        }
        let calendar_name = input
            .calendar
            .unwrap_or_else(|| super::calendars::BUSINESS.to_owned());
        let calendar = self.sla.calendar(&calendar_name).await.map_err(|_| {
            ServiceError::invalid(
                "unknown_calendar",
                "calendar",
                format!("calendar '{calendar_name}' does not exist"),
            )
        })?;
        let latest = latest_notice(&calendar, start)
            .ok_or_else(|| refused(MaintenanceRefusal::NoWorkingTime))?;
        let mut accounts: Vec<AffectedAccount> = Vec::new();
        let mut add = |a: &averias_store::Account| {
            if !accounts.iter().any(|x| x.account_id == a.id) {
                accounts.push(AffectedAccount {
                    account_id: a.id,
                    account_number: a.number.clone(),
                    account_name: a.name.clone(),
                    informed_at: None,
                    answered_by: None,
                    objection: None,
                    alternative: None,
                });
            }
        };
        for reference in &input.accounts {
            let a = self.lookup.find_account(reference).await?.ok_or_else(|| {
                ServiceError::invalid(
                    "unknown_account",
                    "accounts",
                    format!("account '{reference}' does not exist"),
                )
            })?;
            add(&a);
        }
        for text in &input.lines {
            let unknown = || {
                ServiceError::invalid(
                    "unknown_line",
                    "lines",
                    format!("line '{text}' does not exist"),
                )
            };
            let msisdn: Msisdn = text.parse().map_err(|_| unknown())?;
            let line = self
                .directory_store
                .get_line(msisdn.as_str())
                .await?
                .ok_or_else(unknown)?;
            let a = self
                .directory_store
                .get_account(line.account_id)
                .await?
                .ok_or_else(unknown)?;
            add(&a);
        }
        if accounts.is_empty() {
            return Err(ServiceError::invalid(
                "accounts_required",
                "accounts",
                "name the affected accounts, or lines whose accounts are affected",
            ));
        }
        work.title = title.to_owned();
        work.description = input.description.trim().to_owned();
        work.elements = input
            .elements
            .iter()
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty())
            .collect();
        work.impact = input.impact.trim().to_owned();
        work.calendar = calendar_name;
        work.planned_start = start;
        work.planned_end = end;
        work.latest_notice_at = latest;
        accounts.sort_by(|a, b| a.account_number.cmp(&b.account_number));
        work.accounts = accounts;
        Ok(())
    }

    /// Writes a changed work at its version, with an audit event, its
    /// timers and the messages it causes, in one transaction.
    async fn save_work(
        &self,
        actor: &Actor,
        before: &MaintenanceWork,
        mut after: MaintenanceWork,
        action: &str,
        timers: Vec<TimerChange>,
        messages: Vec<averias_store::OutboundMessage>,
    ) -> ServiceResult<MaintenanceWork> {
        after.version = before.version + 1;
        after.updated_at = self.clock.now();
        let event = AuditEvent {
            before: Some(snapshot(before)),
            after: Some(snapshot(&after)),
            ..audit(
                actor,
                after.updated_at,
                "maintenance",
                after.id.to_string(),
                action,
            )
        };
        self.maintenance_store
            .update_maintenance(&after, before.version, &event, &timers, &messages)
            .await?;
        Ok(after)
    }
}
