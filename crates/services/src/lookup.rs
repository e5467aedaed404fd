//! Finding what a request names: tickets (by number or id) and whether the
//! actor may see them (R-ACCESS-1), accounts, and a ticket's booked
//! appointment. Every other capability reads through here, so the tenancy
//! rule is written once.

use std::sync::Arc;

use averias_domain::access::TicketScope;
use averias_domain::repair::AppointmentStatus;
use averias_domain::{Actor, Role};
use averias_store::{Account, Appointment, AppointmentFilter, TicketKey, TicketRecord};

use crate::{ServiceError, ServiceResult, ticket_key};

/// Finds tickets, accounts and appointments for an actor, with R-ACCESS-1 applied: a ticket the actor may not see is "not found".
#[derive(Debug, Clone)]
pub struct Lookup {
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) repair_store: Arc<dyn averias_store::RepairStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
}

impl Lookup {
    /// The active appointment of a ticket, if any.
    pub(crate) async fn active_appointment(
        &self,
        ticket: averias_domain::TicketId,
    ) -> ServiceResult<Option<Appointment>> {
        Ok(self
            .repair_store
            .appointments(&AppointmentFilter {
                ticket: Some(ticket),
                status: Some(AppointmentStatus::Booked),
                limit: 1,
                ..AppointmentFilter::default()
            })
            .await?
            .into_iter()
            .next())
    }

    /// Finds a ticket by UUID or ticket number, without access checks.
    pub(crate) async fn find_ticket(&self, reference: &str) -> ServiceResult<TicketRecord> {
        let found = match ticket_key(reference)? {
            TicketKey::Id(id) => self.ticket_store.get_ticket(id).await?,
            TicketKey::Number(number) => self.ticket_store.ticket_by_number(&number).await?,
        };
        found.ok_or_else(|| ServiceError::not_found("ticket", reference))
    }

    /// Finds an account by number or id.
    pub(crate) async fn find_account(&self, reference: &str) -> ServiceResult<Option<Account>> {
        if let Ok(id) = reference.parse()
            && let Some(a) = self.directory_store.get_account(id).await?
        {
            return Ok(Some(a));
        }
        Ok(self
            .directory_store
            .account_by_number(reference.trim())
            .await?)
    }

    /// The sales consultant of a ticket's account, for access checks.
    async fn consultant_of(
        &self,
        t: &TicketRecord,
    ) -> ServiceResult<Option<averias_domain::UserId>> {
        match t.account_id {
            Some(a) => Ok(self
                .directory_store
                .get_account(a)
                .await?
                .and_then(|a| a.sales_consultant_id)),
            None => Ok(None),
        }
    }

    /// Loads a ticket the caller may see; otherwise answers "not found".
    pub(crate) async fn visible_ticket(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> ServiceResult<TicketRecord> {
        let t = self.find_ticket(reference).await?;
        self.check_visible(actor, t, reference).await
    }

    /// Whether the ticket has a booked or completed appointment at `center`.
    async fn booked_at_center(
        &self,
        t: &TicketRecord,
        center: Option<&str>,
    ) -> ServiceResult<bool> {
        let Some(center) = center else {
            return Ok(false);
        };
        let appointments = self
            .repair_store
            .appointments(&averias_store::AppointmentFilter {
                ticket: Some(t.id),
                center: Some(center.into()),
                limit: 100,
                ..Default::default()
            })
            .await?;
        Ok(appointments.iter().any(|a| {
            matches!(
                a.status,
                averias_domain::repair::AppointmentStatus::Booked
                    | averias_domain::repair::AppointmentStatus::Completed
            )
        }))
    }

    /// `t` if `actor` may see it, else "not found" (ticket numbers of other accounts leak nothing).
    pub(crate) async fn check_visible(
        &self,
        actor: &Actor,
        t: TicketRecord,
        reference: &str,
    ) -> ServiceResult<TicketRecord> {
        // A deleted ticket is gone for everyone (its row stays for the audit).
        if t.deleted_at.is_some() {
            return Err(ServiceError::not_found("ticket", reference));
        }
        let consultant = if actor.role == Role::SalesConsultant {
            self.consultant_of(&t).await?
        } else {
            None
        };
        let booked_here = actor.role == Role::InstallationCenter
            && self.booked_at_center(&t, actor.group.as_deref()).await?;
        if actor.may_view(scope_of(&t, consultant, booked_here)) {
            Ok(t)
        } else {
            Err(ServiceError::not_found("ticket", reference))
        }
    }
}

/// What R-ACCESS-1 looks at to decide whether an actor may see a ticket.
fn scope_of(
    t: &TicketRecord,
    consultant: Option<averias_domain::UserId>,
    booked_at_actor_center: bool,
) -> TicketScope {
    TicketScope {
        kind: t.kind,
        stage: t.stage,
        account_id: t.account_id,
        consultant,
        booked_at_actor_center,
    }
}
