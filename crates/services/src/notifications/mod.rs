//! Who is told what (R-INFORM-1, R-INTAKE-5, R-SLA-2, R-MAINT-1), written
//! to the outbox in the same transaction as the change that causes it, and
//! the dispatcher that delivers the outbox after commit: retries with
//! exponential backoff, then a dead-letter state an admin can list and
//! retry. Each message has a dedupe key (event, ticket version, channel,
//! recipient), so retrying the change cannot queue it twice, and its outbox
//! id is its email Message-ID, so a resend after a crash is recognisable.

use std::sync::Arc;

use averias_domain::{Actor, Lang, Msisdn, Role, Stage, TicketId};
use averias_store::{
    AuditEvent, ClientValues, OutboundMessage, StoredMessage, TicketRecord, User, Webhook,
};

pub use super::hook_events::HookEvent;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::{ServiceError, ServiceResult, audit, require_role};

mod delivery;

/// Stands for the ticket number in messages queued with a new ticket; the
/// store assigns the number at commit and the dispatcher puts it in.
pub const PENDING_NUMBER: &str = "\u{2063}pending-number\u{2063}";
/// Deliveries before a message is dead.
const MAX_ATTEMPTS: i64 = 8;

/// What the next step is for the customer, by stage (`next_step-…` in
/// `notifications.ftl`).
fn next_step(stage: Stage, lang: Lang) -> String {
    let id = match stage {
        Stage::WithCsm | Stage::SolutionReturned => "next_step-with_csm",
        Stage::Escalated(_) | Stage::LinkedToIncident(_) => "next_step-second_level",
        Stage::AwaitingRepair => "next_step-awaiting_repair",
        Stage::Repaired | Stage::Resolved => "next_step-confirm",
        Stage::Closed | Stage::Cancelled => "next_step-none",
    };
    averias_i18n::text(lang, id)
}

/// A ticket as templates see it.
fn ticket_data(t: &TicketRecord, number: Option<&str>) -> Value {
    let caracas = |d: DateTime<Utc>| {
        d.with_timezone(&chrono_tz::America::Caracas)
            .format("%d/%m/%Y %H:%M")
            .to_string()
    };
    json!({
        "id": t.id.to_string(),
        "number": number.map_or_else(|| t.number.to_string(), str::to_owned),
        "title": t.title,
        "status": t.status.as_str(),
        "stage": t.stage.as_str(),
        "group": t.stage.group(),
        "severity": t.severity.as_str(),
        "account_number": t.account_number,
        "account_name": t.account_name,
        "deadline": t.sla_due_at.map(caracas),
    })
}

/// The TMF621-shaped webhook body for a ticket event, linking to the
/// resource in the API the listener subscribed through.
fn webhook_body(
    event: &HookEvent,
    api: &str,
    t: &TicketRecord,
    client: &ClientValues,
    number: &str,
    now: DateTime<Utc>,
) -> Value {
    let base = crate::tmf::Version::of_hook(api).base();
    let href = format!("{base}/troubleTicket/{number}");
    let event_id = uuid::Uuid::now_v7().to_string();
    let event_type = event.name();
    let mut body = json!({
        "eventId": event_id,
        "eventTime": now,
        "eventType": event_type,
        "href": href,
        "@type": event_type,
        "event": {"troubleTicket": {
            "id": number,
            "href": href,
            "name": t.title,
            "status": t.status.as_str(),
            "severity": client.get("severity").map_or(t.severity.as_str(), String::as_str),
            "ticketType": client.get("ticketType").map_or(t.kind.as_str(), String::as_str),
            "@type": "TroubleTicket",
        }}
    });
    if let Some(path) = event.field_path() {
        body["fieldPath"] = json!(path);
    }
    body
}

/// Who manages webhook subscriptions.
const HOOK_ROLES: &[Role] = &[Role::Admin, Role::Integration];

/// The ticket events a listener may ask for.
pub const HOOK_EVENTS: [&str; 6] = [
    "TroubleTicketCreateEvent",
    "TroubleTicketAttributeValueChangeEvent",
    "TroubleTicketStatusChangeEvent",
    "TroubleTicketResolvedEvent",
    "TroubleTicketInformationRequiredEvent",
    "TroubleTicketDeleteEvent",
];

/// What the procedure tells whom (R-INFORM-*): composing messages into the outbox, delivering them, the log, and webhook subscriptions.
#[derive(Debug, Clone)]
pub struct Notifications {
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) outbox_store: Arc<dyn averias_store::OutboxStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) lookup: crate::lookup::Lookup,
    pub notifier: crate::notify::Notifier,
    pub(crate) webhooks: crate::cache::Cached<Vec<averias_store::Webhook>>,
}

impl Notifications {
    /// A Spanish message not tied to a ticket.
    pub(crate) fn notification(
        &self,
        event: &str,
        channel: &str,
        recipient: &str,
        data: Value,
        occasion: &str,
        now: DateTime<Utc>,
    ) -> Option<OutboundMessage> {
        self.message(
            event,
            channel,
            recipient,
            Lang::Es,
            data,
            occasion,
            None,
            now,
        )
    }

    /// A message; on a channel with no transport configured it is kept as
    /// a log entry (`logged`) rather than queued for delivery.
    #[expect(
        clippy::too_many_arguments,
        reason = "a message is addressed by all of these; a struct would only name them twice"
    )]
    fn message(
        &self,
        event: &str,
        channel: &str,
        recipient: &str,
        language: Lang,
        data: Value,
        occasion: &str,
        ticket: Option<TicketId>,
        now: DateTime<Utc>,
    ) -> Option<OutboundMessage> {
        Some(OutboundMessage {
            deliver: self.notifier.has_channel(channel),
            id: uuid::Uuid::now_v7(),
            event: event.into(),
            channel: channel.into(),
            recipient: recipient.into(),
            language,
            data,
            dedupe_key: format!("{event}:{occasion}:{channel}:{recipient}"),
            ticket_id: ticket,
            created_at: now,
        })
    }

    /// The language of a contact of the ticket's account with this email, else Spanish.
    async fn contact_language(&self, t: &TicketRecord) -> ServiceResult<Lang> {
        let (Some(account), Some(email)) = (t.account_id, t.reporter.email.as_ref()) else {
            return Ok(Lang::Es);
        };
        Ok(self
            .directory_store
            .contacts_of_account(account)
            .await?
            .into_iter()
            .find(|c| c.email.as_ref() == Some(email))
            .map_or(Lang::Es, |c| c.language))
    }

    /// Messages to the ticket's contact (email and SMS) about `event`, plus
    /// the webhook events; `number` overrides the ticket number (a new
    /// ticket's is assigned at commit).
    pub(crate) async fn ticket_messages(
        &self,
        event: Option<&str>,
        t: &TicketRecord,
        occasion: &str,
        extra: Value,
        number: Option<&str>,
        webhook_events: &[HookEvent],
    ) -> ServiceResult<Vec<OutboundMessage>> {
        let lang = self.contact_language(t).await?;
        self.ticket_messages_in(lang, event, t, occasion, extra, number, webhook_events)
            .await
    }

    /// As [`Self::ticket_messages`], in a language the caller already knows
    /// (or when only webhook events go out and no person reads it).
    #[expect(
        clippy::too_many_arguments,
        reason = "a message is addressed by all of these; a struct would only name them twice"
    )]
    pub(crate) async fn ticket_messages_in(
        &self,
        lang: Lang,
        event: Option<&str>,
        t: &TicketRecord,
        occasion: &str,
        extra: Value,
        number: Option<&str>,
        webhook_events: &[HookEvent],
    ) -> ServiceResult<Vec<OutboundMessage>> {
        let now = self.clock.now();
        let mut data = json!({
            "contact": t.reporter.name,
            "ticket": ticket_data(t, number),
            "next_step": next_step(t.stage, lang),
        });
        if let (Some(d), Value::Object(x)) = (data.as_object_mut(), extra) {
            d.extend(x);
        }
        let mut out = Vec::new();
        if let (Some(event), averias_domain::TicketKind::Fault) = (event, t.kind) {
            if let Some(email) = &t.reporter.email {
                out.extend(self.message(
                    event,
                    "email",
                    email.as_str(),
                    lang,
                    data.clone(),
                    occasion,
                    Some(t.id),
                    now,
                ));
            }
            if let Ok(msisdn) = t.reporter.phone.parse::<Msisdn>() {
                out.extend(self.message(
                    event,
                    "sms",
                    msisdn.as_str(),
                    lang,
                    data.clone(),
                    occasion,
                    Some(t.id),
                    now,
                ));
            }
        }
        let number = number.map_or_else(|| t.number.to_string(), str::to_owned);
        let hooks = self.webhooks().await?;
        // A TMF621 client's own words for severity and type, as the façade
        // shows them (a ticket being opened has none stored yet; the intake
        // puts its words in with `with_client_words`).
        let client = if hooks.is_empty() || webhook_events.is_empty() {
            ClientValues::new()
        } else {
            self.ticket_store.client_values_of(t.id).await?
        };
        for hook in hooks.iter() {
            for ev in webhook_events {
                if hook.events.is_empty() || hook.events.iter().any(|e| e == ev.name()) {
                    let body = webhook_body(ev, &hook.api, t, &client, &number, now);
                    out.extend(self.message(
                        ev.name(),
                        "webhook",
                        &hook.id.to_string(),
                        Lang::Es,
                        body,
                        occasion,
                        Some(t.id),
                        now,
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Puts a new ticket's TMF621 client words (`severity`, `ticketType`)
    /// in its webhook events, composed before the ticket was stored.
    pub(crate) fn with_client_words(messages: &mut [OutboundMessage], client: &ClientValues) {
        for m in messages.iter_mut().filter(|m| m.channel == "webhook") {
            let ticket = &mut m.data["event"]["troubleTicket"];
            for attribute in ["severity", "ticketType"] {
                if let (Some(word), Some(obj)) = (client.get(attribute), ticket.as_object_mut()) {
                    obj.insert(attribute.to_owned(), json!(word));
                }
            }
        }
    }

    /// R-INTAKE-5: the account's sales consultant hears of a new ticket.
    pub(crate) fn consultant_messages(
        &self,
        t: &TicketRecord,
        consultant: &User,
    ) -> Vec<OutboundMessage> {
        let Some(email) = &consultant.email else {
            return Vec::new();
        };
        let data = json!({
            "contact": consultant.name,
            "ticket": ticket_data(t, Some(PENDING_NUMBER)),
        });
        self.message(
            "consultant_informed",
            "email",
            email.as_str(),
            Lang::Es,
            data,
            &t.id.to_string(),
            Some(t.id),
            self.clock.now(),
        )
        .into_iter()
        .collect()
    }

    /// R-REPAIR-5: warehouse staff hear that a location's available units
    /// of a model fell below its reorder level.
    pub(crate) async fn low_stock_messages(
        &self,
        location: &str,
        model: &str,
        available: i64,
        minimum: i64,
        occasion: &str,
    ) -> ServiceResult<Vec<OutboundMessage>> {
        let users = self.directory_store.list_users().await?;
        let now = self.clock.now();
        Ok(users
            .iter()
            .filter(|u| u.active && u.role == Role::Warehouse)
            .filter_map(|u| {
                let email = u.email.as_ref()?;
                let data = json!({
                    "contact": u.name,
                    "stock": {"location": location, "model": model, "available": available, "minimum": minimum},
                });
                self.message(
                    "low_stock",
                    "email",
                    email.as_str(),
                    Lang::Es,
                    data,
                    &format!("{location}:{model}:{occasion}"),
                    None,
                    now,
                )
            })
            .collect())
    }

    /// R-REPORT-1: the Monday mail of last week's report to one address.
    pub(crate) fn report_message(
        &self,
        to: &str,
        data: Value,
        week: &str,
        now: DateTime<Utc>,
    ) -> Option<OutboundMessage> {
        self.message(
            "weekly_report",
            "email",
            to,
            Lang::Es,
            data,
            week,
            None,
            now,
        )
    }

    /// The reporting contact hears of public files staff added, by email,
    /// with links to them (never the files themselves: a mail carries no
    /// attachment, and the link asks the reader to sign in).
    pub(crate) async fn files_added_messages(
        &self,
        t: &TicketRecord,
        files: &[averias_store::Attachment],
        added_by: &str,
    ) -> ServiceResult<Vec<OutboundMessage>> {
        let Some(email) = t.reporter.email.as_ref() else {
            return Ok(Vec::new());
        };
        if t.kind != averias_domain::TicketKind::Fault || files.is_empty() {
            return Ok(Vec::new());
        }
        let lang = self.contact_language(t).await?;
        let base = self
            .notifier
            .settings
            .public_url
            .as_deref()
            .map(|u| u.trim_end_matches('/').to_owned());
        let data = json!({
            "contact": t.reporter.name,
            "ticket": ticket_data(t, None),
            "added_by": added_by,
            "ticket_url": base.as_ref().map(|b| format!("{b}/ui/tickets/{}#attachments", t.number)),
            "files": files.iter().map(|f| json!({
                "name": f.name,
                "size": averias_i18n::file_size(f.size, lang),
                "url": base.as_ref().map(|b| format!("{b}/api/v1/attachments/{}", f.id)),
            })).collect::<Vec<_>>(),
        });
        // One mail per upload: its first file names it.
        let occasion = files[0].id.to_string();
        Ok(self
            .message(
                "files_added",
                "email",
                email.as_str(),
                lang,
                data,
                &occasion,
                Some(t.id),
                self.clock.now(),
            )
            .into_iter()
            .collect())
    }

    /// A ticket's new owner hears it is theirs now, by email (staff read
    /// Spanish, as the other staff messages).
    pub(crate) fn owner_messages(
        &self,
        t: &TicketRecord,
        owner: &User,
        assigned_by: &str,
    ) -> Option<OutboundMessage> {
        let email = owner.email.as_ref()?;
        let data = json!({
            "contact": owner.name, "ticket": ticket_data(t, None), "assigned_by": assigned_by,
        });
        self.message(
            "ticket_assigned",
            "email",
            email.as_str(),
            Lang::Es,
            data,
            &format!("{}:v{}", t.id, t.version),
            Some(t.id),
            self.clock.now(),
        )
    }

    /// R-SLA-2: users an escalation step names, by email.
    pub(crate) fn escalation_messages(
        &self,
        t: &TicketRecord,
        told: &[&User],
        step: &str,
        reason: &str,
        occasion: &str,
    ) -> Vec<OutboundMessage> {
        let now = self.clock.now();
        told.iter()
            .filter_map(|u| {
                let email = u.email.as_ref()?;
                let data = json!({
                    "contact": u.name, "ticket": ticket_data(t, None), "step": step, "reason": reason,
                });
                self.message("sla_escalation", "email", email.as_str(), Lang::Es, data, occasion, Some(t.id), now)
            })
            .collect()
    }

    /// What templates see of a maintenance work.
    fn work_data(work: &averias_store::MaintenanceWork) -> Value {
        let caracas = |d: DateTime<Utc>| {
            d.with_timezone(&chrono_tz::America::Caracas)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        };
        json!({
            "title": work.title,
            "start": caracas(work.planned_start),
            "end": caracas(work.planned_end),
            "elements": work.elements,
            "impact": work.impact,
            "accounts": work.accounts.iter().map(|a| format!("{} {}", a.account_number, a.account_name)).collect::<Vec<_>>(),
            "window_closes": work.window_closes_at.map(caracas),
            "emergency": work.emergency_reason,
        })
    }

    /// R-MAINT-1/2: `event` about a work to customer-service management's
    /// addresses (the notice; the objection window closing).
    pub(crate) fn maintenance_messages(
        &self,
        event: &str,
        work: &averias_store::MaintenanceWork,
    ) -> Vec<OutboundMessage> {
        let now = self.clock.now();
        let pending: Vec<String> = work
            .accounts
            .iter()
            .filter(|a| a.informed_at.is_none())
            .map(|a| format!("{} {}", a.account_number, a.account_name))
            .collect();
        let data = json!({"work": Self::work_data(work), "pending": pending});
        let occasion = format!(
            "{}:{}",
            work.id,
            work.notice_sent_at.map_or(0, |t| t.timestamp_millis())
        );
        self.notifier
            .settings
            .customer_service_mgmt
            .iter()
            .filter_map(|to| {
                self.message(
                    event,
                    "email",
                    to,
                    Lang::Es,
                    data.clone(),
                    &occasion,
                    None,
                    now,
                )
            })
            .collect()
    }

    /// R-MAINT-2: an affected account's contacts are told of the work, each
    /// in their language, when customer-service management informs them.
    pub(crate) async fn maintenance_customer_messages(
        &self,
        work: &averias_store::MaintenanceWork,
        account: &averias_store::AffectedAccount,
    ) -> ServiceResult<Vec<OutboundMessage>> {
        let now = self.clock.now();
        let occasion = format!(
            "{}:{}:{}",
            work.id,
            work.notice_sent_at.map_or(0, |t| t.timestamp_millis()),
            account.account_id
        );
        Ok(self
            .directory_store
            .contacts_of_account(account.account_id)
            .await?
            .into_iter()
            .filter_map(|c| {
                let email = c.email?;
                let data = json!({
                    "contact": c.name, "work": Self::work_data(work),
                    "account_number": account.account_number, "account_name": account.account_name,
                });
                self.message(
                    "maintenance_customer_notice",
                    "email",
                    email.as_str(),
                    c.language,
                    data,
                    &occasion,
                    None,
                    now,
                )
            })
            .collect())
    }

    /// Webhook subscriptions, cached: every notifying change reads them.
    async fn webhooks(&self) -> ServiceResult<Arc<Vec<Webhook>>> {
        if let Some(hooks) = self.webhooks.get() {
            return Ok(hooks);
        }
        let hooks = Arc::new(self.outbox_store.list_webhooks().await?);
        self.webhooks.put(hooks.clone());
        Ok(hooks)
    }
}
