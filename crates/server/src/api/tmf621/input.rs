//! What TMF621 clients send, as the specifications write it: one body type
//! for create (`TroubleTicket_Create`) and merge-patch (`TroubleTicket_Update`)
//! that reads the v4 and the v5 shapes alike (a party in the entry or in its
//! `partyOrPartyRole`, an entity by `id` or in its `entity`), so a client of
//! either version is understood by both. A value of the wrong JSON type is
//! refused naming its path; what Averías does not read is ignored on create
//! and refused by name on PATCH.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{TmfResult, bad};
use averias_services::tmf::model::{ChannelRef, ExternalIdentifier};

/// A `TroubleTicket` as a client sends it to create or merge-patch one.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TicketInput {
    pub description: Option<String>,
    pub name: Option<String>,
    pub severity: Option<String>,
    pub ticket_type: Option<String>,
    pub priority: Option<String>,
    /// On create, the server's to decide (ignored); on PATCH, the step.
    pub status: Option<String>,
    pub status_change_reason: Option<String>,
    pub channel: Option<ChannelRef>,
    pub note: Option<OneOrMany<NoteInput>>,
    pub related_party: Option<Vec<RelatedPartyInput>>,
    pub related_entity: Option<Vec<RelatedEntityInput>>,
    /// v4's single key of the client's system.
    pub external_id: Option<String>,
    /// v5's keys of other systems.
    pub external_identifier: Option<Vec<ExternalIdentifier>>,
    /// Files sent with the ticket (create only).
    pub attachment: Option<OneOrMany<super::attachments::AttachmentInput>>,
    /// Every other attribute (`@type` among them, which v5 requires and
    /// `require_type` checks), named so a PATCH can refuse it by name.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// A list, or one item sent without its list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

impl<T> OneOrMany<T> {
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::Many(v) => v,
            OneOrMany::One(one) => vec![one],
        }
    }
}

/// A `Note` as sent: its `text` is mandatory in context (TC_Trou_E3).
#[derive(Debug, Default, Deserialize)]
pub(super) struct NoteInput {
    /// A note already on the ticket (merge-patch sends the whole list back).
    pub id: Option<String>,
    pub text: Option<String>,
    /// Who wrote it, as the client's system names them.
    pub author: Option<String>,
    /// Averías's extension: `public` or `internal`.
    pub visibility: Option<String>,
}

/// A related party in either version's shape.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RelatedPartyInput {
    pub role: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// v5: the party itself.
    pub party_or_party_role: Option<PartyInput>,
}

/// v5's `PartyRef` as sent.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PartyInput {
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
}

impl RelatedPartyInput {
    /// `(id, name, email)` of the party, from wherever this version put them.
    pub fn party(&self) -> (Option<&str>, Option<&str>, Option<&str>) {
        fn pick<'a>(inner: Option<&'a String>, outer: &'a Option<String>) -> Option<&'a str> {
            inner
                .or(outer.as_ref())
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        }
        let inner = self.party_or_party_role.as_ref();
        (
            pick(inner.and_then(|p| p.id.as_ref()), &self.id),
            pick(inner.and_then(|p| p.name.as_ref()), &self.name),
            pick(inner.and_then(|p| p.email.as_ref()), &self.email),
        )
    }
}

/// A related entity in either version's shape.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RelatedEntityInput {
    pub role: Option<String>,
    pub id: Option<String>,
    /// v5: the entity itself.
    pub entity: Option<EntityInput>,
}

/// v5's `EntityRef` as sent.
#[derive(Debug, Default, Deserialize)]
pub(super) struct EntityInput {
    pub id: Option<String>,
}

impl RelatedEntityInput {
    pub fn id(&self) -> Option<&str> {
        self.entity
            .as_ref()
            .and_then(|e| e.id.as_deref())
            .or(self.id.as_deref())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

impl TicketInput {
    /// Reads a JSON object; a value of the wrong type is a 400 naming its
    /// path (`relatedParty[0].name: invalid type…`).
    pub fn read(body: Map<String, Value>) -> TmfResult<TicketInput> {
        serde_path_to_error::deserialize(Value::Object(body))
            .map_err(|e| bad("invalid_attribute", format!("{}: {}", e.path(), e.inner())))
    }

    /// The first attribute present that a PATCH does not change here: a
    /// PATCH runs a step of the procedure (`status`, `statusChangeReason`),
    /// adds `note`s and renames the client's free strings (`severity`,
    /// `ticketType`, `priority`, `channel`); the rest is changed by the people
    /// who hold the ticket.
    pub fn unpatchable(&self) -> Option<String> {
        let typed = [
            ("description", self.description.is_some()),
            ("name", self.name.is_some()),
            ("relatedParty", self.related_party.is_some()),
            ("relatedEntity", self.related_entity.is_some()),
            ("externalId", self.external_id.is_some()),
            ("externalIdentifier", self.external_identifier.is_some()),
            ("attachment", self.attachment.is_some()),
        ];
        typed
            .into_iter()
            .find(|(_, present)| *present)
            .map(|(name, _)| name.to_owned())
            .or_else(|| {
                self.other
                    .keys()
                    .find(|k| !matches!(k.as_str(), "@type" | "@baseType"))
                    .cloned()
            })
    }

    /// The client's free-string words in this body (`severity`,
    /// `ticketType`, `priority`, `channel` as JSON), kept as sent.
    pub fn client_words(&self) -> TmfResult<averias_store::ClientValues> {
        let mut words = averias_store::ClientValues::new();
        for (attribute, value) in [
            ("severity", &self.severity),
            ("ticketType", &self.ticket_type),
            ("priority", &self.priority),
        ] {
            if let Some(word) = given(value) {
                words.insert(attribute.to_owned(), word);
            }
        }
        if let Some(sent) = &self.channel {
            let json =
                serde_json::to_string(sent).map_err(|e| bad("invalid_channel", e.to_string()))?;
            words.insert("channel".to_owned(), json);
        }
        Ok(words)
    }

    /// The party playing `role`.
    pub fn party(&self, role: &str) -> Option<&RelatedPartyInput> {
        self.related_party
            .iter()
            .flatten()
            .find(|p| p.role.as_deref() == Some(role))
    }
}

/// A free string as sent, trimmed; empty is absent.
pub(super) fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
