//! The two TMF621 versions served side by side, and what differs between
//! them in the resource's shape. Everything else (handlers, inputs,
//! procedure steps, errors) is shared.

use averias_store::ExternalId;
use serde_json::{Value, json};

pub use averias_services::tmf_version::Version;

/// What differs between the versions in the resource's shape (the
/// versions themselves are named in `averias_services::tmf_version`, which
/// the notifications also use; their JSON shapes belong to this façade).
pub trait Shape {
    /// A related party: v4 puts the party's fields in the entry itself; v5
    /// wraps them in `partyOrPartyRole`, a `PartyRef`.
    fn party(self, role: &str, id: &str, name: Option<&str>, referred: &str) -> Value;
    /// A related entity (a line or a device): v5 wraps it in an `EntityRef`.
    fn entity(self, role: &str, id: &str) -> Value;
    /// The channel reference (`ChannelRef` in v5).
    fn channel(self, name: &str) -> Value;
    /// A link to a related ticket.
    fn relationship(self, id: &str, kind: &str) -> Value;
    /// Where the status history goes and how each entry is named: v4's
    /// `statusChange[]` of `{changeDate, changeReason}`, v5's
    /// `statusChangeHistory[]` of `{statusChangeDate, statusChangeReason}`.
    fn history_field(self) -> &'static str;
    fn status_change(self, at: Value, reason: Option<&str>, status: &str) -> Value;
    /// Keys other systems gave the ticket: v4 has one `externalId` string,
    /// v5 a list of `ExternalIdentifier`s.
    fn external_ids(self, keys: &[ExternalId]) -> (&'static str, Value);
    /// Where the ticket is in the procedure, as v5 `troubleTicketCharacteristic`
    /// (`stage`, `assignedGroup`, `faultType`); v4 has no such attribute.
    fn characteristics(self, stage: &str, group: &str, fault_type: Option<&str>) -> Value;
}

impl Shape for Version {
    fn party(self, role: &str, id: &str, name: Option<&str>, referred: &str) -> Value {
        match self {
            Version::V4 => json!({"id": id, "name": name, "role": role, "@referredType": referred}),
            Version::V5 => json!({
                "role": role,
                "partyOrPartyRole": {"id": id, "name": name, "@type": "PartyRef", "@referredType": referred},
                "@type": "RelatedPartyRefOrPartyRoleRef",
            }),
        }
    }

    fn entity(self, role: &str, id: &str) -> Value {
        match self {
            Version::V4 => json!({"id": id, "role": role, "@referredType": "Resource"}),
            Version::V5 => json!({
                "role": role,
                "entity": {"id": id, "@type": "EntityRef", "@referredType": "Resource"},
                "@type": "RelatedEntity",
            }),
        }
    }

    fn channel(self, name: &str) -> Value {
        match self {
            Version::V4 => json!({"id": name, "name": name}),
            Version::V5 => json!({"id": name, "name": name, "@type": "ChannelRef"}),
        }
    }

    fn relationship(self, id: &str, kind: &str) -> Value {
        let mut v = json!({"id": id, "href": self.href(id), "relationshipType": kind});
        if self == Version::V5 {
            v["@type"] = json!("TroubleTicketRelationship");
        }
        v
    }

    fn history_field(self) -> &'static str {
        match self {
            Version::V4 => "statusChange",
            Version::V5 => "statusChangeHistory",
        }
    }

    fn status_change(self, at: Value, reason: Option<&str>, status: &str) -> Value {
        match self {
            Version::V4 => json!({
                "changeDate": at, "changeReason": reason, "status": status, "@type": "StatusChange",
            }),
            Version::V5 => json!({
                "statusChangeDate": at, "statusChangeReason": reason, "status": status, "@type": "StatusChange",
            }),
        }
    }

    fn external_ids(self, keys: &[ExternalId]) -> (&'static str, Value) {
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

    fn characteristics(self, stage: &str, group: &str, fault_type: Option<&str>) -> Value {
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
