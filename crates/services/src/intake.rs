//! Fault intake (R-INTAKE-1..6): check the account (behind [`AccountChecker`],
//! so an adapter can ask the operator's billing system instead), refuse and
//! record a report on an account with debt, otherwise open a ticket queued to
//! CSM with its number, and attach the account's sales consultant.

use std::sync::Arc;

use async_trait::async_trait;
use averias_domain::{
    AccountCheck, Actor, BillingState, Channel, Email, Imei, Msisdn, Position, Role, Severity,
    TicketId,
};
use averias_store::{
    Account, AuditEvent, ExternalId, FaultType, NewTicket, Note, RefusedReport, Reporter,
    StoreError,
};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::tickets::TicketView;
use super::{ServiceError, ServiceResult, audit};

/// Asks billing whether an account may report faults (R-INTAKE-3).
#[async_trait]
pub trait AccountChecker: Send + Sync + std::fmt::Debug {
    /// The billing state of `account` now.
    async fn billing_state(&self, account: &Account) -> ServiceResult<BillingState>;
}

/// The default checker: the billing state kept on the local account row.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalAccountChecker;

#[async_trait]
impl AccountChecker for LocalAccountChecker {
    async fn billing_state(&self, account: &Account) -> ServiceResult<BillingState> {
        Ok(account.billing.clone())
    }
}

/// Files a report comes with, received already (types detected, sizes
/// counted), in the visibility asked for (the writer's default if none).
#[derive(Debug, Default)]
pub struct Files {
    pub staged: Vec<crate::attachments::Staged>,
    pub visibility: Option<averias_domain::Visibility>,
}

/// A fault report, parsed and validated at the edge.
#[derive(Debug, Clone)]
pub struct ReportInput {
    /// Account number or id.
    pub account: String,
    pub channel: Channel,
    pub lines: Vec<Msisdn>,
    pub equipment: Vec<Imei>,
    pub fault_type: Option<String>,
    pub severity: Option<Severity>,
    pub title: Option<String>,
    pub description: String,
    pub reporter_name: String,
    pub reporter_phone: String,
    pub reporter_email: Option<Email>,
    /// Keys the reporting system gives the ticket (TMF621
    /// `externalIdentifier`); each may belong to one ticket only.
    pub external_ids: Vec<ExternalId>,
    /// Free-string attributes as a TMF621 client sent them (`severity`
    /// "High"), kept and echoed back.
    pub client_values: averias_store::ClientValues,
    /// Notes written with the report (TMF621 `note` on create), stored in
    /// the ticket's own transaction.
    pub notes: Vec<crate::tickets::NewNote>,
}

impl ReportInput {
    /// A stable fingerprint of the request, to tell a retry from a reused
    /// key: the SHA-256 of a JSON document of the values as the API writes
    /// them (not their `Debug` output, which may change between versions of
    /// Rust or a library and would turn a stored key's retry into a 409).
    fn fingerprint(&self) -> String {
        let document = serde_json::json!({
            "account": self.account,
            "channel": self.channel.to_string(),
            "lines": self.lines.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "equipment": self.equipment.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
            "fault_type": self.fault_type,
            "severity": self.severity.map(|s| s.as_str()),
            "title": self.title,
            "description": self.description,
            "reporter": [self.reporter_name, self.reporter_phone],
            "reporter_email": self.reporter_email.as_ref().map(|e| e.as_str()),
            "external_ids": self.external_ids.iter().map(|x| [&x.owner, &x.kind, &x.id]).collect::<Vec<_>>(),
            "client_values": self.client_values,
            "notes": self.notes.iter().map(|n| [n.visibility.as_str(), &n.body]).collect::<Vec<_>>(),
        });
        hex::encode(Sha256::digest(document.to_string().as_bytes()))
    }
}

/// The outcome of a fault report that was accepted.
#[derive(Debug, Clone)]
pub struct Opened {
    pub ticket: TicketView,
    /// True when an `Idempotency-Key` retry returned the ticket opened before.
    pub replayed: bool,
}

/// Reporting a fault (R-INTAKE-*): the account check, refused reports, and opening the ticket.
#[derive(Debug, Clone)]
pub struct Intake {
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) intake_store: Arc<dyn averias_store::IntakeStore>,
    pub(crate) maintenance_store: Arc<dyn averias_store::MaintenanceStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) lookup: crate::lookup::Lookup,
    pub(crate) notifications: crate::notifications::Notifications,
    pub(crate) sla: crate::sla::Sla,
    pub(crate) tickets: crate::tickets::Tickets,
    pub(crate) attachments: crate::attachments::Attachments,
}

impl Intake {
    /// Reports a fault. Refuses with [`ServiceError::AccountHasDebt`] (after
    /// recording the refused report) when the account has debt.
    pub async fn report_fault(
        &self,
        actor: &Actor,
        input: ReportInput,
        idempotency_key: Option<String>,
        checker: &dyn AccountChecker,
    ) -> ServiceResult<Opened> {
        self.report_fault_with_files(actor, input, idempotency_key, checker, Files::default())
            .await
    }

    /// Reports a fault with files (TMF621 `attachment` on create, mail
    /// intake): they are checked before anything is written, and their rows
    /// go in the ticket's own transaction.
    pub async fn report_fault_with_files(
        &self,
        actor: &Actor,
        input: ReportInput,
        idempotency_key: Option<String>,
        checker: &dyn AccountChecker,
        files: Files,
    ) -> ServiceResult<Opened> {
        let fingerprint = input.fingerprint();
        if let Some(key) = &idempotency_key
            && let Some(opened) = self.replay(actor, key, &fingerprint).await?
        {
            return Ok(opened);
        }

        let account = self
            .lookup
            .find_account(&input.account)
            .await?
            .ok_or_else(|| {
                ServiceError::invalid(
                    "unknown_account",
                    "account",
                    format!("account '{}' does not exist", input.account),
                )
            })?;
        if !actor.may_report_for(account.id, account.sales_consultant_id) {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not report faults for account {}",
                actor.role, account.number
            )));
        }
        let fault_type = validate_report(self.directory_store.as_ref(), &account, &input).await?;
        self.check_external_ids(actor, &input.external_ids).await?;
        for n in &input.notes {
            if !actor.may_write(n.visibility) {
                return Err(ServiceError::Forbidden(format!(
                    "role {} may not write {} notes",
                    actor.role, n.visibility
                )));
            }
            if n.body.trim().is_empty() {
                return Err(ServiceError::invalid(
                    "empty_note",
                    "note",
                    "a note needs some text",
                ));
            }
        }

        let file_visibility = if files.staged.is_empty() {
            averias_domain::Visibility::Public
        } else {
            let v = crate::attachments::writable_visibility(actor, files.visibility)?;
            self.attachments
                .check_files(&files.staged, 0, "the new fault")?;
            v
        };

        let now = self.clock.now();
        if let AccountCheck::Refuse { outstanding } = checker.billing_state(&account).await?.check()
        {
            let report = RefusedReport {
                id: uuid::Uuid::now_v7(),
                account_id: account.id,
                at: now,
                actor_id: actor.user_id,
                channel: input.channel,
                reason: "debt".into(),
                debt_minor: outstanding.minor,
                currency: outstanding.currency.clone(),
                reporter_name: input.reporter_name.clone(),
                description: input.description.clone(),
            };
            let event = AuditEvent {
                after: Some(
                    json!({"account": account.number, "outstanding_minor": outstanding.minor, "currency": outstanding.currency}),
                ),
                ..audit(
                    actor,
                    now,
                    "refused_report",
                    report.id.to_string(),
                    "refuse_report",
                )
            };
            let messages = self.refusal_messages(&report, &account.number, &outstanding, &input);
            self.intake_store
                .record_refused_report(&report, &event, &messages)
                .await?;
            metrics::counter!("averias_reports_refused_total", "reason" => "debt").increment(1);
            return Err(ServiceError::AccountHasDebt {
                account: account.number,
                outstanding,
                refused_report_id: report.id,
            });
        }

        let severity = input
            .severity
            .or(fault_type.map(|f| f.default_severity))
            .unwrap_or(Severity::Minor);
        let title = input
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| summary(&input.description));
        let start = Position::new_fault();
        let followers = account
            .sales_consultant_id
            .map(|c| vec![(c, "sales_consultant".to_owned())])
            .unwrap_or_default();
        let id = TicketId::new();
        let catalog = self.sla.sla_catalog().await?;
        let (sla_due_at, response_due_at, timer) = catalog.opening(
            id,
            input.fault_type.as_deref(),
            severity,
            start.status,
            start.stage,
            now,
        );
        // R-MAINT: a fault on an account under a live maintenance work is flagged with it.
        let maintenance_id = self
            .maintenance_store
            .live_maintenance_for(account.id, now)
            .await?;
        let attachments = self
            .attachments
            .store_files(actor, id, &files.staged, file_visibility, None, now)
            .await?;
        let mut new = NewTicket {
            attachments,
            messages: Vec::new(),
            id,
            sla_due_at,
            response_due_at,
            timer,
            maintenance_id,
            kind: start.kind,
            account_id: Some(account.id),
            account_number: Some(account.number.clone()),
            account_name: Some(account.name.clone()),
            channel: input.channel,
            fault_type: input.fault_type,
            severity,
            title,
            description: input.description.trim().to_owned(),
            status: start.status,
            stage: start.stage,
            reporter: Reporter {
                name: input.reporter_name,
                phone: input.reporter_phone,
                email: input.reporter_email,
            },
            reported_by: actor.user_id,
            reported_at: now,
            deadline_at: averias_domain::sla::attention_deadline(now),
            lines: input.lines,
            equipment: input.equipment,
            followers,
            idempotency: idempotency_key.clone().map(|k| (k, fingerprint.clone())),
            actor_name: actor.name.clone(),
            external_ids: input.external_ids,
            client_values: input.client_values,
            notes: input
                .notes
                .into_iter()
                .map(|n| Note {
                    id: uuid::Uuid::now_v7(),
                    ticket_id: id,
                    author_id: actor.user_id,
                    // An integration relays its own users' notes.
                    author_name: match (n.author, actor.role) {
                        (Some(author), Role::Integration) => author,
                        _ => actor.name.clone(),
                    },
                    author_role: actor.role,
                    visibility: n.visibility,
                    body: n.body.trim().to_owned(),
                    created_at: now,
                })
                .collect(),
        };
        // R-INFORM-1 and R-INTAKE-5: the contact and the consultant hear of it.
        let preview = new.preview();
        new.messages = self
            .notifications
            .ticket_messages(
                Some("ticket_opened"),
                &preview,
                &id.to_string(),
                json!({}),
                Some(super::notifications::PENDING_NUMBER),
                &[super::notifications::HookEvent::Create],
            )
            .await?;
        super::notifications::Notifications::with_client_words(
            &mut new.messages,
            &new.client_values,
        );
        if let Some(consultant) = account.sales_consultant_id
            && let Some(user) = self.directory_store.get_user(consultant).await?
        {
            new.messages
                .extend(self.notifications.consultant_messages(&preview, &user));
        }
        let stored = new.attachments.clone();
        match self.intake_store.open_ticket(new).await {
            Ok(record) => {
                self.attachments.scan_soon(&stored);
                metrics::counter!("averias_tickets_opened_total", "group" => record.stage.group(), "channel" => record.channel.as_str())
                    .increment(1);
                let clocks = catalog.clocks(
                    record.fault_type.as_deref(),
                    record.severity,
                    &[(now, record.status)],
                    now,
                );
                let mut ticket = self.tickets.view(actor, record, now);
                ticket.sla = Some(clocks);
                Ok(Opened {
                    ticket,
                    replayed: false,
                })
            }
            Err(StoreError::IdempotencyReplay(..)) => {
                let key = idempotency_key.unwrap_or_default();
                self.replay(actor, &key, &fingerprint)
                    .await?
                    .ok_or(ServiceError::IdempotencyKeyReused)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Refuses keys that are malformed, repeated, or already another ticket's.
    /// The unique index refuses a race between two creates; this answers
    /// the common case with the ticket's number, when the caller may see it.
    async fn check_external_ids(&self, actor: &Actor, keys: &[ExternalId]) -> ServiceResult<()> {
        const MAX_KEYS: usize = 10;
        const MAX_LEN: usize = 200;
        if keys.len() > MAX_KEYS {
            return Err(ServiceError::invalid(
                "too_many_external_ids",
                "externalIdentifier",
                format!("a ticket takes at most {MAX_KEYS} external identifiers"),
            ));
        }
        for (i, key) in keys.iter().enumerate() {
            if key.id.trim().is_empty()
                || [&key.id, &key.owner, &key.kind]
                    .iter()
                    .any(|v| v.chars().count() > MAX_LEN)
            {
                return Err(ServiceError::invalid(
                    "invalid_external_id",
                    "externalIdentifier",
                    format!(
                        "an external identifier has an id, and id, owner and type of at most {MAX_LEN} characters"
                    ),
                ));
            }
            if keys[..i].contains(key) {
                return Err(ServiceError::invalid(
                    "invalid_external_id",
                    "externalIdentifier",
                    format!("external identifier '{}' is given twice", key.id),
                ));
            }
            if let Some(ticket) = self.ticket_store.ticket_by_external_id(key).await? {
                let whose = match self.tickets.ticket(actor, &ticket.to_string()).await {
                    Ok(v) => format!("ticket {}", v.record.number),
                    Err(_) => "another ticket".to_owned(),
                };
                return Err(ServiceError::Conflict(format!(
                    "external identifier '{}' of '{}' already belongs to {whose}",
                    key.id, key.owner
                )));
            }
        }
        Ok(())
    }

    async fn replay(
        &self,
        actor: &Actor,
        key: &str,
        fingerprint: &str,
    ) -> ServiceResult<Option<Opened>> {
        let Some((ticket_id, hash)) = self
            .intake_store
            .idempotent_ticket(actor.user_id, key)
            .await?
        else {
            return Ok(None);
        };
        if hash != fingerprint {
            return Err(ServiceError::IdempotencyKeyReused);
        }
        let record = self.lookup.find_ticket(&ticket_id.to_string()).await?;
        Ok(Some(Opened {
            ticket: self.tickets.view(actor, record, self.clock.now()),
            replayed: true,
        }))
    }

    /// The refused caller hears why (R-INTAKE-3), by email and SMS.
    fn refusal_messages(
        &self,
        report: &RefusedReport,
        account_number: &str,
        outstanding: &averias_domain::Money,
        input: &ReportInput,
    ) -> Vec<averias_store::OutboundMessage> {
        let data = json!({
            "contact": input.reporter_name,
            "account_number": account_number,
            "debt": outstanding.to_string(),
        });
        let occasion = report.id.to_string();
        let email = input.reporter_email.as_ref().and_then(|e| {
            self.notifications.notification(
                "report_refused",
                "email",
                e.as_str(),
                data.clone(),
                &occasion,
                report.at,
            )
        });
        let sms = input
            .reporter_phone
            .parse::<averias_domain::Msisdn>()
            .ok()
            .and_then(|m| {
                self.notifications.notification(
                    "report_refused",
                    "sms",
                    m.as_str(),
                    data.clone(),
                    &occasion,
                    report.at,
                )
            });
        email.into_iter().chain(sms).collect()
    }
}

/// The lines and equipment must belong to the account; contact data is required (R-INTAKE-2).
pub(crate) async fn validate_report(
    store: &dyn averias_store::DirectoryStore,
    account: &Account,
    input: &ReportInput,
) -> ServiceResult<Option<FaultType>> {
    if input.description.trim().is_empty() {
        return Err(ServiceError::invalid(
            "description_required",
            "description",
            "describe the fault",
        ));
    }
    if input.reporter_name.trim().is_empty() || input.reporter_phone.trim().is_empty() {
        return Err(ServiceError::invalid(
            "contact_required",
            "reporter",
            "the reporter's name and phone are required to open a ticket",
        ));
    }
    if input.lines.is_empty() && input.equipment.is_empty() {
        return Err(ServiceError::invalid(
            "line_or_equipment_required",
            "lines",
            "name at least one affected line (MSISDN) or device (IMEI)",
        ));
    }
    for (i, m) in input.lines.iter().enumerate() {
        match store.get_line(m.as_str()).await? {
            Some(line) if line.account_id == account.id => {}
            Some(_) => {
                return Err(ServiceError::invalid(
                    "line_not_in_account",
                    format!("lines[{i}]"),
                    format!("line {m} does not belong to account {}", account.number),
                ));
            }
            None => {
                return Err(ServiceError::invalid(
                    "unknown_line",
                    format!("lines[{i}]"),
                    format!("line {m} is not a known line"),
                ));
            }
        }
    }
    for (i, imei) in input.equipment.iter().enumerate() {
        if let Some(eq) = store.get_equipment(imei.as_str()).await?
            && eq.account_id.is_some_and(|a| a != account.id)
        {
            return Err(ServiceError::invalid(
                "equipment_not_in_account",
                format!("equipment[{i}]"),
                format!("device {imei} belongs to another account"),
            ));
        }
    }
    match &input.fault_type {
        None => Ok(None),
        Some(code) => match store.get_fault_type(code).await? {
            Some(f) if f.active => Ok(Some(f)),
            _ => Err(ServiceError::invalid(
                "unknown_fault_type",
                "fault_type",
                format!("fault type '{code}' does not exist"),
            )),
        },
    }
}

/// A one-line title from the first words of a description.
fn summary(description: &str) -> String {
    let line = description.trim().lines().next().unwrap_or_default();
    if line.chars().count() <= 80 {
        line.to_owned()
    } else {
        let cut: String = line.chars().take(77).collect();
        format!("{}…", cut.trim_end())
    }
}
