//! Canned responses: a group's ready-made texts for notes, in Spanish and
//! English, with placeholders filled in for the ticket at hand. Admins and
//! customer-service management keep them; operator staff insert them.

use std::sync::Arc;

use averias_domain::{Actor, Lang, Role};
use averias_store::{CannedResponse, TicketRecord};
use serde_json::json;

use crate::{ServiceError, ServiceResult, audit, require_role};

/// Who keeps the canned responses.
const KEEPERS: [Role; 2] = [Role::Admin, Role::CustomerServiceMgmt];
/// A name's length at most, in characters.
const MAX_NAME: usize = 80;
/// A text's length at most, in characters.
const MAX_BODY: usize = 4000;

/// The placeholders a text may hold, and what each stands for.
pub const PLACEHOLDERS: [&str; 4] = ["{{ticket}}", "{{customer}}", "{{contact}}", "{{agent}}"];

/// A canned response to create or replace.
#[derive(Debug, Clone, Default)]
pub struct CannedInput {
    pub group: String,
    pub name: String,
    pub body_es: String,
    pub body_en: String,
}

/// Canned responses and their use.
#[derive(Debug, Clone)]
pub struct Canned {
    pub(crate) web_store: Arc<dyn averias_store::WebStore>,
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) clock: crate::clock::Clock,
}

/// `body` with its placeholders filled in for ticket `t` and `agent`.
pub fn fill(body: &str, t: &TicketRecord, agent: &str) -> String {
    body.replace("{{ticket}}", &t.number.to_string())
        .replace(
            "{{customer}}",
            t.account_name.as_deref().unwrap_or_default(),
        )
        .replace("{{contact}}", &t.reporter.name)
        .replace("{{agent}}", agent)
}

impl Canned {
    /// Canned responses of one group, or all; operator staff only.
    pub async fn list(
        &self,
        actor: &Actor,
        group: Option<&str>,
    ) -> ServiceResult<Vec<CannedResponse>> {
        if !actor.role.is_operator_staff() {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not read canned responses",
                actor.role
            )));
        }
        Ok(self.web_store.canned_responses(group).await?)
    }

    /// The responses an agent may insert on ticket `t`: those of the
    /// agent's own group, else of the group holding the ticket; each with
    /// its text filled in, in `lang`.
    pub async fn for_ticket(
        &self,
        actor: &Actor,
        t: &TicketRecord,
        lang: Lang,
    ) -> ServiceResult<Vec<(CannedResponse, String)>> {
        if !actor.role.is_operator_staff() {
            return Ok(Vec::new());
        }
        let group = actor
            .group
            .clone()
            .unwrap_or_else(|| t.stage.group().to_owned());
        Ok(self
            .web_store
            .canned_responses(Some(&group))
            .await?
            .into_iter()
            .map(|c| {
                let body = match lang {
                    Lang::Es => &c.body_es,
                    Lang::En => &c.body_en,
                };
                let text = fill(body, t, &actor.name);
                (c, text)
            })
            .collect())
    }

    /// Creates a canned response (admins, customer-service management).
    pub async fn create(&self, actor: &Actor, input: CannedInput) -> ServiceResult<CannedResponse> {
        self.save(actor, uuid::Uuid::now_v7(), input, "create_canned")
            .await
    }

    /// Replaces a canned response's group, name and texts.
    pub async fn replace(
        &self,
        actor: &Actor,
        id: &str,
        input: CannedInput,
    ) -> ServiceResult<CannedResponse> {
        let id = self.existing(id).await?;
        self.save(actor, id, input, "update_canned").await
    }

    /// Deletes a canned response.
    pub async fn delete(&self, actor: &Actor, id: &str) -> ServiceResult<()> {
        require_role(actor, &KEEPERS, "delete canned responses")?;
        let id = self.existing(id).await?;
        let event = audit(
            actor,
            self.clock.now(),
            "canned_response",
            id.to_string(),
            "delete_canned",
        );
        self.web_store.delete_canned(id, &event).await?;
        Ok(())
    }

    async fn existing(&self, id: &str) -> ServiceResult<uuid::Uuid> {
        let parsed = id
            .parse::<uuid::Uuid>()
            .map_err(|_| ServiceError::not_found("canned response", id))?;
        let all = self.web_store.canned_responses(None).await?;
        all.iter()
            .find(|c| c.id == parsed)
            .map(|c| c.id)
            .ok_or_else(|| ServiceError::not_found("canned response", id))
    }

    async fn save(
        &self,
        actor: &Actor,
        id: uuid::Uuid,
        input: CannedInput,
        action: &str,
    ) -> ServiceResult<CannedResponse> {
        require_role(actor, &KEEPERS, "keep canned responses")?;
        let name = input.name.trim().to_owned();
        let body_es = input.body_es.trim().replace("\r\n", "\n");
        let body_en = input.body_en.trim().replace("\r\n", "\n");
        for (field, value, max) in [
            ("name", &name, MAX_NAME),
            ("body_es", &body_es, MAX_BODY),
            ("body_en", &body_en, MAX_BODY),
        ] {
            if value.is_empty() {
                return Err(ServiceError::invalid(
                    "canned_text_required",
                    field,
                    format!("{field} is required: a canned response has a name and both texts"),
                ));
            }
            if value.chars().count() > max {
                return Err(ServiceError::invalid(
                    "canned_text_too_long",
                    field,
                    format!("{field} is longer than {max} characters"),
                ));
            }
        }
        let group = input.group.trim().to_owned();
        if !self
            .directory_store
            .list_groups()
            .await?
            .iter()
            .any(|g| g.code == group)
        {
            return Err(ServiceError::invalid(
                "unknown_group",
                "group",
                format!("there is no group '{group}'"),
            ));
        }
        let c = CannedResponse {
            id,
            group,
            name,
            body_es,
            body_en,
            updated_by: actor.name.clone(),
            updated_at: self.clock.now(),
        };
        let mut event = audit(
            actor,
            c.updated_at,
            "canned_response",
            id.to_string(),
            action,
        );
        event.after = Some(json!({"group": c.group, "name": c.name}));
        self.web_store.save_canned(&c, &event).await?;
        Ok(c)
    }
}
