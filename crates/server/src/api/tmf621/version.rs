//! The two TMF621 versions served side by side, and what differs between
//! them in the resource's shape. Everything else (handlers, inputs,
//! procedure steps, errors) is shared.

use averias_store::ExternalId;
use serde_json::{Value, json};

pub use crate::tmf_version::Version;

/// What differs between the versions in the resource's shape.
impl Version {
    /// A related party: v4 puts the party's fields in the entry itself; v5
    /// wraps them in `partyOrPartyRole`, a `PartyRef`.
    pub fn party(self, role: &str, id: &str, name: Option<&str>, referred: &str) -> Value {
        match self {
            Version::V4 => json!({"id": id, "name": name, "role": role, "@referredType": referred}),
            Version::V5 => json!({
                "role": role,
                "partyOrPartyRole": {"id": id, "name": name, "@type": "PartyRef", "@referredType": referred},
                "@type": "RelatedPartyRefOrPartyRoleRef",
            }),
        }
    }

    /// A related entity (a line or a device): v5 wraps it in an `EntityRef`.
    pub fn entity(self, role: &str, id: &str) -> Value {
        match self {
            Version::V4 => json!({"id": id, "role": role, "@referredType": "Resource"}),
            Version::V5 => json!({
                "role": role,
                "entity": {"id": id, "@type": "EntityRef", "@referredType": "Resource"},
                "@type": "RelatedEntity",
            }),
        }
    }

    /// The channel reference (`ChannelRef` in v5).
    pub fn channel(self, name: &str) -> Value {
        match self {
            Version::V4 => json!({"id": name, "name": name}),
            Version::V5 => json!({"id": name, "name": name, "@type": "ChannelRef"}),
        }
    }

    /// A link to a related ticket.
    pub fn relationship(self, id: &str, kind: &str) -> Value {
        let mut v = json!({"id": id, "href": self.href(id), "relationshipType": kind});
        if self == Version::V5 {
            v["@type"] = json!("TroubleTicketRelationship");
        }
        v
    }

    /// Where the status history goes and how each entry is named: v4's
    /// `statusChange[]` of `{changeDate, changeReason}`, v5's
    /// `statusChangeHistory[]` of `{statusChangeDate, statusChangeReason}`.
    pub fn history_field(self) -> &'static str {
        match self {
            Version::V4 => "statusChange",
            Version::V5 => "statusChangeHistory",
        }
    }

    pub fn status_change(self, at: Value, reason: Option<&str>, status: &str) -> Value {
        match self {
            Version::V4 => json!({
                "changeDate": at, "changeReason": reason, "status": status, "@type": "StatusChange",
            }),
            Version::V5 => json!({
                "statusChangeDate": at, "statusChangeReason": reason, "status": status, "@type": "StatusChange",
            }),
        }
    }

    /// Keys other systems gave the ticket: v4 has one `externalId` string,
    /// v5 a list of `ExternalIdentifier`s.
    pub fn external_ids(self, keys: &[ExternalId]) -> (&'static str, Value) {
        match self {
            Version::V4 => (
                "externalId",
                keys.first().map_or(Value::Null, |k| json!(k.id)),
            ),
            Version::V5 => (
                "externalIdentifier",
                Value::Array(
                    keys.iter()
                        .map(|k| {
                            json!({
                                "id": k.id,
                                "owner": Some(&k.owner).filter(|o| !o.is_empty()),
                                "externalIdentifierType": Some(&k.kind).filter(|t| !t.is_empty()),
                                "@type": "ExternalIdentifier",
                            })
                        })
                        .collect(),
                ),
            ),
        }
    }

    /// Where the ticket is in the procedure, as v5 `troubleTicketCharacteristic`
    /// (`stage`, `assignedGroup`, `faultType`); v4 has no such attribute.
    pub fn characteristics(self, stage: &str, group: &str, fault_type: Option<&str>) -> Value {
        if self == Version::V4 {
            return Value::Null;
        }
        let text = |name: &str, value: &str| json!({"name": name, "value": value, "valueType": "string", "@type": "StringCharacteristic"});
        let mut out = vec![text("stage", stage), text("assignedGroup", group)];
        if let Some(code) = fault_type {
            out.push(text("faultType", code));
        }
        Value::Array(out)
    }
}
