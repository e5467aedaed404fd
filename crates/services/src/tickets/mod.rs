//! Reading tickets and moving them through the procedure: triage, escalation
//! and hand-back, point faults and certification, resolution, rejection,
//! closing and cancelling (R-TRIAGE-*, R-REPAIR-2/4, R-CLOSE-1), notes and
//! history (R-AUDIT-1, R-INFORM-2).

use std::sync::Arc;

use averias_domain::sla::{self, AttentionClock};
use averias_domain::{Action, Actor, Lang, Role, Stage, Status, Visibility, decide};
use averias_store::{
    AuditEvent, ChangeSet, Follower, Note, Page, StatusChange, TicketFilter, TicketRecord,
};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::changes::{moved, new_note, position, record_move, unmoved};
use super::{ServiceError, ServiceResult, audit};

mod actions;
mod facts;
mod merge;
mod owner;
pub use facts::{EDIT_FACTS, FactsEdit, may_edit_facts};
pub use merge::{MERGE, may_merge};
pub use owner::{ASSIGN, may_assign};

/// Whether a history entry moved the ticket through the procedure; a
/// correction of its facts or a change of owner moved nothing, and they
/// are the operator's own record: customers, sales consultants and
/// TMF621's status history leave them out.
pub fn moves_status(action: &str) -> bool {
    !matches!(
        action,
        EDIT_FACTS | ASSIGN | crate::attachments::ATTACH | crate::attachments::DETACH
    )
}

/// A note to add with [`Tickets::add_notes_and_act`].
#[derive(Debug, Clone)]
pub struct NewNote {
    pub visibility: Visibility,
    pub body: String,
    /// The author a TMF621 integration names (its own user's name); shown
    /// only for notes an integration writes.
    pub author: Option<String>,
}

/// A ticket as shown to one caller: its record, clock and what the caller may do next.
#[derive(Debug, Clone)]
pub struct TicketView {
    pub record: TicketRecord,
    pub clock: AttentionClock,
    pub next_actions: Vec<&'static str>,
    /// When the view was made (whether a stored deadline has passed).
    pub now: DateTime<Utc>,
    /// The SLA clocks in full: single-ticket views only (lists carry the
    /// stored deadlines, which cost no history read).
    pub sla: Option<super::sla::TicketClocks>,
}

/// Which of a ticket's SLA clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockKind {
    Resolution,
    Response,
}

/// The actions a caller can request on one ticket through the native API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionName {
    StartWork,
    Resolve,
    ClassifyPointFault,
    Escalate,
    ReturnSolution,
    CertifyRepair,
    RejectResolution,
    Close,
    Cancel,
}

impl ActionName {
    /// Every action name, in API order.
    pub const ALL: [ActionName; 9] = [
        ActionName::StartWork,
        ActionName::Resolve,
        ActionName::ClassifyPointFault,
        ActionName::Escalate,
        ActionName::ReturnSolution,
        ActionName::CertifyRepair,
        ActionName::RejectResolution,
        ActionName::Close,
        ActionName::Cancel,
    ];

    /// The path segment and audit name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionName::StartWork => "start_work",
            ActionName::Resolve => "resolve",
            ActionName::ClassifyPointFault => "classify_point_fault",
            ActionName::Escalate => "escalate",
            ActionName::ReturnSolution => "return_solution",
            ActionName::CertifyRepair => "certify_repair",
            ActionName::RejectResolution => "reject_resolution",
            ActionName::Close => "close",
            ActionName::Cancel => "cancel",
        }
    }

    /// Parses a path segment.
    pub fn parse(s: &str) -> ServiceResult<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|a| a.as_str()).collect();
                ServiceError::invalid(
                    "unknown_action",
                    "action",
                    format!("unknown action '{s}'; expected one of {}", names.join(", ")),
                )
            })
    }
}

/// What a caller sends with an action.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// Why (required to cancel or to reject a resolution).
    pub reason: Option<String>,
    /// What was done (required to resolve, return a solution or certify a repair).
    pub resolution: Option<String>,
    /// Reclassify the fault type when escalating.
    pub fault_type: Option<String>,
    /// Optional note written with the action.
    pub note: Option<(Visibility, String)>,
    /// `If-Match`: the version the caller last saw.
    pub expected_version: Option<i64>,
    /// The history entry's name when the step serves another use case (a
    /// duplicate merged into another is cancelled as `merge`); the
    /// action's own name otherwise.
    pub recorded_as: Option<&'static str>,
}

/// One entry of a ticket's history as shown to a caller.
#[derive(Debug, Clone)]
pub struct History {
    pub status_changes: Vec<StatusChange>,
    /// Audit events; empty for customers and consultants.
    pub audit: Vec<AuditEvent>,
}

/// Query of the ticket list, already parsed.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub filter: TicketFilter,
}

pub(crate) fn nonempty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Tickets after intake: reads, lists, notes, followers and the procedure's actions (triage, escalation, resolution, closing).
#[derive(Debug, Clone)]
pub struct Tickets {
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) lookup: crate::lookup::Lookup,
    pub(crate) notifications: crate::notifications::Notifications,
    pub(crate) sla: crate::sla::Sla,
}

impl Tickets {
    /// Shapes a record for `actor` at `now`.
    pub(crate) fn view(
        &self,
        actor: &Actor,
        record: TicketRecord,
        now: DateTime<Utc>,
    ) -> TicketView {
        let clock = sla::attention_clock(
            record.reported_at,
            record.clock_stopped_at,
            record.status == Status::Cancelled,
            now,
        );
        let pos = position(&record);
        let mut next_actions: Vec<&'static str> = ActionName::ALL
            .into_iter()
            .filter(|a| {
                let action = match a {
                    // Which group is decided at escalation time; any one tells legality.
                    ActionName::Escalate => Action::Escalate(averias_domain::SecondLevel::Cor),
                    other => simple_action(*other),
                };
                decide(pos, action, actor.role).is_ok()
            })
            .map(ActionName::as_str)
            .collect();
        if record.kind == averias_domain::TicketKind::Incident
            && decide(pos, Action::ResolveIncident, actor.role).is_ok()
        {
            next_actions.push("resolve_incident");
        }
        if !record.status.is_final() && actor.may_write(Visibility::Public) {
            next_actions.push("add_note");
        }
        if may_assign(actor, &record) {
            next_actions.push("assign");
        }
        if may_merge(actor, &record) {
            next_actions.push("merge");
        }
        let mut record = record;
        // Who works a ticket is the operator's own business (R-ACCESS-1).
        if !actor.role.is_operator_staff() {
            record.owner_id = None;
            record.owner_name = None;
        }
        TicketView {
            record,
            clock,
            next_actions,
            now,
            sla: None,
        }
    }

    /// One ticket, by id or number.
    pub async fn ticket(&self, actor: &Actor, reference: &str) -> ServiceResult<TicketView> {
        // The ticket and its history in one round trip: reads are the hot path.
        let (t, history) = self
            .ticket_store
            .ticket_with_history(&super::ticket_key(reference)?)
            .await?
            .ok_or_else(|| ServiceError::not_found("ticket", reference))?;
        let t = self.lookup.check_visible(actor, t, reference).await?;
        let catalog = self.sla.sla_catalog().await?;
        let now = self.clock.now();
        let clocks = catalog.clocks(t.fault_type.as_deref(), t.severity, &history, now);
        let mut view = self.view(actor, t, now);
        view.sla = Some(clocks);
        Ok(view)
    }

    /// A single-ticket view with its SLA clocks computed from the history.
    pub(crate) async fn full_view(
        &self,
        actor: &Actor,
        t: TicketRecord,
    ) -> ServiceResult<TicketView> {
        let clocks = self.sla.ticket_clocks(&t).await?;
        let mut view = self.view(actor, t, self.clock.now());
        view.sla = Some(clocks);
        Ok(view)
    }

    /// A page of tickets the caller may see, filtered.
    pub async fn tickets(
        &self,
        actor: &Actor,
        mut filter: TicketFilter,
    ) -> ServiceResult<Page<TicketView>> {
        filter.scope = crate::search::ticket_scope(actor)?;
        // The text filter is a search (issue 23): the same limit.
        if filter
            .text
            .as_deref()
            .is_some_and(|t| t.chars().count() > crate::search::MAX_QUERY)
        {
            return Err(ServiceError::invalid(
                "query_too_long",
                "q",
                format!(
                    "a search is at most {} characters",
                    crate::search::MAX_QUERY
                ),
            ));
        }
        if filter.owner.is_some() && !actor.role.is_operator_staff() {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not list tickets by owner",
                actor.role
            )));
        }
        let now = self.clock.now();
        filter.now = Some(now);
        let page = self.ticket_store.list_tickets(&filter).await?;
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(|r| self.view(actor, r, now))
                .collect(),
            total: page.total,
            total_exact: page.total_exact,
        })
    }

    /// Followers of a ticket (R-INTAKE-5), for staff views.
    pub async fn followers(&self, actor: &Actor, reference: &str) -> ServiceResult<Vec<Follower>> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        Ok(self.ticket_store.followers_of(t.id).await?)
    }

    /// Notes the caller may read: customers never see internal ones (R-INFORM-2).
    pub async fn notes(&self, actor: &Actor, reference: &str) -> ServiceResult<Vec<Note>> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        let notes = self.ticket_store.notes_of(t.id).await?;
        Ok(notes
            .into_iter()
            .filter(|n| actor.may_read(n.visibility))
            .collect())
    }

    /// The caller's visible faults still open on any of `lines`: a second
    /// call about a line usually is the same fault, so intake shows these
    /// before opening another (the console asks; the API answers them as a
    /// warning beside the new ticket). Newest first, at most 20.
    pub async fn open_faults_on_lines(
        &self,
        actor: &Actor,
        lines: &[averias_domain::Msisdn],
    ) -> ServiceResult<Vec<TicketView>> {
        let mut found: Vec<TicketView> = Vec::new();
        for line in lines.iter().take(20) {
            let filter = TicketFilter {
                kind: Some(averias_domain::TicketKind::Fault),
                msisdn: Some(line.as_str().to_owned()),
                status: Status::ALL
                    .iter()
                    .copied()
                    .filter(|s| !s.is_final())
                    .collect(),
                limit: 20,
                ..TicketFilter::default()
            };
            for v in self.tickets(actor, filter).await?.items {
                if !found.iter().any(|f| f.record.id == v.record.id) {
                    found.push(v);
                }
            }
        }
        found.sort_by_key(|v| std::cmp::Reverse(v.record.reported_at));
        found.truncate(20);
        Ok(found)
    }

    /// Adds a note (progress, diagnosis, customer message) to an open ticket.
    pub async fn add_note(
        &self,
        actor: &Actor,
        reference: &str,
        visibility: Visibility,
        body: String,
    ) -> ServiceResult<Note> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        let changes = self.note_changes(actor, &t, visibility, body).await?;
        let note = changes.notes[0].clone();
        self.ticket_store.apply_ticket_changes(changes).await?;
        Ok(note)
    }

    /// Deletes a ticket (TMF621 `DELETE`): admins only, and only a ticket
    /// the procedure is done with (closed, cancelled or rejected), so no
    /// clock, timer or appointment is left running on it. It leaves every
    /// list and read; its row, history, notes and audit trail stay
    /// (R-AUDIT-1), and listeners hear `TroubleTicketDeleteEvent`.
    pub async fn delete_ticket(&self, actor: &Actor, reference: &str) -> ServiceResult<()> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        if actor.role != Role::Admin {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not delete tickets; only admins may",
                actor.role
            )));
        }
        if !t.status.is_final() {
            return Err(ServiceError::clash(
                "ticket_not_final",
                format!(
                    "ticket {} is {}; close or cancel it before deleting it",
                    t.number, t.status
                ),
                json!({"number": t.number.to_string(), "status": t.status.as_str()}),
            ));
        }
        let now = self.clock.now();
        let mut with = ChangeSet::default();
        with.deletions.push((t.id, now));
        with.audit.push(AuditEvent {
            before: Some(json!({"status": t.status.as_str()})),
            ..audit(actor, now, "ticket", t.id.to_string(), "delete")
        });
        with.messages = self
            .notifications
            .ticket_messages_in(
                Lang::Es,
                None,
                &t,
                &format!("delete:{}", t.id),
                json!({}),
                None,
                &[super::notifications::HookEvent::Delete],
            )
            .await?;
        self.ticket_store.apply_ticket_changes(with).await?;
        Ok(())
    }

    /// A TMF621 client's new words, notes and then, optionally, one
    /// procedure step on a ticket, written in one transaction: if anything is
    /// refused (a role, an illegal move, an empty note, a stale version),
    /// nothing is written (TMF621 PATCH). The words (`severity: "Critical"`)
    /// are what the client sees and is echoed; Averías's own severity and
    /// fault type stay the CSM's to change.
    pub async fn add_notes_and_act(
        &self,
        actor: &Actor,
        reference: &str,
        words: averias_store::ClientValues,
        notes: Vec<NewNote>,
        step: Option<(ActionName, ActionInput)>,
    ) -> ServiceResult<()> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        let mut with = ChangeSet::default();
        if !words.is_empty() {
            // Who may write on the ticket may rename its attributes.
            if !actor.may_write(Visibility::Public) {
                return Err(ServiceError::Forbidden(format!(
                    "role {} may not change ticket {}",
                    actor.role, t.number
                )));
            }
            if t.status.is_final() {
                return Err(ServiceError::Conflict(format!(
                    "ticket {} is {}; it takes no more changes",
                    t.number, t.status
                )));
            }
            let now = self.clock.now();
            let before = self.ticket_store.client_values_of(t.id).await?;
            let mut event = audit(
                actor,
                now,
                "ticket",
                t.id.to_string(),
                "client_words_changed",
            );
            event.before = Some(serde_json::json!(before));
            event.after = Some(serde_json::json!(words));
            with.audit.push(event);
            with.client_values
                .extend(words.into_iter().map(|(a, v)| (t.id, a, v)));
        }
        for n in notes {
            let mut c = self.note_changes(actor, &t, n.visibility, n.body).await?;
            // An integration relays its own users' notes: the author it names
            // is shown (the audit keeps the integration as the writer).
            if let (Some(author), Role::Integration) = (n.author, actor.role) {
                for note in &mut c.notes {
                    note.author_name = author.clone();
                }
            }
            with.notes.extend(c.notes);
            with.audit.extend(c.audit);
            with.messages.extend(c.messages);
        }
        match step {
            Some((name, input)) => {
                self.act_with_repair(actor, t, name, input, with).await?;
            }
            None if !with.notes.is_empty() || !with.client_values.is_empty() => {
                self.ticket_store.apply_ticket_changes(with).await?
            }
            None => {}
        }
        Ok(())
    }

    /// What adding one note writes: the note, its audit event and the
    /// listeners' attribute-change events; checked, not yet written.
    async fn note_changes(
        &self,
        actor: &Actor,
        t: &TicketRecord,
        visibility: Visibility,
        body: String,
    ) -> ServiceResult<ChangeSet> {
        if !actor.may_write(visibility) {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not write {visibility} notes",
                actor.role
            )));
        }
        let body = body.trim().to_owned();
        if body.is_empty() {
            return Err(ServiceError::invalid(
                "empty_note",
                "body",
                "a note needs some text",
            ));
        }
        if t.status.is_final() {
            return Err(ServiceError::Conflict(format!(
                "ticket {} is {}; its history is kept but it takes no more notes",
                t.number, t.status
            )));
        }
        let now = self.clock.now();
        let note = new_note(actor, t, visibility, &body, now);
        let event = AuditEvent {
            after: Some(json!({"note_id": note.id, "visibility": visibility.as_str()})),
            ..audit(actor, now, "ticket", t.id.to_string(), "add_note")
        };
        // TMF621: a note is a change of the ticket's `note` attribute; only
        // webhook subscribers hear of it (no one is mailed for a note).
        let messages = self
            .notifications
            .ticket_messages_in(
                Lang::Es,
                None,
                t,
                &format!("note:{}", note.id),
                json!({}),
                None,
                &[super::notifications::HookEvent::note()],
            )
            .await?;
        Ok(ChangeSet {
            notes: vec![note],
            audit: vec![event],
            messages,
            ..Default::default()
        })
    }

    /// Status history, plus the full audit trail for operator staff.
    pub async fn history(&self, actor: &Actor, reference: &str) -> ServiceResult<History> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        let mut status_changes = self.ticket_store.status_changes_of(t.id).await?;
        if !actor.role.is_operator_staff() {
            status_changes.retain(|c| moves_status(&c.action));
        }
        let audit = if actor.role.is_operator_staff() {
            self.ticket_store
                .audit_of("ticket", &t.id.to_string())
                .await?
        } else {
            Vec::new()
        };
        Ok(History {
            status_changes,
            audit,
        })
    }

    /// Explains a ticket's clock from its status history: on `calendar`
    /// (default `24x7`), against `target` (default 24 h, R-SLA-1), with
    /// `pause` statuses not counting. Every segment says what it counted.
    pub async fn explain_clock(
        &self,
        actor: &Actor,
        reference: &str,
        which: ClockKind,
        calendar: Option<&str>,
        target: Option<chrono::Duration>,
        pause: Option<Vec<Status>>,
    ) -> ServiceResult<(String, averias_domain::sla_policy::PolicyClock)> {
        use averias_domain::sla_policy::{policy_clock, response_clock};
        let t = self.lookup.visible_ticket(actor, reference).await?;
        let catalog = self.sla.sla_catalog().await?;
        let policy = catalog.policy(t.fault_type.as_deref(), t.severity);
        let spec = match which {
            ClockKind::Resolution => Some(&policy.resolution),
            ClockKind::Response => policy.response.as_ref(),
        };
        // The policy's clock, with whatever the caller overrides ("what if").
        let calendar_name = calendar
            .map(str::to_owned)
            .or(spec.map(|s| s.calendar.clone()))
            .unwrap_or_else(|| super::calendars::ALWAYS.to_owned());
        let calendar = self.sla.calendar(&calendar_name).await?;
        let mut clock_policy = spec.map(|s| s.clock_policy()).unwrap_or_else(|| {
            averias_domain::sla_policy::ClockPolicy {
                target: chrono::Duration::hours(sla::ATTENTION_HOURS),
                warn_at: vec![75, 90],
                pause_statuses: Vec::new(),
            }
        });
        if let Some(target) = target {
            clock_policy.target = target;
        }
        if let Some(pause) = pause {
            clock_policy.pause_statuses = pause;
        }
        let history: Vec<_> = self
            .ticket_store
            .status_changes_of(t.id)
            .await?
            .into_iter()
            .map(|c| (c.at, c.status))
            .collect();
        let clock = match which {
            ClockKind::Resolution => {
                policy_clock(&history, &calendar, &clock_policy, self.clock.now())
            }
            ClockKind::Response => {
                response_clock(&history, &calendar, &clock_policy, self.clock.now())
            }
        };
        Ok((calendar_name, clock))
    }
}

/// The domain action for names that need no extra data.
pub(crate) fn simple_action(name: ActionName) -> Action {
    match name {
        ActionName::StartWork => Action::StartWork,
        ActionName::Resolve => Action::Resolve,
        ActionName::ClassifyPointFault => Action::ClassifyPointFault,
        ActionName::Escalate => Action::Escalate(averias_domain::SecondLevel::Cor),
        ActionName::ReturnSolution => Action::ReturnSolution,
        ActionName::CertifyRepair => Action::CertifyRepair,
        ActionName::RejectResolution => Action::RejectResolution,
        ActionName::Close => Action::Close,
        ActionName::Cancel => Action::Cancel,
    }
}

fn metrics_for(name: ActionName, before: &TicketRecord, after: Stage) {
    match name {
        ActionName::Resolve | ActionName::CertifyRepair => {
            metrics::counter!("averias_tickets_resolved_total", "group" => before.stage.group())
                .increment(1);
        }
        ActionName::Escalate => {
            metrics::counter!("averias_tickets_escalated_total", "group" => after.group())
                .increment(1);
        }
        ActionName::Close => metrics::counter!("averias_tickets_closed_total").increment(1),
        _ => {}
    }
}
