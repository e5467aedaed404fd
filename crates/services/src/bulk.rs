//! One step on many tickets at once, from a queue selection: take them,
//! assign them to a colleague, add the same note, close the resolved ones,
//! hang them on a mass incident. Each ticket is its own transaction, checked
//! as if done alone: what is refused for one (a role, a state, a stale
//! version) is said for that one and the others go on.

use averias_domain::{Actor, Visibility};

use crate::tickets::{ActionInput, ActionName};
use crate::{ServiceError, ServiceResult, Services};

/// Tickets one request may name, at most.
pub const MAX_BULK: usize = 100;

/// What to do with each selected ticket.
#[derive(Debug, Clone)]
pub enum BulkAction {
    /// The caller owns them.
    Take,
    /// A colleague (a user's name) owns them.
    Assign(String),
    /// The same note on each.
    Note(Visibility, String),
    /// Close them (resolved ones; the others are refused one by one).
    Close,
    /// Hang them on this mass incident (number or id).
    LinkToIncident(String),
}

/// How it went for one ticket.
#[derive(Debug)]
pub struct BulkOutcome {
    pub ticket: String,
    pub refused: Option<ServiceError>,
}

impl Services {
    /// Does `action` on each of `tickets` in turn; the answer says, ticket
    /// by ticket, what was done and what was refused. An empty or too
    /// long selection, or a step missing what it needs, is refused whole.
    pub async fn bulk(
        &self,
        actor: &Actor,
        tickets: &[String],
        action: BulkAction,
    ) -> ServiceResult<Vec<BulkOutcome>> {
        let mut selected: Vec<&str> = Vec::new();
        for t in tickets.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            if !selected.contains(&t) {
                selected.push(t);
            }
        }
        if selected.is_empty() {
            return Err(ServiceError::invalid(
                "selection_required",
                "tickets",
                "select at least one ticket",
            ));
        }
        if selected.len() > MAX_BULK {
            return Err(ServiceError::invalid(
                "selection_too_large",
                "tickets",
                format!("select at most {MAX_BULK} tickets at once"),
            ));
        }
        match &action {
            BulkAction::Note(_, body) if body.trim().is_empty() => {
                return Err(ServiceError::invalid(
                    "empty_note",
                    "note",
                    "a note needs some text",
                ));
            }
            BulkAction::Assign(who) | BulkAction::LinkToIncident(who) if who.trim().is_empty() => {
                return Err(ServiceError::invalid(
                    "target_required",
                    "target",
                    "say whom to assign them to, or which incident",
                ));
            }
            _ => {}
        }
        let me = actor.user_id.to_string();
        let mut out = Vec::with_capacity(selected.len());
        for t in selected {
            let done = match &action {
                BulkAction::Take => self
                    .tickets
                    .assign(actor, t, Some(&me), None)
                    .await
                    .map(drop),
                BulkAction::Assign(who) => self
                    .tickets
                    .assign(actor, t, Some(who), None)
                    .await
                    .map(drop),
                BulkAction::Note(visibility, body) => self
                    .tickets
                    .add_note(actor, t, *visibility, body.clone())
                    .await
                    .map(drop),
                BulkAction::Close => self
                    .act(actor, t, ActionName::Close, ActionInput::default())
                    .await
                    .map(drop),
                BulkAction::LinkToIncident(incident) => self
                    .incidents
                    .link_to_incident(actor, incident, &[t.to_owned()])
                    .await
                    .map(drop),
            };
            out.push(BulkOutcome {
                ticket: t.to_owned(),
                refused: done.err(),
            });
        }
        Ok(out)
    }
}
