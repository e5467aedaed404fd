//! What differs between the two TMF621 versions in the resource's parts
//! (a party, an entity, the status history, external keys,
//! characteristics); everything else is shared.

use averias_store::ExternalId;
use chrono::{DateTime, Utc};

use super::Version;
use super::model::{
    ChannelRef, Characteristic, EntityRef, ExternalIdentifier, PartyRef, RelatedEntity,
    RelatedParty, StatusChangeV4, StatusChangeV5, TicketRelationship, TroubleTicket,
};

/// What differs between the versions in the resource's parts.
pub trait Shape {
    /// A related party: v4 puts the party's fields in the entry itself; v5
    /// wraps them in `partyOrPartyRole`, a `PartyRef`.
    fn party(
        self,
        role: &str,
        id: &str,
        name: Option<&str>,
        referred: &'static str,
    ) -> RelatedParty;
    /// A related entity (a line or a device): v5 wraps it in an `EntityRef`.
    fn entity(self, role: &str, id: &str) -> RelatedEntity;
    /// Averías's channel as a reference (`ChannelRef` in v5).
    fn channel(self, name: &str) -> ChannelRef;
    /// A link to a related ticket.
    fn relationship(self, id: &str, kind: &'static str) -> TicketRelationship;
    /// The status history: v4's `statusChange[]` of `{changeDate,
    /// changeReason}`, v5's `statusChangeHistory[]` of `{statusChangeDate,
    /// statusChangeReason}`.
    fn history(self, t: &mut TroubleTicket, changes: &[(DateTime<Utc>, Option<String>, String)]);
    /// Keys other systems gave the ticket: v4 has one `externalId` string,
    /// v5 a list of `ExternalIdentifier`s.
    fn external_ids(self, t: &mut TroubleTicket, keys: &[ExternalId]);
    /// Where the ticket is in the procedure, as v5 `troubleTicketCharacteristic`
    /// (`stage`, `assignedGroup`, `faultType`); v4 has no such attribute.
    fn characteristics(
        self,
        stage: &str,
        group: &str,
        fault_type: Option<&str>,
    ) -> Option<Vec<Characteristic>>;
}

impl Shape for Version {
    fn party(
        self,
        role: &str,
        id: &str,
        name: Option<&str>,
        referred: &'static str,
    ) -> RelatedParty {
        let reference = |role: Option<String>, type_: Option<&'static str>| PartyRef {
            id: id.to_owned(),
            name: name.map(str::to_owned),
            role,
            type_,
            referred_type: referred,
        };
        match self {
            Version::V4 => RelatedParty::V4(reference(Some(role.to_owned()), None)),
            Version::V5 => RelatedParty::V5 {
                role: role.to_owned(),
                party_or_party_role: reference(None, Some("PartyRef")),
                type_: "RelatedPartyRefOrPartyRoleRef",
            },
        }
    }

    fn entity(self, role: &str, id: &str) -> RelatedEntity {
        match self {
            Version::V4 => RelatedEntity::V4 {
                id: id.to_owned(),
                role: role.to_owned(),
                referred_type: "Resource",
            },
            Version::V5 => RelatedEntity::V5 {
                role: role.to_owned(),
                entity: EntityRef {
                    id: id.to_owned(),
                    type_: "EntityRef",
                    referred_type: "Resource",
                },
                type_: "RelatedEntity",
            },
        }
    }

    fn channel(self, name: &str) -> ChannelRef {
        ChannelRef {
            id: Some(name.to_owned()),
            name: Some(name.to_owned()),
            type_: (self == Version::V5).then(|| "ChannelRef".to_owned()),
            ..ChannelRef::default()
        }
    }

    fn relationship(self, id: &str, kind: &'static str) -> TicketRelationship {
        TicketRelationship {
            id: id.to_owned(),
            href: self.href(id),
            relationship_type: kind,
            type_: (self == Version::V5).then_some("TroubleTicketRelationship"),
        }
    }

    fn history(self, t: &mut TroubleTicket, changes: &[(DateTime<Utc>, Option<String>, String)]) {
        match self {
            Version::V4 => {
                t.status_change = Some(
                    changes
                        .iter()
                        .map(|(at, reason, status)| StatusChangeV4 {
                            change_date: *at,
                            change_reason: reason.clone(),
                            status: status.clone(),
                            type_: "StatusChange",
                        })
                        .collect(),
                );
            }
            Version::V5 => {
                t.status_change_history = Some(
                    changes
                        .iter()
                        .map(|(at, reason, status)| StatusChangeV5 {
                            status_change_date: *at,
                            status_change_reason: reason.clone(),
                            status: status.clone(),
                            type_: "StatusChange",
                        })
                        .collect(),
                );
            }
        }
    }

    fn external_ids(self, t: &mut TroubleTicket, keys: &[ExternalId]) {
        match self {
            Version::V4 => t.external_id = keys.first().map(|k| k.id.clone()),
            Version::V5 => {
                let non_empty = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
                t.external_identifier = Some(
                    keys.iter()
                        .map(|k| ExternalIdentifier {
                            id: Some(k.id.clone()),
                            owner: non_empty(&k.owner),
                            external_identifier_type: non_empty(&k.kind),
                            type_: Some("ExternalIdentifier".to_owned()),
                        })
                        .collect(),
                );
            }
        }
    }

    fn characteristics(
        self,
        stage: &str,
        group: &str,
        fault_type: Option<&str>,
    ) -> Option<Vec<Characteristic>> {
        if self == Version::V4 {
            return None;
        }
        let text = |name: &'static str, value: &str| Characteristic {
            name,
            value: value.to_owned(),
            value_type: "string",
            type_: "StringCharacteristic",
        };
        let mut out = vec![text("stage", stage), text("assignedGroup", group)];
        if let Some(code) = fault_type {
            out.push(text("faultType", code));
        }
        Some(out)
    }
}
