//! A ticket's owner: the one person of the group holding it who works it
//! now. Agents take a ticket, assign it to a colleague or release it; the
//! queues show the owner and "my tickets" lists one's own. A new owner
//! who did not take it themselves hears of it by mail (outbox). A move to
//! another group clears the owner (`changes::moved`).

use averias_store::{OwnerIs, User};

use super::*;

/// The history action of a change of owner (staff read it; customers,
/// sales consultants and TMF621's status history leave it out).
pub const ASSIGN: &str = "assign";

/// Whether `actor` may set ticket `t`'s owner now: the people of the role
/// working it at its stage, CSM (who follows every fault end to end) and
/// admins; never on a finished ticket.
pub fn may_assign(actor: &Actor, t: &TicketRecord) -> bool {
    !t.status.is_final()
        && (matches!(actor.role, Role::Csm | Role::Admin) || actor.role == t.stage.working_role())
}

impl Tickets {
    /// The caller's colleagues who may own tickets of their group (active
    /// users of the caller's role, the caller too), for a bulk "assign
    /// to"; empty for roles that own no tickets.
    pub async fn colleagues(&self, actor: &Actor) -> ServiceResult<Vec<User>> {
        if !matches!(actor.role, Role::Csm | Role::Cor | Role::Sigis | Role::Gsac) {
            return Ok(Vec::new());
        }
        let mut found: Vec<User> = self
            .directory_store
            .list_users()
            .await?
            .into_iter()
            .filter(|u| u.active && u.role == actor.role)
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(found)
    }

    /// The people who may own `t` at its stage (active users of the role
    /// working it), by name, for whoever may assign it; empty otherwise.
    pub async fn possible_owners(
        &self,
        actor: &Actor,
        t: &TicketRecord,
    ) -> ServiceResult<Vec<User>> {
        if !may_assign(actor, t) {
            return Ok(Vec::new());
        }
        let role = t.stage.working_role();
        let mut found: Vec<User> = self
            .directory_store
            .list_users()
            .await?
            .into_iter()
            .filter(|u| u.active && u.role == role)
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(found)
    }

    /// The owner a list asks for, as people write it: `me`, `none`, or a
    /// user's name. Operator staff only: who works a ticket is theirs.
    pub async fn owner_is(&self, actor: &Actor, word: &str) -> ServiceResult<OwnerIs> {
        if !actor.role.is_operator_staff() {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not list tickets by owner",
                actor.role
            )));
        }
        Ok(match word.trim() {
            "me" => OwnerIs::User(actor.user_id),
            "none" => OwnerIs::Nobody,
            name => {
                let users = self.directory_store.list_users().await?;
                let user = users
                    .iter()
                    .find(|u| u.name == name || u.id.to_string() == name)
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            "unknown_user",
                            "owner",
                            format!("there is no user '{name}'; say me, none or a user's name"),
                        )
                    })?;
                OwnerIs::User(user.id)
            }
        })
    }

    /// Sets ticket `reference`'s owner to the user named `owner` (a name or
    /// a user id), or releases it (`None`). The owner must be an active
    /// user of the role working the ticket at its stage.
    pub async fn assign(
        &self,
        actor: &Actor,
        reference: &str,
        owner: Option<&str>,
        expected_version: Option<i64>,
    ) -> ServiceResult<TicketView> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        if t.status.is_final() {
            return Err(ServiceError::clash(
                "ticket_not_open",
                format!(
                    "ticket {} is {}; nobody works it any more",
                    t.number, t.status
                ),
                json!({"number": t.number.to_string(), "status": t.status.as_str()}),
            ));
        }
        if !may_assign(actor, &t) {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not assign ticket {}: {} works it now",
                actor.role,
                t.number,
                t.stage.group()
            )));
        }
        if let Some(expected) = expected_version
            && expected != t.version
        {
            return Err(ServiceError::StaleVersion {
                number: t.number.to_string(),
                current: t.version,
                expected,
            });
        }
        let users = self.directory_store.list_users().await?;
        let new_owner = match owner.map(str::trim) {
            None | Some("") => None,
            Some(wanted) => {
                let user = users
                    .iter()
                    .find(|u| u.name == wanted || u.id.to_string() == wanted)
                    .filter(|u| u.active)
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            "unknown_user",
                            "owner",
                            format!("there is no active user '{wanted}'"),
                        )
                    })?;
                let role = t.stage.working_role();
                if user.role != role {
                    return Err(ServiceError::invalid(
                        "owner_not_in_group",
                        "owner",
                        format!(
                            "{} is {}; ticket {} is worked by {} now",
                            user.name, user.role, t.number, role
                        ),
                    ));
                }
                Some(user)
            }
        };
        if new_owner.map(|u| u.id) == t.owner_id {
            return Err(ServiceError::invalid(
                "nothing_to_change",
                "owner",
                match new_owner {
                    Some(u) => format!("{} owns ticket {} already", u.name, t.number),
                    None => format!("ticket {} has no owner", t.number),
                },
            ));
        }
        let now = self.clock.now();
        let mut update = unmoved(&t, now);
        update.owner_id = new_owner.map(|u| u.id);
        let mut changes = ChangeSet::default();
        let mut after = t.clone();
        after.owner_id = new_owner.map(|u| u.id);
        after.owner_name = new_owner.map(|u| u.name.clone());
        after.version = t.version + 1;
        // The new owner hears of it unless they took it themselves.
        if let Some(user) = new_owner.filter(|u| u.id != actor.user_id) {
            changes
                .messages
                .extend(self.notifications.owner_messages(&after, user, &actor.name));
        }
        // TMF621 listeners: the owner is one of the ticket's related parties.
        changes.messages.extend(
            self.notifications
                .ticket_messages_in(
                    Lang::Es,
                    None,
                    &after,
                    &format!("{}:v{}", t.id, after.version),
                    json!({}),
                    None,
                    &[crate::notifications::HookEvent::AttributeValueChange(
                        "relatedParty".into(),
                    )],
                )
                .await?,
        );
        record_move(
            &mut changes,
            actor,
            &t,
            update,
            ASSIGN,
            // The history line reads "new owner: <name>".
            new_owner.map(|u| u.name.clone()),
            json!({
                "owner_before": t.owner_name,
                "owner": new_owner.map(|u| u.name.clone()),
            }),
        );
        self.ticket_store.apply_ticket_changes(changes).await?;
        let fresh = self.lookup.find_ticket(&t.id.to_string()).await?;
        self.full_view(actor, fresh).await
    }
}
