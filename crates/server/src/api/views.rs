//! Response shapes of the native API, documented in the OpenAPI document.
//! They are built from service results and never read back.

use averias_domain::sla::{AttentionClock, ClockState};
use averias_store::{
    Account, AuditEvent, Contact, Equipment, FaultType, Group, Line, Note, RefusedReport,
    StatusChange, User,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use averias_services::tickets::TicketView;

/// The account a ticket belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountRef {
    pub id: String,
    pub number: Option<String>,
    pub name: Option<String>,
}

/// Who reported the fault.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReporterView {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
}

/// The 24-hour attention clock (R-SLA-1).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockView {
    pub started_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub stopped_at: Option<DateTime<Utc>>,
    pub elapsed_seconds: i64,
    /// Negative once the deadline has passed.
    pub remaining_seconds: i64,
    /// `running`, `met`, `breached` or `stopped` (cancelled in time).
    pub state: &'static str,
    pub breached: bool,
}

impl From<AttentionClock> for ClockView {
    fn from(c: AttentionClock) -> Self {
        Self {
            started_at: c.started_at,
            deadline: c.deadline,
            stopped_at: c.stopped_at,
            elapsed_seconds: c.elapsed_seconds,
            remaining_seconds: c.remaining_seconds,
            state: state_name(c.state),
            breached: c.breached,
        }
    }
}

/// One SLA clock of the ticket's policy, on its calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaClockView {
    pub calendar: String,
    pub target_seconds: i64,
    /// Business seconds counted so far (pauses and time outside the calendar's hours excluded).
    pub elapsed_seconds: i64,
    /// Negative once breached.
    pub remaining_seconds: i64,
    /// `running`, `paused`, `met` or `breached`.
    pub state: &'static str,
    /// When the target is (or was) reached if nothing changes; null while paused or met.
    pub deadline: Option<DateTime<Utc>>,
    /// Warning thresholds reached, in percent of the target.
    pub warnings_reached: Vec<u8>,
}

/// The ticket's SLA (R-SLA-1..3) under the policy that covers it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaView {
    /// Resolution deadline as stored for lists (sort `deadline`, filter `breached`).
    pub deadline: Option<DateTime<Utc>>,
    pub breached: bool,
    /// First-response deadline, when the policy has a response target.
    pub response_deadline: Option<DateTime<Utc>>,
    /// Single-ticket responses only: the policy and both clocks in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<SlaClockView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<SlaClockView>,
}

fn state_name(s: ClockState) -> &'static str {
    match s {
        ClockState::Running => "running",
        ClockState::Met => "met",
        ClockState::Breached => "breached",
        ClockState::Stopped => "stopped",
        ClockState::Paused => "paused",
    }
}

impl From<&averias_services::sla::NamedClock> for SlaClockView {
    fn from(c: &averias_services::sla::NamedClock) -> Self {
        Self {
            calendar: c.calendar.clone(),
            target_seconds: c.clock.target_seconds,
            elapsed_seconds: c.clock.elapsed_seconds,
            remaining_seconds: c.clock.remaining_seconds,
            state: state_name(c.clock.state),
            deadline: c.clock.deadline,
            warnings_reached: c.clock.warnings_reached.clone(),
        }
    }
}

/// A ticket: a customer fault or a mass incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketBody {
    pub id: String,
    /// The number the customer quotes, e.g. `AV-2026-000123`.
    pub number: String,
    /// `fault` or `incident`.
    pub kind: &'static str,
    /// TMF621 status: acknowledged, inProgress, pending, held, resolved, closed, cancelled, rejected.
    pub status: &'static str,
    /// Procedure stage: with_csm, escalated, solution_returned, awaiting_repair, linked_to_incident, repaired, resolved, closed, cancelled.
    pub stage: &'static str,
    /// Queue that holds the ticket: csm, cor, sigis or gsac.
    pub group: &'static str,
    pub channel: &'static str,
    pub severity: &'static str,
    pub fault_type: Option<String>,
    pub title: String,
    pub description: String,
    pub account: Option<AccountRef>,
    pub lines: Vec<String>,
    pub equipment: Vec<String>,
    pub reporter: ReporterView,
    pub parent: Option<String>,
    pub resolution: Option<String>,
    pub cancel_reason: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version; send it back in `If-Match`.
    pub version: i64,
    pub attention: ClockView,
    pub sla: SlaView,
    /// The live maintenance work (id) the fault was reported during, if any.
    pub maintenance: Option<String>,
    /// Who of the group holding it works the ticket now (a user name);
    /// operator staff only.
    pub owner: Option<String>,
    /// The fault this one was merged into as its duplicate (its number).
    pub duplicate_of: Option<String>,
    /// Actions the caller may take now: paths under `/actions/`, plus
    /// `add_note` (`POST …/notes`), `assign` (`PUT …/owner`) and `merge`
    /// (`POST …/merge`).
    pub next_actions: Vec<&'static str>,
}

impl From<TicketView> for TicketBody {
    fn from(v: TicketView) -> Self {
        let r = v.record;
        let sla = SlaView {
            deadline: r.sla_due_at,
            breached: r.sla_due_at.is_some_and(|d| d < v.now),
            response_deadline: r.response_due_at,
            policy: v.sla.as_ref().map(|c| c.policy.clone()),
            resolution: v.sla.as_ref().map(|c| (&c.resolution).into()),
            response: v
                .sla
                .as_ref()
                .and_then(|c| c.response.as_ref().map(Into::into)),
        };
        Self {
            sla,
            maintenance: r.maintenance_id.map(|m| m.to_string()),
            id: r.id.to_string(),
            number: r.number.to_string(),
            kind: r.kind.as_str(),
            status: r.status.as_str(),
            stage: r.stage.as_str(),
            group: r.stage.group(),
            channel: r.channel.as_str(),
            severity: r.severity.as_str(),
            fault_type: r.fault_type,
            title: r.title,
            description: r.description,
            account: r.account_id.map(|id| AccountRef {
                id: id.to_string(),
                number: r.account_number,
                name: r.account_name,
            }),
            lines: r.lines.into_iter().map(String::from).collect(),
            equipment: r.equipment.into_iter().map(String::from).collect(),
            reporter: ReporterView {
                name: r.reporter.name,
                phone: r.reporter.phone,
                email: r.reporter.email.map(String::from),
            },
            parent: r.parent_number,
            resolution: r.resolution,
            cancel_reason: r.cancel_reason,
            reported_at: r.reported_at,
            updated_at: r.updated_at,
            version: r.version,
            attention: v.clock.into(),
            next_actions: v.next_actions,
            owner: r.owner_name,
            duplicate_of: r.duplicate_of_number,
        }
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageBody<T> {
    pub items: Vec<T>,
    /// Matches in all pages, counted up to 10,000.
    pub total: i64,
    /// False when there are more than 10,000 matches; `total` then says 10,000.
    pub total_exact: bool,
    pub limit: i64,
    pub offset: i64,
}

/// A note on a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteBody {
    pub id: String,
    pub author: String,
    pub author_role: String,
    /// `public` or `internal`.
    pub visibility: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl From<Note> for NoteBody {
    fn from(n: Note) -> Self {
        Self {
            id: n.id.to_string(),
            author: n.author_name,
            author_role: n.author_role.as_str().into(),
            visibility: n.visibility.as_str().into(),
            body: n.body,
            created_at: n.created_at,
        }
    }
}

/// One status change.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusChangeBody {
    pub at: DateTime<Utc>,
    pub status: String,
    pub stage: String,
    pub group: String,
    pub action: String,
    pub reason: Option<String>,
}

impl From<StatusChange> for StatusChangeBody {
    fn from(s: StatusChange) -> Self {
        Self {
            at: s.at,
            status: s.status.as_str().into(),
            stage: s.stage.as_str().into(),
            group: s.stage.group().into(),
            action: s.action,
            reason: s.reason,
        }
    }
}

/// One audit event (R-AUDIT-1).
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditBody {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub after: Option<serde_json::Value>,
}

impl From<AuditEvent> for AuditBody {
    fn from(a: AuditEvent) -> Self {
        Self {
            at: a.at,
            actor: a.actor_name,
            action: a.action,
            before: a.before,
            after: a.after,
        }
    }
}

/// A ticket's history: status changes for everyone, the audit trail for staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryBody {
    pub status_changes: Vec<StatusChangeBody>,
    pub audit: Vec<AuditBody>,
}

/// A corporate account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountBody {
    pub id: String,
    pub number: String,
    pub name: String,
    /// `operative` or `debt`.
    pub billing_state: String,
    /// Outstanding debt, e.g. `"1250.00"`; `"0.00"` when operative.
    pub debt_amount: String,
    pub currency: String,
    pub sales_consultant_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Account> for AccountBody {
    fn from(a: Account) -> Self {
        let (state, minor, currency) = match a.billing {
            averias_domain::BillingState::Operative => ("operative", 0, "VES".to_owned()),
            averias_domain::BillingState::Debt(m) => ("debt", m.minor, m.currency),
        };
        Self {
            id: a.id.to_string(),
            number: a.number,
            name: a.name,
            billing_state: state.into(),
            debt_amount: format!("{}.{:02}", minor / 100, minor % 100),
            currency,
            sales_consultant_id: a.sales_consultant_id.map(|u| u.to_string()),
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// A line and its device.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineBody {
    pub msisdn: String,
    pub account_id: String,
    pub imei: Option<String>,
}

impl From<Line> for LineBody {
    fn from(l: Line) -> Self {
        Self {
            msisdn: l.msisdn.into(),
            account_id: l.account_id.to_string(),
            imei: l.imei.map(String::from),
        }
    }
}

/// A device.
#[derive(Debug, Serialize, ToSchema)]
pub struct EquipmentBody {
    pub imei: String,
    pub account_id: Option<String>,
    pub make: String,
    pub model: String,
}

impl From<Equipment> for EquipmentBody {
    fn from(e: Equipment) -> Self {
        Self {
            imei: e.imei.into(),
            account_id: e.account_id.map(|a| a.to_string()),
            make: e.make,
            model: e.model,
        }
    }
}

/// A contact of an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactBody {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub language: String,
}

impl From<Contact> for ContactBody {
    fn from(c: Contact) -> Self {
        Self {
            id: c.id.to_string(),
            name: c.name,
            phone: c.phone,
            email: c.email.map(String::from),
            language: c.language.code().to_owned(),
        }
    }
}

/// A group (queue).
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupBody {
    pub code: String,
    pub name: String,
    pub kind: String,
}

impl From<Group> for GroupBody {
    fn from(g: Group) -> Self {
        Self {
            code: g.code,
            name: g.name,
            kind: g.kind,
        }
    }
}

/// A fault type and where it escalates.
#[derive(Debug, Serialize, ToSchema)]
pub struct FaultTypeBody {
    pub code: String,
    pub name: String,
    pub default_severity: String,
    /// `cor`, `sigis` or `gsac`.
    pub second_level: String,
    pub active: bool,
}

impl From<FaultType> for FaultTypeBody {
    fn from(f: FaultType) -> Self {
        Self {
            code: f.code,
            name: f.name,
            default_severity: f.default_severity.as_str().into(),
            second_level: f.second_level.as_str().into(),
            active: f.active,
        }
    }
}

/// A user (never its token).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserBody {
    pub id: String,
    pub name: String,
    pub role: String,
    pub group: Option<String>,
    pub account_id: Option<String>,
    pub active: bool,
    pub email: Option<String>,
}

impl From<User> for UserBody {
    fn from(u: User) -> Self {
        Self {
            id: u.id.to_string(),
            name: u.name,
            role: u.role.as_str().into(),
            group: u.group_code,
            account_id: u.account_id.map(|a| a.to_string()),
            active: u.active,
            email: u.email.map(String::from),
        }
    }
}

/// A report refused for debt.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedReportBody {
    pub id: String,
    pub account_id: String,
    pub at: DateTime<Utc>,
    pub channel: String,
    pub reason: String,
    pub debt_amount: String,
    pub currency: String,
    pub reporter_name: String,
}

impl From<RefusedReport> for RefusedReportBody {
    fn from(r: RefusedReport) -> Self {
        Self {
            id: r.id.to_string(),
            account_id: r.account_id.to_string(),
            at: r.at,
            channel: r.channel.as_str().into(),
            reason: r.reason,
            debt_amount: format!("{}.{:02}", r.debt_minor / 100, r.debt_minor % 100),
            currency: r.currency,
            reporter_name: r.reporter_name,
        }
    }
}
