//! The customer's context beside a ticket, for operator staff: the
//! account's other faults (open ones first, then the latest finished) and
//! its lines, so an agent sees at a glance that the customer called about
//! the same line yesterday, or that three of its lines are down.

use averias_domain::{Actor, Status};
use averias_services::ServiceResult;
use averias_services::tickets::TicketView;
use averias_store::{TicketFilter, TicketSort};

use super::super::pages::when;
use crate::App;

/// Other faults of the account the panel lists, at most.
const OTHER_FAULTS: usize = 8;

/// One other fault of the account.
pub struct OtherFault {
    pub number: String,
    pub title: String,
    pub status_key: String,
    pub reported: String,
    pub open: bool,
}

/// What the panel shows.
pub struct CustomerContext {
    pub faults: Vec<OtherFault>,
    /// The account's lines: (MSISDN, on this ticket).
    pub lines: Vec<(String, bool)>,
}

/// The context of `view`'s account for `actor`; `None` for readers who are
/// not operator staff, and for mass incidents (no account).
pub async fn of(
    app: &App,
    actor: &Actor,
    view: &TicketView,
) -> ServiceResult<Option<CustomerContext>> {
    let r = &view.record;
    let (Some(account), Some(number)) = (r.account_id, r.account_number.as_deref()) else {
        return Ok(None);
    };
    if !actor.role.is_operator_staff() {
        return Ok(None);
    }
    let recent = TicketFilter {
        account_id: Some(account),
        kind: Some(averias_domain::TicketKind::Fault),
        sort: TicketSort::NewestFirst,
        limit: 50,
        ..TicketFilter::default()
    };
    let open = TicketFilter {
        status: Status::ALL
            .iter()
            .copied()
            .filter(|s| !s.is_final())
            .collect(),
        ..recent.clone()
    };
    let (open, recent) = futures::try_join!(
        app.services.tickets.tickets(actor, open),
        app.services.tickets.tickets(actor, recent),
    )?;
    // Staff who read no accounts (the warehouse) see the faults only.
    let lines = match app.services.admin.account_lines(actor, number).await {
        Ok(lines) => lines,
        Err(averias_services::ServiceError::NotFound { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    let zone = app.services.reports.settings.zone;
    let line = |v: &TicketView| OtherFault {
        number: v.record.number.to_string(),
        title: v.record.title.clone(),
        status_key: format!("status-{}", v.record.status.as_str()),
        reported: when(v.record.reported_at, zone),
        open: !v.record.status.is_final(),
    };
    // Open faults first (all of them, up to the cap), then the latest
    // finished ones.
    let mut faults: Vec<OtherFault> = open
        .items
        .iter()
        .filter(|v| v.record.id != r.id)
        .map(line)
        .collect();
    faults.extend(
        recent
            .items
            .iter()
            .filter(|v| v.record.id != r.id && v.record.status.is_final())
            .map(line),
    );
    faults.truncate(OTHER_FAULTS);
    Ok(Some(CustomerContext {
        faults,
        lines: lines
            .iter()
            .map(|l| (l.msisdn.as_str().to_owned(), r.lines.contains(&l.msisdn)))
            .collect(),
    }))
}
