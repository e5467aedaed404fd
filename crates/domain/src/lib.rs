//! The fault procedure of `PROCEDURE.md` as pure types and functions.
//!
//! Nothing here does I/O, spawns tasks or reads the clock: callers pass the
//! current instant in. Services in `averias-server` load data, ask this crate
//! what the procedure allows, and persist the answer in one transaction.

pub mod access;
pub mod account;
pub mod calendar;
pub mod escalation;
pub mod ids;
pub mod lang;
pub mod lifecycle;
pub mod maintenance;
pub mod repair;
pub mod report;
pub mod role;
pub mod sla;
pub mod sla_policy;
pub mod ticket;
pub mod values;

pub use access::Actor;
pub use account::{AccountCheck, BillingState, Money};
pub use ids::{AccountId, TicketId, TicketNumber, UserId};
pub use lang::Lang;
pub use lifecycle::{Action, Outcome, Refusal, decide};
pub use role::{Role, SecondLevel};
pub use sla::{AttentionClock, ClockState};
pub use ticket::{Channel, Position, Severity, Stage, Status, TicketKind, Visibility};
pub use values::{Email, Imei, Msisdn, ValueError};
