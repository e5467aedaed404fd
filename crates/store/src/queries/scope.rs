//! Who may see which tickets (R-ACCESS-1), as SQL: shared by the lists
//! and the search, so both narrow alike.

use super::*;

/// The tickets a scope may see (R-ACCESS-1), as ` AND …` conditions on `t`.
pub(super) fn push_scope(qb: &mut QueryBuilder<Db>, scope: &TicketScope) {
    match scope {
        TicketScope::All => {}
        TicketScope::Account(a) => {
            qb.push(" AND t.kind = 'fault' AND t.account_id = ")
                .push_bind(a.to_string());
        }
        TicketScope::Consultant(u) => {
            qb.push(" AND t.kind = 'fault' AND t.account_id IN (SELECT id FROM accounts WHERE sales_consultant_id = ")
                .push_bind(u.to_string())
                .push(")");
        }
        TicketScope::RepairQueue(center) => {
            qb.push(" AND t.kind = 'fault' AND t.stage IN ('awaiting_repair', 'repaired')
                AND EXISTS (SELECT 1 FROM appointments ap WHERE ap.ticket_id = t.id AND ap.status IN ('booked', 'completed')
                AND ap.center_code = ")
                .push_bind(center.clone())
                .push(")");
        }
    }
}
