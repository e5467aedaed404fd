//! Who is told what (R-INFORM-1, R-INTAKE-5, R-SLA-2, R-MAINT-1), written
//! to the outbox in the same transaction as the change that causes it, and
//! the dispatcher that delivers the outbox after commit: retries with
//! exponential backoff, then a dead-letter state an admin can list and
//! retry. Each message has a dedupe key (event, ticket version, channel,
//! recipient), so retrying the change cannot queue it twice, and its outbox
//! id is its email Message-ID, so a resend after a crash is recognisable.

use std::sync::Arc;

use averias_domain::{Actor, Msisdn, Role, Stage, TicketId};
use averias_store::{AuditEvent, OutboundMessage, StoredMessage, TicketRecord, User, Webhook};

pub use super::hook_events::HookEvent;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::{ServiceError, ServiceResult, audit, require_role};

/// Stands for the ticket number in messages queued with a new ticket; the
/// store assigns the number at commit and the dispatcher puts it in.
pub const PENDING_NUMBER: &str = "\u{2063}pending-number\u{2063}";
/// Deliveries before a message is dead.
const MAX_ATTEMPTS: i64 = 8;

/// What the next step is for the customer, by stage.
fn next_step(stage: Stage, lang: &str) -> &'static str {
    let es = lang != "en";
    match stage {
        Stage::WithCsm | Stage::SolutionReturned => {
            if es {
                "el Centro de Servicio y Monitoreo revisa su caso"
            } else {
                "the Service and Monitoring Center is working on your case"
            }
        }
        Stage::Escalated(_) | Stage::LinkedToIncident(_) => {
            if es {
                "un grupo especializado trabaja en la falla; le informaremos"
            } else {
                "a specialist group is working on the fault; we will keep you informed"
            }
        }
        Stage::AwaitingRepair => {
            if es {
                "lleve el equipo a un centro de instalación autorizado citando el número de avería"
            } else {
                "take the device to an authorized installation center quoting the fault number"
            }
        }
        Stage::Repaired | Stage::Resolved => {
            if es {
                "confirme que el servicio funciona; cerraremos la avería"
            } else {
                "confirm the service works; we will close the fault"
            }
        }
        Stage::Closed | Stage::Cancelled => {
            if es {
                "ninguno"
            } else {
                "none"
            }
        }
    }
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
    number: &str,
    now: DateTime<Utc>,
) -> Value {
    let base = crate::tmf_version::Version::of_hook(api).base();
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
            "severity": t.severity.as_str(),
            "ticketType": t.kind.as_str(),
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
        self.message(event, channel, recipient, "es", data, occasion, None, now)
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
        language: &str,
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
            language: language.into(),
            data,
            dedupe_key: format!("{event}:{occasion}:{channel}:{recipient}"),
            ticket_id: ticket,
            created_at: now,
        })
    }

    /// The language of a contact of the ticket's account with this email, else Spanish.
    async fn contact_language(&self, t: &TicketRecord) -> ServiceResult<String> {
        let (Some(account), Some(email)) = (t.account_id, t.reporter.email.as_ref()) else {
            return Ok("es".into());
        };
        Ok(self
            .directory_store
            .contacts_of_account(account)
            .await?
            .into_iter()
            .find(|c| c.email.as_ref() == Some(email))
            .map_or_else(|| "es".into(), |c| c.language))
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
        self.ticket_messages_in(&lang, event, t, occasion, extra, number, webhook_events)
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
        lang: &str,
        event: Option<&str>,
        t: &TicketRecord,
        occasion: &str,
        extra: Value,
        number: Option<&str>,
        webhook_events: &[HookEvent],
    ) -> ServiceResult<Vec<OutboundMessage>> {
        let now = self.clock.now();
        let lang = lang.to_owned();
        let mut data = json!({
            "contact": t.reporter.name,
            "ticket": ticket_data(t, number),
            "next_step": next_step(t.stage, &lang),
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
                    &lang,
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
                    &lang,
                    data.clone(),
                    occasion,
                    Some(t.id),
                    now,
                ));
            }
        }
        let number = number.map_or_else(|| t.number.to_string(), str::to_owned);
        for hook in self.webhooks().await?.iter() {
            for ev in webhook_events {
                if hook.events.is_empty() || hook.events.iter().any(|e| e == ev.name()) {
                    let body = webhook_body(ev, &hook.api, t, &number, now);
                    out.extend(self.message(
                        ev.name(),
                        "webhook",
                        &hook.id.to_string(),
                        "es",
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
            "es",
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
                    "es",
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
        self.message("weekly_report", "email", to, "es", data, week, None, now)
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
                self.message("sla_escalation", "email", email.as_str(), "es", data, occasion, Some(t.id), now)
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
                self.message(event, "email", to, "es", data.clone(), &occasion, None, now)
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
                    &c.language,
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

    /// Delivers up to `limit` due messages as `worker`; returns how many were tried.
    pub async fn run_due_messages(&self, worker: &str, limit: i64) -> ServiceResult<usize> {
        // Each claim takes only the head of every (ticket, recipient) queue;
        // claiming again after delivering takes the next ones.
        let mut done: usize = 0;
        while (done as i64) < limit {
            let now = self.clock.now();
            let due = self
                .outbox_store
                .claim_messages(worker, now, Duration::minutes(2), limit - done as i64)
                .await?;
            if due.is_empty() {
                break;
            }
            done += due.len();
            self.deliver_claimed(worker, due).await?;
        }
        Ok(done)
    }

    async fn deliver_claimed(&self, worker: &str, due: Vec<StoredMessage>) -> ServiceResult<()> {
        // Read fresh, not cached: a message may be for a hook just subscribed elsewhere.
        let hooks = self.outbox_store.list_webhooks().await?;
        for mut m in due {
            if let Err(e) = self.fill_number(&mut m).await {
                tracing::warn!(message = %m.message.id, error = %e, "cannot complete message");
            }
            match self.notifier.deliver(&m, &hooks).await {
                Ok(()) => {
                    self.outbox_store
                        .message_sent(m.message.id, worker, self.clock.now())
                        .await?;
                    metrics::counter!("averias_messages_sent_total", "channel" => m.message.channel.clone()).increment(1);
                }
                Err(e) => {
                    // 30 s, 1 min, 2 min... capped at an hour.
                    let backoff =
                        Duration::seconds((30_i64 << (m.attempts - 1).clamp(0, 7)).min(3600));
                    tracing::warn!(message = %m.message.id, channel = %m.message.channel, attempts = m.attempts, error = %e, "delivery failed");
                    self.outbox_store
                        .message_failed(
                            m.message.id,
                            worker,
                            &e,
                            self.clock.now() + backoff,
                            MAX_ATTEMPTS,
                        )
                        .await?;
                    metrics::counter!("averias_messages_failed_total", "channel" => m.message.channel.clone()).increment(1);
                }
            }
        }
        Ok(())
    }

    /// Puts the ticket number into a message queued before it was assigned.
    async fn fill_number(&self, m: &mut StoredMessage) -> ServiceResult<()> {
        let text = m.message.data.to_string();
        if !text.contains(PENDING_NUMBER) {
            return Ok(());
        }
        let Some(id) = m.message.ticket_id else {
            return Ok(());
        };
        let t = self
            .ticket_store
            .get_ticket(id)
            .await?
            .ok_or_else(|| ServiceError::not_found("ticket", id.to_string()))?;
        let filled = text.replace(PENDING_NUMBER, &t.number.to_string());
        m.message.data = serde_json::from_str(&filled).unwrap_or(m.message.data.clone());
        Ok(())
    }

    /// The outbox, by state (`pending`, `sent`, `dead`), newest first (admin).
    pub async fn messages(
        &self,
        actor: &Actor,
        state: Option<&str>,
        limit: i64,
    ) -> ServiceResult<Vec<StoredMessage>> {
        require_role(actor, &[Role::Admin], "read the notification outbox")?;
        if let Some(s) = state
            && !["pending", "sent", "dead", "logged"].contains(&s)
        {
            return Err(ServiceError::invalid(
                "invalid_state",
                "state",
                "state is pending, sent, dead or logged",
            ));
        }
        Ok(self.outbox_store.list_messages(state, None, limit).await?)
    }

    /// Notifications about one ticket (staff): who was told what, and whether it went.
    pub async fn ticket_notifications(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> ServiceResult<Vec<StoredMessage>> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        if matches!(actor.role, Role::Customer | Role::SalesConsultant) {
            return Err(ServiceError::Forbidden(
                "the notification log is internal to the operator".into(),
            ));
        }
        let mut messages = self
            .outbox_store
            .list_messages(None, Some(t.id), 200)
            .await?;
        // Why a callback failed (refused, closed port, the answer's status)
        // tells whoever chose the URL about the operator's network: the
        // detail is for admins (the outbox) and the server log.
        if actor.role != Role::Admin {
            for m in &mut messages {
                if m.message.channel == "webhook" && m.last_error.is_some() {
                    m.last_error = Some(
                        "the listener could not be reached or did not accept the event".into(),
                    );
                }
            }
        }
        Ok(messages)
    }

    /// Sends a dead message again (admin).
    pub async fn retry_message(&self, actor: &Actor, id: &str) -> ServiceResult<()> {
        require_role(actor, &[Role::Admin], "retry notifications")?;
        let parsed = id
            .parse::<uuid::Uuid>()
            .map_err(|_| ServiceError::not_found("message", id))?;
        let event = audit(actor, self.clock.now(), "message", id, "retry");
        if self
            .outbox_store
            .retry_message(parsed, self.clock.now(), &event)
            .await?
        {
            Ok(())
        } else {
            Err(ServiceError::Conflict(format!(
                "message {id} is not dead (or does not exist); only dead messages are retried"
            )))
        }
    }

    /// Subscribes a callback to ticket events (admin, or an integration for
    /// itself); `api` is the API whose resources its events link to.
    /// Returns the subscription with its secret.
    pub async fn subscribe_webhook(
        &self,
        actor: &Actor,
        callback: &str,
        events: Vec<String>,
        api: &str,
    ) -> ServiceResult<Webhook> {
        require_role(actor, HOOK_ROLES, "manage webhooks")?;
        let url = callback.trim();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) || url.len() > 2000 {
            return Err(ServiceError::invalid(
                "invalid_callback",
                "callback",
                "the callback is an http:// or https:// URL",
            ));
        }
        if let Some(bad) = events.iter().find(|e| !HOOK_EVENTS.contains(&e.as_str())) {
            return Err(ServiceError::invalid(
                "unknown_event",
                "events",
                format!("'{bad}' is not one of {}", HOOK_EVENTS.join(", ")),
            ));
        }
        // Server-side request forgery: the worker will POST to this URL from
        // inside the operator's network (checked again at each delivery).
        let url = self
            .notifier
            .outbound
            .check_url(url)
            .await
            .map_err(|why| ServiceError::invalid("callback_not_allowed", "callback", why))?;
        let url = url.as_str();
        // Every ticket event is queued once per listener, in the change's
        // own transaction: listeners are bounded per owner, and the same
        // callback and events twice would only deliver everything twice.
        let mine: Vec<Webhook> = self
            .outbox_store
            .list_webhooks()
            .await?
            .into_iter()
            .filter(|h| h.created_by == actor.user_id)
            .collect();
        let mut wanted = events.clone();
        wanted.sort();
        if let Some(same) = mine.iter().find(|h| {
            let mut theirs = h.events.clone();
            theirs.sort();
            h.callback == url && theirs == wanted && h.api == api
        }) {
            return Err(ServiceError::Conflict(format!(
                "listener {} already sends these events to this callback",
                same.id
            )));
        }
        let cap = self
            .notifier
            .settings
            .webhooks
            .max_per_owner
            .unwrap_or(crate::notify::outbound::DEFAULT_MAX_LISTENERS);
        if mine.len() >= cap {
            return Err(ServiceError::invalid(
                "too_many_listeners",
                "callback",
                format!(
                    "you hold {} listeners, the most one subscriber may (set by the operator in [notifications.webhooks] max_per_owner); remove one first",
                    mine.len()
                ),
            ));
        }
        let hook = Webhook {
            id: uuid::Uuid::now_v7(),
            callback: url.to_owned(),
            events,
            api: api.to_owned(),
            secret: crate::tokens::generate(),
            created_by: actor.user_id,
            created_at: self.clock.now(),
        };
        let event = AuditEvent {
            after: Some(json!({"callback": hook.callback, "events": hook.events, "api": hook.api})),
            ..audit(
                actor,
                hook.created_at,
                "webhook",
                hook.id.to_string(),
                "subscribe",
            )
        };
        self.outbox_store.insert_webhook(&hook, &event).await?;
        self.webhooks.clear();
        Ok(hook)
    }

    /// The subscriptions the caller manages: all of them for an admin, its
    /// own for an integration.
    pub async fn webhook_subscriptions(&self, actor: &Actor) -> ServiceResult<Vec<Webhook>> {
        require_role(actor, HOOK_ROLES, "manage webhooks")?;
        let mut hooks = self.outbox_store.list_webhooks().await?;
        hooks.retain(|h| actor.role == Role::Admin || h.created_by == actor.user_id);
        Ok(hooks)
    }

    /// One subscription the caller manages (another's answers not found).
    pub async fn webhook_subscription(&self, actor: &Actor, id: &str) -> ServiceResult<Webhook> {
        self.webhook_subscriptions(actor)
            .await?
            .into_iter()
            .find(|h| h.id.to_string() == id.trim())
            .ok_or_else(|| ServiceError::not_found("webhook", id))
    }

    pub async fn unsubscribe_webhook(&self, actor: &Actor, id: &str) -> ServiceResult<()> {
        let hook = self.webhook_subscription(actor, id).await?;
        let event = audit(actor, self.clock.now(), "webhook", id, "unsubscribe");
        if self.outbox_store.delete_webhook(hook.id, &event).await? {
            self.webhooks.clear();
            Ok(())
        } else {
            Err(ServiceError::not_found("webhook", id))
        }
    }
}
