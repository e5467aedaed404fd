//! Delivering the outbox (claims with leases, retries), the notification log, and webhook subscriptions.

use super::*;

impl Notifications {
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

    pub(super) async fn deliver_claimed(
        &self,
        worker: &str,
        due: Vec<StoredMessage>,
    ) -> ServiceResult<()> {
        // Read fresh, not cached: a message may be for a hook just subscribed elsewhere.
        let hooks = self.outbox_store.list_webhooks().await?;
        for mut m in due {
            if let Err(e) = self.fill_number(&mut m).await {
                tracing::warn!(message = %m.message.id, error = %e, "cannot complete message");
            }
            if let Err(e) = self.fill_resource(&mut m, &hooks).await {
                tracing::warn!(message = %m.message.id, error = %e, "cannot build the event's resource");
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
    pub(super) async fn fill_number(&self, m: &mut StoredMessage) -> ServiceResult<()> {
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

    /// A hub event carries the whole `TroubleTicket` (the conformance
    /// profile makes it mandatory), in the version its listener subscribed
    /// through and with the notes the listener's owner may read. It is
    /// built when the event is sent, so it shows the ticket as it stands
    /// then: normally the moment after the change, since events of one
    /// ticket go to one listener in order. The outbox keeps the summary
    /// composed with the change (id, status, severity, type).
    pub(super) async fn fill_resource(
        &self,
        m: &mut StoredMessage,
        hooks: &[Webhook],
    ) -> ServiceResult<()> {
        let (true, Some(id)) = (m.message.channel == "webhook", m.message.ticket_id) else {
            return Ok(());
        };
        let Some(hook) = hooks
            .iter()
            .find(|h| h.id.to_string() == m.message.recipient)
        else {
            return Ok(());
        };
        let (Some(t), Some(owner)) = (
            self.ticket_store.get_ticket(id).await?,
            self.directory_store.get_user(hook.created_by).await?,
        ) else {
            return Ok(());
        };
        // A listener whose owner was deactivated keeps only the summary.
        if !owner.active {
            return Ok(());
        }
        let reader = crate::web_auth::actor_of(owner);
        let version = crate::tmf::Version::of_hook(&hook.api);
        let resource =
            crate::tmf::resource::of(self.ticket_store.as_ref(), &reader, version, &t).await?;
        // A resource of strings, dates and lists always serialises.
        if let Ok(resource) = serde_json::to_value(resource) {
            m.message.data["event"]["troubleTicket"] = resource;
        }
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
