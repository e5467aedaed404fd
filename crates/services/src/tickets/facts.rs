//! Correcting what intake recorded about a fault (its type, severity,
//! lines, devices, contact, description) once staff know better: the
//! triage that turns "to be classified" into a fault type, a line typed
//! wrong at the call. Checked as a new report is, written with the reason
//! in the ticket's history and audit trail, deadlines recomputed.

use averias_domain::{Email, Imei, Msisdn, Severity};
use averias_store::FactsUpdate;

use super::*;

/// The history action of a correction (staff read it; customers, sales
/// consultants and TMF621's status history leave it out: no status moved).
pub const EDIT_FACTS: &str = "edit_facts";

/// The facts to change; what is `None` stays as it is.
#[derive(Debug, Clone, Default)]
pub struct FactsEdit {
    pub fault_type: Option<String>,
    pub severity: Option<Severity>,
    pub lines: Option<Vec<Msisdn>>,
    pub equipment: Option<Vec<Imei>>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    /// `Some(None)` removes the contact's email.
    pub reporter_email: Option<Option<Email>>,
    /// Why (required): kept in the history beside what changed.
    pub reason: String,
    /// `If-Match`: the version the caller last saw.
    pub expected_version: Option<i64>,
}

/// Whether `actor` may correct ticket `t`'s facts now: the call center,
/// CSM and admins, or the second-level group holding it; never a finished
/// ticket or a mass incident (the pages offer the form by this).
pub fn may_edit_facts(actor: &Actor, t: &TicketRecord) -> bool {
    let holder = match t.stage {
        Stage::Escalated(g) | Stage::LinkedToIncident(g) => Some(g.as_str()),
        _ => None,
    };
    let role = matches!(actor.role, Role::Csm | Role::Teleservice | Role::Admin)
        || holder == Some(actor.role.as_str());
    role && !t.status.is_final() && t.account_id.is_some()
}

impl Tickets {
    /// Corrects a ticket's facts (staff who may work the ticket now: the
    /// call center and CSM, the second-level group holding it, admins).
    /// Refuses an empty reason, a finished ticket, and anything a new
    /// report would refuse (a line of another account, an unknown fault
    /// type); changing nothing is refused too, so the history only holds
    /// real corrections.
    pub async fn edit_facts(
        &self,
        actor: &Actor,
        reference: &str,
        edit: FactsEdit,
    ) -> ServiceResult<TicketView> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        let holder = match t.stage {
            Stage::Escalated(g) | Stage::LinkedToIncident(g) => Some(g.as_str()),
            _ => None,
        };
        if !(matches!(actor.role, Role::Csm | Role::Teleservice | Role::Admin)
            || holder == Some(actor.role.as_str()))
        {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not correct the facts of ticket {}",
                actor.role, t.number
            )));
        }
        if let Some(expected) = edit.expected_version
            && expected != t.version
        {
            return Err(ServiceError::StaleVersion {
                number: t.number.to_string(),
                current: t.version,
                expected,
            });
        }
        if t.status.is_final() {
            return Err(ServiceError::clash(
                "ticket_not_open",
                format!(
                    "ticket {} is {}; its facts are kept as they were",
                    t.number, t.status
                ),
                json!({"number": t.number.to_string(), "status": t.status.as_str()}),
            ));
        }
        let reason = edit.reason.trim().to_owned();
        if reason.is_empty() {
            return Err(ServiceError::invalid(
                "reason_required",
                "reason",
                "say why the facts change",
            ));
        }
        let Some(account_id) = t.account_id else {
            return Err(ServiceError::clash(
                "ticket_has_no_account",
                format!(
                    "ticket {} is a mass incident; its facts are the second level's",
                    t.number
                ),
                json!({"number": t.number.to_string()}),
            ));
        };
        let account = self
            .directory_store
            .get_account(account_id)
            .await?
            .ok_or_else(|| ServiceError::not_found("account", account_id.to_string()))?;
        // As people send them: a browser's textarea ends lines with CRLF,
        // and a line may come twice or in another order than stored.
        let edit = FactsEdit {
            lines: edit.lines.map(|mut l| {
                l.sort();
                l.dedup();
                l
            }),
            equipment: edit.equipment.map(|mut e| {
                e.sort();
                e.dedup();
                e
            }),
            description: edit.description.map(|d| d.replace("\r\n", "\n")),
            ..edit
        };
        let fault_type_changes = edit
            .fault_type
            .as_ref()
            .is_some_and(|f| t.fault_type.as_ref() != Some(f));
        // The ticket as it would read, checked as a new report is (its
        // fault type only when it changes: one retired since stays).
        let merged = crate::intake::ReportInput {
            account: account.number.clone(),
            channel: t.channel,
            lines: edit.lines.clone().unwrap_or_else(|| t.lines.clone()),
            equipment: edit
                .equipment
                .clone()
                .unwrap_or_else(|| t.equipment.clone()),
            fault_type: edit.fault_type.clone().filter(|_| fault_type_changes),
            severity: edit.severity.or(Some(t.severity)),
            title: Some(edit.title.clone().unwrap_or_else(|| t.title.clone())),
            description: edit
                .description
                .clone()
                .unwrap_or_else(|| t.description.clone()),
            reporter_name: edit
                .reporter_name
                .clone()
                .unwrap_or_else(|| t.reporter.name.clone()),
            reporter_phone: edit
                .reporter_phone
                .clone()
                .unwrap_or_else(|| t.reporter.phone.clone()),
            reporter_email: edit
                .reporter_email
                .clone()
                .unwrap_or_else(|| t.reporter.email.clone()),
            external_ids: Vec::new(),
            client_values: Default::default(),
            notes: Vec::new(),
        };
        let new_type =
            crate::intake::validate_report(self.directory_store.as_ref(), &account, &merged)
                .await?;
        let title = merged.title.clone().unwrap_or_default().trim().to_owned();
        if title.is_empty() {
            return Err(ServiceError::invalid(
                "title_required",
                "title",
                "a ticket needs a title",
            ));
        }
        let facts = FactsUpdate {
            ticket_id: t.id,
            title,
            description: merged.description.trim().to_owned(),
            reporter: averias_store::Reporter {
                name: merged.reporter_name.trim().to_owned(),
                phone: merged.reporter_phone.trim().to_owned(),
                email: merged.reporter_email.clone(),
            },
            lines: merged.lines.clone(),
            equipment: merged.equipment.clone(),
        };
        // A new fault type brings its default severity, unless the same
        // correction sets another one.
        let severity = match (&new_type, edit.severity) {
            (Some(f), None) => f.default_severity,
            (Some(f), Some(s)) if s == t.severity => f.default_severity,
            (_, Some(s)) => s,
            (None, None) => t.severity,
        };
        let fault_type = if fault_type_changes {
            merged.fault_type.clone()
        } else {
            t.fault_type.clone()
        };
        let stored = |list: &[String]| {
            let mut l = list.to_vec();
            l.sort();
            l
        };
        // What changed, named for the history and audit.
        let mut changed: Vec<&str> = Vec::new();
        if fault_type != t.fault_type {
            changed.push("fault_type");
        }
        if severity != t.severity {
            changed.push("severity");
        }
        let as_text = |v: &[averias_domain::Msisdn]| {
            v.iter().map(|m| m.as_str().to_owned()).collect::<Vec<_>>()
        };
        let imeis = |v: &[averias_domain::Imei]| {
            v.iter().map(|i| i.as_str().to_owned()).collect::<Vec<_>>()
        };
        if stored(&as_text(&facts.lines)) != stored(&as_text(&t.lines)) {
            changed.push("lines");
        }
        if stored(&imeis(&facts.equipment)) != stored(&imeis(&t.equipment)) {
            changed.push("equipment");
        }
        if facts.title != t.title {
            changed.push("title");
        }
        if facts.description != t.description.replace("\r\n", "\n") {
            changed.push("description");
        }
        if facts.reporter != t.reporter {
            changed.push("reporter");
        }
        if changed.is_empty() {
            return Err(ServiceError::invalid(
                "nothing_to_change",
                "facts",
                "the facts given are the ticket's own; nothing changes",
            ));
        }
        let now = self.clock.now();
        let mut update = unmoved(&t, now);
        update.fault_type = fault_type.clone();
        update.severity = severity;
        let mut after = t.clone();
        after.fault_type = fault_type.clone();
        after.severity = severity;
        after.version = t.version + 1;
        let mut fields = vec![];
        if changed.contains(&"severity") {
            fields.push("severity");
        }
        if changed.contains(&"fault_type") {
            fields.push("troubleTicketCharacteristic");
        }
        if changed
            .iter()
            .any(|c| matches!(*c, "title" | "description"))
        {
            fields.push("description");
        }
        if changed.iter().any(|c| matches!(*c, "lines" | "equipment")) {
            fields.push("relatedEntity");
        }
        if changed.contains(&"reporter") {
            fields.push("relatedParty");
        }
        let hooks = vec![crate::notifications::HookEvent::AttributeValueChange(
            fields.join(","),
        )];
        let messages = self
            .notifications
            .ticket_messages_in(
                Lang::Es,
                None,
                &after,
                &format!("{}:v{}", t.id, after.version),
                json!({}),
                None,
                &hooks,
            )
            .await?;
        let mut changes = ChangeSet {
            messages,
            ..ChangeSet::default()
        };
        let extra = json!({
            "changed": changed,
            "before": {
                "fault_type": t.fault_type, "severity": t.severity.as_str(),
                "lines": t.lines, "equipment": t.equipment, "title": t.title,
                "description": t.description, "reporter": t.reporter,
            },
            "facts": {
                "fault_type": fault_type, "severity": severity.as_str(),
                "lines": facts.lines, "equipment": facts.equipment, "title": facts.title,
                "description": facts.description, "reporter": facts.reporter,
            },
            "reason": reason,
        });
        record_move(
            &mut changes,
            actor,
            &t,
            update,
            EDIT_FACTS,
            Some(reason),
            extra,
        );
        changes.facts.push(facts);
        self.sla.reclock(&mut changes).await?;
        self.ticket_store.apply_ticket_changes(changes).await?;
        let fresh = self.lookup.find_ticket(&t.id.to_string()).await?;
        self.full_view(actor, fresh).await
    }
}
