//! The TroubleTicket resource as the official documents write it
//! (`TMF621-TroubleTicket-v4.0.0.swagger.json`,
//! `TMF621-Trouble_Ticket-v5.0.1.oas.yaml`): one struct for both versions,
//! its parts typed per version where the versions differ (a party, an
//! entity, a status change), and the attributes only one version has left
//! out of the other. Every response body is checked against the documents
//! in the tests.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A `TroubleTicket` (v4) or `TroubleTicket` (v5).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TroubleTicket {
    pub id: String,
    pub href: String,
    pub name: String,
    pub description: String,
    /// A free string: the client's word where it gave one.
    pub severity: String,
    /// A free string: the client's word where it gave one.
    pub ticket_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    pub status: String,
    pub creation_date: DateTime<Utc>,
    pub last_update: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_change_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_change_reason: Option<String>,
    /// The SLA deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_resolution_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_date: Option<DateTime<Utc>>,
    pub channel: ChannelRef,
    pub related_party: Vec<RelatedParty>,
    pub related_entity: Vec<RelatedEntity>,
    pub note: Vec<Note>,
    /// Files on the ticket the reader may see (their bytes by `url`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<TmfAttachment>,
    pub trouble_ticket_relationship: Vec<TicketRelationship>,
    /// v4's history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_change: Option<Vec<StatusChangeV4>>,
    /// v5's history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_change_history: Option<Vec<StatusChangeV5>>,
    /// v4: the first key another system gave the ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// v5: every key other systems gave the ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_identifier: Option<Vec<ExternalIdentifier>>,
    /// v5: where the ticket is in the procedure (`stage`, `assignedGroup`,
    /// `faultType`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trouble_ticket_characteristic: Option<Vec<Characteristic>>,
    #[serde(rename = "@type")]
    pub type_: &'static str,
    #[serde(rename = "@baseType")]
    pub base_type: &'static str,
}

/// A `ChannelRef`: kept as the client sent it, or Averías's channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(
        rename = "@referredType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub referred_type: Option<String>,
}

/// A related party: the entry itself in v4, a `partyOrPartyRole` in v5.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RelatedParty {
    V4(PartyRef),
    V5 {
        role: String,
        #[serde(rename = "partyOrPartyRole")]
        party_or_party_role: PartyRef,
        #[serde(rename = "@type")]
        type_: &'static str,
    },
}

/// A reference to a party (`RelatedParty` in v4, `PartyRef` in v5).
#[derive(Debug, Clone, Serialize)]
pub struct PartyRef {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// v4 carries the role in the reference itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(rename = "@type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<&'static str>,
    #[serde(rename = "@referredType")]
    pub referred_type: &'static str,
}

/// A related entity (a line or a device): the entry in v4, an `entity`
/// reference in v5.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RelatedEntity {
    V4 {
        id: String,
        role: String,
        #[serde(rename = "@referredType")]
        referred_type: &'static str,
    },
    V5 {
        role: String,
        entity: EntityRef,
        #[serde(rename = "@type")]
        type_: &'static str,
    },
}

/// v5's `EntityRef`.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRef {
    pub id: String,
    #[serde(rename = "@type")]
    pub type_: &'static str,
    #[serde(rename = "@referredType")]
    pub referred_type: &'static str,
}

/// A note on the ticket.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub id: String,
    pub author: String,
    pub date: DateTime<Utc>,
    pub text: String,
    #[serde(rename = "@type")]
    pub type_: &'static str,
}

/// A file on the ticket, by value without its content (`Attachment`):
/// its bytes are at `url`, with the reader's credentials.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TmfAttachment {
    pub id: String,
    pub href: String,
    pub name: String,
    pub mime_type: String,
    pub size: Quantity,
    pub url: String,
    #[serde(rename = "@type")]
    pub type_: &'static str,
}

/// An amount in a unit (`{"amount": 2048, "units": "bytes"}`).
#[derive(Debug, Clone, Serialize)]
pub struct Quantity {
    pub amount: f64,
    pub units: &'static str,
}

/// A link to a related ticket (an incident and the faults it explains).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketRelationship {
    pub id: String,
    pub href: String,
    pub relationship_type: &'static str,
    #[serde(rename = "@type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<&'static str>,
}

/// v4's `StatusChange`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChangeV4 {
    pub change_date: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_reason: Option<String>,
    pub status: String,
    #[serde(rename = "@type")]
    pub type_: &'static str,
}

/// v5's `StatusChange`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChangeV5 {
    pub status_change_date: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_change_reason: Option<String>,
    pub status: String,
    #[serde(rename = "@type")]
    pub type_: &'static str,
}

/// v5's `ExternalIdentifier`, read and written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalIdentifier {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_identifier_type: Option<String>,
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

/// v5's `StringCharacteristic`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Characteristic {
    pub name: &'static str,
    pub value: String,
    pub value_type: &'static str,
    #[serde(rename = "@type")]
    pub type_: &'static str,
}
