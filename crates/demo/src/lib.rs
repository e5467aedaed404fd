//! Demo data: a realistic small operator (groups, fault types, a few dozen
//! corporate accounts with hundreds of lines, one user per role with fixed
//! tokens, and tickets in every status and stage), created through the same
//! services as real traffic so histories and audit trails are genuine.
//!
//! Only ever seeded into an empty database (`averias serve --demo`).

pub mod bulk;
mod bulk_text;
mod data;
mod maintenance;
mod reference;
mod tickets;

use std::sync::Arc;

use averias_domain::{
    Actor, BillingState, Channel, Email, Imei, Money, Msisdn, Role, SecondLevel, Severity,
    Visibility,
};
use averias_store::{Equipment, Group, Store};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use averias_services::clock::Clock;
use averias_services::incidents::IncidentInput;
use averias_services::intake::{LocalAccountChecker, ReportInput};
use averias_services::reference::{AccountInput, UserInput, system_actor};
use averias_services::repair_booking::{CenterInput, SlotChoice, SlotQuery, WarehouseInput};
use averias_services::repair_center::CertifyInput;
use averias_services::repair_stock::UnitInput;
use averias_services::tickets::{ActionInput, ActionName};
use averias_services::{ServiceError, ServiceResult, Services};
use data::*;

pub use data::{DEMO_CUSTOMER, DEMO_USERS};

/// What the demo seeding created, for the log line.
#[derive(Debug, Default, Clone)]
pub struct DemoSummary {
    pub accounts: usize,
    pub lines: usize,
    pub users: usize,
    pub tickets: usize,
    pub refused_reports: usize,
    pub attachments: usize,
}

struct Seeder {
    services: Services,
    rng: StdRng,
    actors: Vec<(Role, Actor)>,
    /// (account number, lines of that account)
    accounts: Vec<(String, Vec<Msisdn>)>,
    summary: DemoSummary,
    /// The demo clock never passes this instant, so no event lies in the future.
    end: DateTime<Utc>,
    /// Whether to attach files (only where the server's folder is known).
    files: bool,
    /// The roles that attached their demo files already.
    attached: Vec<Role>,
}

fn demo_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::invalid("demo", "demo", e.to_string())
}

/// Seeds the demo operator. History is spread over the four days before
/// `now`; no demo event lies after it.
pub async fn seed(store: Arc<dyn Store>, now: DateTime<Utc>) -> ServiceResult<DemoSummary> {
    seed_with(store, now, None).await
}

/// As [`seed`], and with `attachments` (the server's own settings) a few
/// files on the tickets too: a customer's photo, a reading, a network
/// report.
pub async fn seed_with(
    store: Arc<dyn Store>,
    now: DateTime<Utc>,
    attachments: Option<averias_services::attachments::AttachmentSettings>,
) -> ServiceResult<DemoSummary> {
    let clock = Clock::manual(now - Duration::days(4));
    let mut services = Services::new(store, clock);
    let files = attachments.is_some();
    if let Some(settings) = attachments {
        services = services
            .with_attachments(settings)
            .map_err(|e| demo_err(format!("the attachments folder: {e}")))?;
    }
    let mut s = Seeder {
        services,
        rng: StdRng::seed_from_u64(626),
        actors: Vec::new(),
        accounts: Vec::new(),
        summary: DemoSummary::default(),
        end: now - Duration::minutes(1),
        files,
        attached: Vec::new(),
    };
    s.reference_data().await?;
    s.accounts().await?;
    s.tickets().await?;
    s.maintenance().await?;
    Ok(s.summary)
}

impl Seeder {
    fn actor(&self, role: Role) -> Actor {
        self.actors
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, a)| a.clone())
            .expect("every demo role has a user")
    }
}
