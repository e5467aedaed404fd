//! Exhaustive and property tests of the lifecycle: every kind × status ×
//! stage × action × role is checked against a transition table written out
//! by hand from PROCEDURE.md, independently of the `match` in `transition`.

use proptest::prelude::*;

use super::*;
use crate::role::SecondLevel::{Cor, Gsac, Sigis};
use crate::ticket::Stage as S;
use crate::ticket::Status::*;
use crate::ticket::TicketKind::{Fault, Incident};

/// (kind, from status, from stage, action, to status, to stage) for every
/// legal move. Second-level variants are written out so the table is data.
fn legal_moves() -> Vec<(TicketKind, Status, Stage, Action, Status, Stage)> {
    let mut t = vec![
        (
            Fault,
            Acknowledged,
            S::WithCsm,
            Action::StartWork,
            InProgress,
            S::WithCsm,
        ),
        (
            Fault,
            Acknowledged,
            S::WithCsm,
            Action::Resolve,
            Resolved,
            S::Resolved,
        ),
        (
            Fault,
            InProgress,
            S::WithCsm,
            Action::Resolve,
            Resolved,
            S::Resolved,
        ),
        (
            Fault,
            Acknowledged,
            S::SolutionReturned,
            Action::Resolve,
            Resolved,
            S::Resolved,
        ),
        (
            Fault,
            InProgress,
            S::SolutionReturned,
            Action::Resolve,
            Resolved,
            S::Resolved,
        ),
        (
            Fault,
            Acknowledged,
            S::WithCsm,
            Action::ClassifyPointFault,
            Pending,
            S::AwaitingRepair,
        ),
        (
            Fault,
            InProgress,
            S::WithCsm,
            Action::ClassifyPointFault,
            Pending,
            S::AwaitingRepair,
        ),
        (
            Fault,
            Pending,
            S::AwaitingRepair,
            Action::CertifyRepair,
            Resolved,
            S::Repaired,
        ),
    ];
    for g in [Cor, Sigis, Gsac] {
        for st in [Acknowledged, InProgress] {
            for from in [S::WithCsm, S::SolutionReturned] {
                t.push((
                    Fault,
                    st,
                    from,
                    Action::Escalate(g),
                    InProgress,
                    S::Escalated(g),
                ));
            }
            for from in [
                S::WithCsm,
                S::SolutionReturned,
                S::Escalated(Cor),
                S::Escalated(Sigis),
                S::Escalated(Gsac),
            ] {
                t.push((
                    Fault,
                    st,
                    from,
                    Action::LinkToIncident(g),
                    InProgress,
                    S::LinkedToIncident(g),
                ));
            }
        }
        t.push((
            Fault,
            InProgress,
            S::Escalated(g),
            Action::ReturnSolution,
            InProgress,
            S::SolutionReturned,
        ));
        t.push((
            Fault,
            InProgress,
            S::LinkedToIncident(g),
            Action::UnlinkFromIncident,
            InProgress,
            S::WithCsm,
        ));
        t.push((
            Fault,
            InProgress,
            S::LinkedToIncident(g),
            Action::ResolveWithIncident,
            Resolved,
            S::Resolved,
        ));
        t.push((
            Incident,
            InProgress,
            S::Escalated(g),
            Action::ResolveIncident,
            Resolved,
            S::Resolved,
        ));
    }
    for kind in [Fault, Incident] {
        for stage in Stage::all() {
            t.push((kind, Resolved, stage, Action::Close, Closed, S::Closed));
            if kind == Fault {
                t.push((
                    kind,
                    Resolved,
                    stage,
                    Action::RejectResolution,
                    InProgress,
                    S::WithCsm,
                ));
            }
            for st in [Acknowledged, InProgress, Pending, Held] {
                t.push((kind, st, stage, Action::Cancel, Cancelled, S::Cancelled));
            }
        }
    }
    t
}

fn positions() -> Vec<Position> {
    let mut v = Vec::new();
    for kind in [Fault, Incident] {
        for &status in Status::ALL {
            for stage in Stage::all() {
                v.push(Position {
                    kind,
                    status,
                    stage,
                });
            }
        }
    }
    v
}

/// A role that passes the ownership check for this move, if the table says it is legal.
fn owner_role(from: Position, action: Action) -> Role {
    match (action, from.stage) {
        (Action::ReturnSolution, S::Escalated(g)) => g.role(),
        _ => action.roles()[0],
    }
}

#[test]
fn every_state_and_action_matches_the_procedure_table() {
    let table = legal_moves();
    let mut legal_seen = 0;
    for from in positions() {
        for action in Action::all() {
            let expected = table
                .iter()
                .find(|(k, s, st, a, _, _)| {
                    *k == from.kind && *s == from.status && *st == from.stage && *a == action
                })
                .map(|&(_, _, _, _, status, stage)| Outcome { status, stage });
            let got = decide(from, action, owner_role(from, action));
            match expected {
                Some(outcome) => {
                    legal_seen += 1;
                    assert_eq!(got, Ok(outcome), "{from:?} {action}");
                }
                None => assert!(
                    matches!(got, Err(Refusal::IllegalTransition { .. })),
                    "{from:?} {action} should be illegal, got {got:?}"
                ),
            }
        }
    }
    assert_eq!(
        legal_seen,
        table.len(),
        "every table row is reachable exactly once"
    );
}

#[test]
fn a_role_outside_the_action_is_refused_before_anything_else() {
    for from in positions() {
        for action in Action::all() {
            for role in Role::ALL {
                if !action.roles().contains(&role) {
                    assert_eq!(
                        decide(from, action, role),
                        Err(Refusal::RoleMayNot { role, action }),
                        "{from:?} {action} {role}"
                    );
                }
            }
        }
    }
}

#[test]
fn only_csm_closes_a_ticket() {
    let resolved = Position {
        kind: Fault,
        status: Resolved,
        stage: S::Resolved,
    };
    for role in Role::ALL {
        let got = decide(resolved, Action::Close, role);
        assert_eq!(got.is_ok(), role == Role::Csm, "{role}: {got:?}");
    }
}

#[test]
fn final_statuses_never_move() {
    for from in positions().into_iter().filter(|p| p.status.is_final()) {
        for action in Action::all() {
            for role in Role::ALL {
                assert!(
                    decide(from, action, role).is_err(),
                    "{from:?} {action} {role}"
                );
            }
        }
    }
}

#[test]
fn only_the_group_escalated_to_returns_the_solution() {
    let at_cor = Position {
        kind: Fault,
        status: InProgress,
        stage: S::Escalated(Cor),
    };
    assert!(decide(at_cor, Action::ReturnSolution, Role::Cor).is_ok());
    for role in [Role::Sigis, Role::Gsac] {
        assert!(matches!(
            decide(at_cor, Action::ReturnSolution, role),
            Err(Refusal::NotOwner { owner: "cor", .. })
        ));
    }
}

#[test]
fn an_incident_is_resolved_by_its_owner_or_csm_only() {
    let incident = Position::new_incident(Sigis);
    assert!(decide(incident, Action::ResolveIncident, Role::Sigis).is_ok());
    assert!(decide(incident, Action::ResolveIncident, Role::Csm).is_ok());
    assert!(matches!(
        decide(incident, Action::ResolveIncident, Role::Cor),
        Err(Refusal::NotOwner { .. })
    ));
}

#[test]
fn a_customer_or_a_system_speaking_for_one_withdraws_only_an_untouched_report() {
    let new = Position::new_fault();
    let started = decide(new, Action::StartWork, Role::Csm).unwrap();
    let started = Position {
        kind: Fault,
        status: started.status,
        stage: started.stage,
    };
    for role in [Role::Customer, Role::Integration] {
        assert!(decide(new, Action::Cancel, role).is_ok(), "{role}");
        assert!(
            matches!(
                decide(started, Action::Cancel, role),
                Err(Refusal::NotOwner { .. })
            ),
            "{role}"
        );
    }
    assert!(decide(started, Action::Cancel, Role::Csm).is_ok());
    // An integration takes none of CSM's steps.
    assert!(matches!(
        decide(started, Action::Resolve, Role::Integration),
        Err(Refusal::RoleMayNot { .. })
    ));
}

proptest! {
    /// Whatever sequence of requests arrives, a fault never skips resolution
    /// on its way to closed, final states are absorbing, and the owning
    /// group always matches the stage.
    #[test]
    fn random_request_sequences_keep_the_invariants(
        steps in prop::collection::vec((0usize..17, 0usize..Role::ALL.len()), 0..40)
    ) {
        let actions = Action::all();
        let mut pos = Position::new_fault();
        let mut was_resolved = false;
        for (a, r) in steps {
            let action = actions[a % actions.len()];
            let role = Role::ALL[r];
            let before = pos;
            match decide(pos, action, role) {
                Ok(out) => {
                    prop_assert!(!before.status.is_final());
                    prop_assert!(action.roles().contains(&role));
                    if out.status == Closed {
                        prop_assert_eq!(before.status, Resolved);
                    }
                    pos = Position { kind: pos.kind, status: out.status, stage: out.stage };
                    was_resolved |= out.status == Resolved;
                }
                Err(_) => prop_assert_eq!(pos, before),
            }
            let group_ok = match pos.stage {
                S::Escalated(g) | S::LinkedToIncident(g) => pos.stage.group() == g.as_str(),
                _ => pos.stage.group() == "csm",
            };
            prop_assert!(group_ok);
        }
        if pos.status == Closed {
            prop_assert!(was_resolved);
        }
    }
}
