//! Who may see what (R-ACCESS-1, R-INFORM-2): a customer sees only its
//! account's tickets and never internal notes; a sales consultant sees the
//! accounts it is assigned to; a center sees the tickets booked at it while
//! they wait for or come back from repair (R-REPAIR-2).

use crate::ids::{AccountId, UserId};
use crate::role::Role;
use crate::ticket::{Stage, TicketKind, Visibility};

/// The authenticated user, as services see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub name: String,
    pub role: Role,
    /// The group the user works in (`csm`, `cor`, a center's code, ...).
    pub group: Option<String>,
    /// For a customer contact: the corporate account it belongs to.
    pub account_id: Option<AccountId>,
}

/// What access rules need to know about a ticket.
#[derive(Debug, Clone, Copy)]
pub struct TicketScope {
    pub kind: TicketKind,
    pub stage: Stage,
    pub account_id: Option<AccountId>,
    /// The sales consultant assigned to the ticket's account, if any.
    pub consultant: Option<UserId>,
    /// Whether the ticket has an appointment at the acting user's center
    /// (only looked up for center staff).
    pub booked_at_actor_center: bool,
}

impl Actor {
    /// Whether this user may see the ticket at all. A refusal is answered as
    /// "not found" so that ticket numbers of other accounts leak nothing.
    pub fn may_view(&self, t: TicketScope) -> bool {
        match self.role {
            Role::Customer => {
                t.kind == TicketKind::Fault
                    && t.account_id.is_some()
                    && t.account_id == self.account_id
            }
            Role::SalesConsultant => {
                t.kind == TicketKind::Fault && t.consultant == Some(self.user_id)
            }
            Role::InstallationCenter => {
                t.kind == TicketKind::Fault
                    && t.booked_at_actor_center
                    && matches!(t.stage, Stage::AwaitingRepair | Stage::Repaired)
            }
            _ => true,
        }
    }

    /// Whether this user may read notes of this visibility.
    pub fn may_read(&self, visibility: Visibility) -> bool {
        visibility == Visibility::Public
            || self.role.is_operator_staff()
            || self.role == Role::InstallationCenter
    }

    /// Whether this user may write a note of this visibility on a ticket it can see.
    /// Customers and consultants write public notes only; staff write either.
    pub fn may_write(&self, visibility: Visibility) -> bool {
        match self.role {
            Role::Customer | Role::SalesConsultant => visibility == Visibility::Public,
            Role::ProductDevelopment | Role::Warehouse | Role::CustomerServiceMgmt => false,
            _ => true,
        }
    }

    /// Whether this user may report a fault on `account` (whose consultant is `consultant`).
    pub fn may_report_for(&self, account: AccountId, consultant: Option<UserId>) -> bool {
        match self.role {
            Role::Customer => self.account_id == Some(account),
            Role::SalesConsultant => consultant == Some(self.user_id),
            Role::Teleservice | Role::Csm | Role::Integration | Role::Admin => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::role::SecondLevel;

    fn actor(role: Role, account: Option<AccountId>) -> Actor {
        Actor {
            user_id: UserId::new(),
            name: "x".into(),
            role,
            group: None,
            account_id: account,
        }
    }

    fn scope(account: AccountId, stage: Stage) -> TicketScope {
        TicketScope {
            kind: TicketKind::Fault,
            stage,
            account_id: Some(account),
            consultant: None,
            booked_at_actor_center: false,
        }
    }

    #[test]
    fn a_customer_sees_only_its_own_account() {
        let (mine, other) = (AccountId::new(), AccountId::new());
        let me = actor(Role::Customer, Some(mine));
        assert!(me.may_view(scope(mine, Stage::WithCsm)));
        assert!(!me.may_view(scope(other, Stage::WithCsm)));
        assert!(!me.may_read(Visibility::Internal));
        assert!(me.may_read(Visibility::Public));
        assert!(!me.may_write(Visibility::Internal));
    }

    #[test]
    fn a_customer_never_sees_a_mass_incident() {
        let me = actor(Role::Customer, Some(AccountId::new()));
        let incident = TicketScope {
            kind: TicketKind::Incident,
            stage: Stage::Escalated(SecondLevel::Cor),
            account_id: None,
            consultant: None,
            booked_at_actor_center: true,
        };
        assert!(!me.may_view(incident));
    }

    #[test]
    fn a_consultant_sees_only_assigned_accounts() {
        let me = actor(Role::SalesConsultant, None);
        let mut s = scope(AccountId::new(), Stage::WithCsm);
        assert!(!me.may_view(s));
        s.consultant = Some(me.user_id);
        assert!(me.may_view(s));
    }

    #[test]
    fn a_center_sees_only_its_own_bookings_waiting_for_or_done_by_repair() {
        let me = actor(Role::InstallationCenter, None);
        let a = AccountId::new();
        let mut mine = scope(a, Stage::AwaitingRepair);
        mine.booked_at_actor_center = true;
        assert!(me.may_view(mine));
        assert!(
            !me.may_view(scope(a, Stage::AwaitingRepair)),
            "booked at another center, or not booked"
        );
        mine.stage = Stage::WithCsm;
        assert!(!me.may_view(mine));
    }
}
