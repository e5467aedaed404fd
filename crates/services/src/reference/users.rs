//! Users: creating them with their token, changing role, group, account or activity, and listing them.

use super::*;

impl Admin {
    /// The caller as a user record: what its token says, with the stored
    /// creation time and email (a user removed meanwhile shows as created
    /// now, with no email).
    pub async fn me(&self, actor: &Actor) -> ServiceResult<User> {
        let stored = self.directory_store.get_user(actor.user_id).await?;
        Ok(User {
            id: actor.user_id,
            name: actor.name.clone(),
            role: actor.role,
            group_code: actor.group.clone(),
            account_id: actor.account_id,
            active: true,
            created_at: stored
                .as_ref()
                .map_or_else(|| self.clock.now(), |u| u.created_at),
            email: stored.and_then(|u| u.email),
        })
    }

    /// Creates a user and returns it with its API token (shown once).
    pub async fn create_user(
        &self,
        actor: &Actor,
        input: UserInput,
    ) -> ServiceResult<(User, String)> {
        require_role(actor, &[Role::Admin], "create users")?;
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(ServiceError::invalid(
                "name_required",
                "name",
                "a user needs a name",
            ));
        }
        let account_id = match (&input.account, input.role) {
            (Some(reference), _) => Some(
                self.lookup
                    .find_account(reference)
                    .await?
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            "unknown_account",
                            "account",
                            format!("account '{reference}' does not exist"),
                        )
                    })?
                    .id,
            ),
            (None, Role::Customer) => {
                return Err(ServiceError::invalid(
                    "account_required",
                    "account",
                    "a customer user belongs to an account",
                ));
            }
            (None, _) => None,
        };
        if let Some(code) = &input.group
            && self.directory_store.get_group(code).await?.is_none()
        {
            return Err(ServiceError::invalid(
                "unknown_group",
                "group",
                format!("group '{code}' does not exist"),
            ));
        }
        let email = input
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| {
                e.parse::<averias_domain::Email>()
                    .map_err(|err| ServiceError::invalid("invalid_email", "email", err.to_string()))
            })
            .transpose()?;
        let token = input.token.unwrap_or_else(tokens::generate);
        let now = self.clock.now();
        let user = User {
            email,
            id: UserId::new(),
            name,
            role: input.role,
            group_code: input.group,
            account_id,
            active: true,
            created_at: now,
        };
        let event = AuditEvent {
            after: Some(
                json!({"name": user.name, "role": user.role.as_str(), "group": user.group_code, "account": user.account_id}),
            ),
            ..audit(actor, now, "user", user.id.to_string(), "create")
        };
        self.directory_store
            .insert_user(&user, &tokens::hash(&token), &event)
            .await?;
        Ok((user, token))
    }

    /// Changes a user's role, group or active flag, and optionally issues a
    /// new token (the old one stops working at once). Returns the new token.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: UserId,
        patch: UserPatch,
    ) -> ServiceResult<(User, Option<String>)> {
        require_role(actor, &[Role::Admin], "change users")?;
        let before = self
            .directory_store
            .get_user(id)
            .await?
            .ok_or_else(|| ServiceError::not_found("user", id.to_string()))?;
        if id == actor.user_id && patch.active == Some(false) {
            return Err(ServiceError::invalid(
                "cannot_deactivate_self",
                "active",
                "an admin cannot deactivate its own user",
            ));
        }
        let mut after = before.clone();
        if let Some(role) = patch.role {
            after.role = role;
        }
        if let Some(group) = patch.group {
            if let Some(code) = &group
                && self.directory_store.get_group(code).await?.is_none()
            {
                return Err(ServiceError::invalid(
                    "unknown_group",
                    "group",
                    format!("group '{code}' does not exist"),
                ));
            }
            after.group_code = group;
        }
        if let Some(active) = patch.active {
            after.active = active;
        }
        if after.role == Role::Customer && after.account_id.is_none() {
            return Err(ServiceError::invalid(
                "account_required",
                "role",
                "a customer user belongs to an account",
            ));
        }
        let token = patch.rotate_token.then(tokens::generate);
        let now = self.clock.now();
        let event = AuditEvent {
            before: Some(
                json!({"role": before.role.as_str(), "group": before.group_code, "active": before.active}),
            ),
            after: Some(
                json!({"role": after.role.as_str(), "group": after.group_code, "active": after.active, "token_rotated": token.is_some()}),
            ),
            ..audit(actor, now, "user", id.to_string(), "update")
        };
        self.directory_store
            .update_user(
                &after,
                token.as_deref().map(tokens::hash).as_deref(),
                &event,
            )
            .await?;
        self.tokens.clear();
        Ok((after, token))
    }

    /// All users (admin).
    pub async fn users(&self, actor: &Actor) -> ServiceResult<Vec<User>> {
        require_role(actor, &[Role::Admin], "list users")?;
        Ok(self.directory_store.list_users().await?)
    }
}
