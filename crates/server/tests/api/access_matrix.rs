//! The authorization matrix (R-ACCESS-1): every operation of the native
//! API (as the OpenAPI document lists them) and of the TMF621 façade (as TM
//! Forum's v4 and v5 documents list them), called by every role, on a
//! resource of the caller's own tenant and, for the roles that see a
//! subset (customers, sales consultants, installation centers), on another
//! tenant's. What each role may do is the table [`MATRIX`], written from
//! PROCEDURE.md's R-ACCESS-1: an operation the table does not list fails
//! the test, so a new route cannot ship without saying who may call it.
//!
//! Outcomes checked, per call:
//! - no token: 401, always;
//! - a role the table does not allow: 403 or 404, never a success;
//! - an allowed role on its own tenant's resource: the answer the row
//!   expects (a success, or for steps whose state may have moved, any
//!   answer but 401/403/404);
//! - a tenant-bound role on another tenant's resource: 403 or 404.
//!
//! Never a 5xx. Each role runs on a fresh database (its writes do not
//! change what the next role sees), on SQLite and on PostgreSQL.
//! `AVERIAS_MATRIX_PRINT=1` prints every answer as a grid.
//!
//! Past 500 lines: most of it is the table itself, one row per operation.

use averias_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Who may call an operation.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// Every role (tenant-bound roles on their own tenant).
    Everyone,
    /// Only these roles.
    Only(&'static [Role]),
}

/// What an allowed role gets on its own tenant's resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 2xx.
    Success,
    /// Authorized, but the answer may be a business refusal (409, 422) or
    /// a missing item of a list-like resource (404 of a week never stored).
    Authorized,
}

/// Which of the caller's tenants the path names, for the own/foreign calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tenant {
    /// Not tenant-bound (reference data, lists filtered by the service).
    None,
    /// A ticket, account, line, device, appointment or maintenance work
    /// that belongs to one account (and, for centers, one center).
    Bound,
}

struct Row {
    method: &'static str,
    /// As the OpenAPI (or TM Forum) document writes it.
    path: &'static str,
    /// The call: the path with the context's values (`{own.ticket}`...).
    call: &'static str,
    body: Option<&'static str>,
    who: Who,
    tenant: Tenant,
    expect: Expect,
}

const fn row(
    method: &'static str,
    path: &'static str,
    call: &'static str,
    body: Option<&'static str>,
    who: Who,
    tenant: Tenant,
    expect: Expect,
) -> Row {
    Row {
        method,
        path,
        call,
        body,
        who,
        tenant,
        expect,
    }
}

use Expect::{Authorized, Success};
use Tenant::{Bound, None as Open};
use Who::{Everyone, Only};

// The roles of PROCEDURE.md's table, grouped as R-ACCESS-1 reads.
#[rustfmt::skip]
mod groups {
    use averias_domain::Role::{self, *};

    /// Operator staff: see every account's tickets.
    pub const STAFF: &[Role] = &[Teleservice, Csm, Gsac, Cor, Sigis, Warehouse, CustomerServiceMgmt, ProductDevelopment, Integration, Admin];
    /// Whoever may read a ticket at all (each within its tenant).
    pub const TICKET_READERS: &[Role] = &Role::ALL;
    /// Who reads a ticket's internal views (escalations, messages sent):
    /// not customers or consultants.
    pub const INTERNAL_READERS: &[Role] = &[Teleservice, Csm, Gsac, Cor, Sigis, InstallationCenter, Warehouse, CustomerServiceMgmt, ProductDevelopment, Integration, Admin];
    pub const ADMIN_ONLY: &[Role] = &[Admin];
    /// CSM and the second-level groups: mass incidents (R-TRIAGE-6). Admins
    /// manage the installation, they take no procedure step: people do.
    pub const INCIDENT_TEAMS: &[Role] = &[Csm, Cor, Sigis, Gsac];
    /// A mass incident is its owning group's (and CSM's) to take apart.
    pub const INCIDENT_OWNER: &[Role] = &[Csm, Cor];
    /// Who takes a report (R-INTAKE-1): the call center, CSM, consultants and
    /// customers for their accounts, integrations, admins.
    pub const REPORTERS: &[Role] = &[Customer, SalesConsultant, Teleservice, Csm, Integration, Admin];
    /// Refused reports (R-INTAKE-3): intake, CSM, product development.
    pub const REFUSAL_READERS: &[Role] = &[Teleservice, Csm, ProductDevelopment, Admin];
    /// Who reads the weekly report and statistics (R-REPORT-1/2).
    pub const REPORT_READERS: &[Role] = &[Csm, CustomerServiceMgmt, ProductDevelopment, Admin];
    /// Maintenance planners (R-MAINT-1).
    pub const PLANNERS: &[Role] = &[Csm, Admin];
    /// Who records customers' answers (R-MAINT-2); a customer answers for its own.
    pub const ANSWERERS: &[Role] = &[Customer, Csm, CustomerServiceMgmt, Admin];
    /// Who reads maintenance works: staff, and customers for their own
    /// account; not consultants or the authorized centers.
    pub const MAINT_READERS: &[Role] = &[Customer, Teleservice, Csm, Gsac, Cor, Sigis, Warehouse, CustomerServiceMgmt, ProductDevelopment, Integration, Admin];
    /// Who books repair appointments (R-REPAIR-1): the customer, the call
    /// center, CSM, consultants for their accounts, admins, and the center
    /// for a walk-in quoting the ticket number (R-REPAIR-2). Not integrations.
    pub const BOOKERS: &[Role] = &[Customer, SalesConsultant, Teleservice, Csm, InstallationCenter, Admin];
    /// Who writes notes: not the roles that only read tickets (warehouse,
    /// product development, customer-service management).
    pub const NOTE_WRITERS: &[Role] = &[Customer, SalesConsultant, Teleservice, Csm, Gsac, Cor, Sigis, InstallationCenter, Integration, Admin];
    /// Who reads accounts, their lines and contacts: the customer and its
    /// consultant for their own, the operator's people; not centers, the
    /// warehouse or integrations (which bring their own customer data).
    pub const ACCOUNT_READERS: &[Role] = &[Customer, SalesConsultant, Teleservice, Csm, Gsac, Cor, Sigis, CustomerServiceMgmt, ProductDevelopment, Admin];
    /// Who searches accounts (intake's account search): as above, less the
    /// customer, which has one.
    pub const ACCOUNT_SEARCHERS: &[Role] = &[SalesConsultant, Teleservice, Csm, Gsac, Cor, Sigis, CustomerServiceMgmt, ProductDevelopment, Admin];
    /// Who looks a device up: the operator's fault staff, and a center the
    /// device concerns.
    pub const DEVICE_READERS: &[Role] = &[Teleservice, Csm, Gsac, Cor, Sigis, InstallationCenter, CustomerServiceMgmt, ProductDevelopment, Admin];
    /// Centers (their own) and the operator's staff read the repair loop.
    pub const REPAIR_READERS: &[Role] = INTERNAL_READERS;
    /// The center's own work (R-REPAIR-2): its staff only.
    pub const CENTER_WORK: &[Role] = &[InstallationCenter];
    /// A no-show: the center, or CSM on its behalf.
    pub const NO_SHOW: &[Role] = &[InstallationCenter, Csm, Admin];
    /// The warehouse loop (R-REPAIR-4/5).
    pub const WAREHOUSE_WORK: &[Role] = &[Warehouse, Admin];
    /// Hub and webhook listeners.
    pub const HOOK_OWNERS: &[Role] = &[Integration, Admin];
}
use groups::*;

/// R-ACCESS-1, one row per operation.
#[rustfmt::skip]
const MATRIX: &[Row] = &[
    // Intake and tickets.
    row("POST", "/api/v1/reports", "/api/v1/reports", Some(r#"{"account":"{own.account}","lines":["{own.line2}"],"description":"Sin señal","reporter":{"name":"Ana","phone":"+584141234567"}}"#), Only(REPORTERS), Bound, Success),
    row("GET", "/api/v1/refused-reports", "/api/v1/refused-reports", None, Only(REFUSAL_READERS), Open, Success),
    row("GET", "/api/v1/tickets", "/api/v1/tickets", None, Everyone, Open, Success),
    row("GET", "/api/v1/tickets/{ticket}", "/api/v1/tickets/{own.ticket}", None, Only(TICKET_READERS), Bound, Success),
    row("GET", "/api/v1/tickets/{ticket}/history", "/api/v1/tickets/{own.ticket}/history", None, Only(TICKET_READERS), Bound, Success),
    row("GET", "/api/v1/tickets/{ticket}/clock", "/api/v1/tickets/{own.ticket}/clock", None, Only(TICKET_READERS), Bound, Success),
    // Attachments: as the ticket and its notes (customers: public ones);
    // staff delete. The upload sent here is JSON, not multipart: 400 for
    // who may write, after the role and the ticket were checked.
    row("GET", "/api/v1/tickets/{ticket}/attachments", "/api/v1/tickets/{own.ticket}/attachments", None, Only(TICKET_READERS), Bound, Success),
    row("POST", "/api/v1/tickets/{ticket}/attachments", "/api/v1/tickets/{own.ticket}/attachments", Some(r#"{"file":"x"}"#), Only(NOTE_WRITERS), Bound, Authorized),
    row("GET", "/api/v1/attachments/{id}", "/api/v1/attachments/{own.attachment}", None, Only(TICKET_READERS), Bound, Success),
    row("DELETE", "/api/v1/attachments/{id}", "/api/v1/attachments/{own.attachment}", None, Only(&[Role::Teleservice, Role::Csm, Role::Gsac, Role::Cor, Role::Sigis, Role::Warehouse, Role::CustomerServiceMgmt, Role::ProductDevelopment, Role::Admin]), Bound, Success),
    row("GET", "/api/v1/tickets/{ticket}/notes", "/api/v1/tickets/{own.ticket}/notes", None, Only(TICKET_READERS), Bound, Success),
    row("POST", "/api/v1/tickets/{ticket}/notes", "/api/v1/tickets/{own.ticket}/notes", Some(r#"{"body":"nota"}"#), Only(NOTE_WRITERS), Bound, Success),
    row("GET", "/api/v1/tickets/{ticket}/escalations", "/api/v1/tickets/{own.ticket}/escalations", None, Only(INTERNAL_READERS), Bound, Success),
    row("GET", "/api/v1/tickets/{ticket}/notifications", "/api/v1/tickets/{own.ticket}/notifications", None, Only(INTERNAL_READERS), Bound, Success),
    // Correcting intake's facts: the call center, CSM and admins (the
    // ticket is with CSM; a second-level group may once it holds it). The
    // second allowed role sends the same facts: 422 nothing_to_change.
    row("PATCH", "/api/v1/tickets/{ticket}", "/api/v1/tickets/{own.ticket2}", Some(r#"{"description":"Descripción corregida","reason":"el cliente aclaró"}"#), Only(&[Role::Teleservice, Role::Csm, Role::Admin]), Bound, Authorized),
    // The owner of a ticket with CSM: CSM's people and admins (an admin
    // taking it is refused as no CSM agent: 422).
    row("PUT", "/api/v1/tickets/{ticket}/owner", "/api/v1/tickets/{own.ticket2}/owner", Some(r#"{"owner":"me"}"#), Only(&[Role::Csm, Role::Admin]), Bound, Authorized),
    // Merging a duplicate: CSM only (into itself: 409).
    row("POST", "/api/v1/tickets/{ticket}/merge", "/api/v1/tickets/{own.ticket2}/merge", Some(r#"{"into":"{own.ticket2}"}"#), Only(&[Role::Csm]), Bound, Authorized),
    // A bulk step: anyone signed in; each ticket is checked as if alone
    // (the answer says which were refused), so no role is refused whole.
    row("POST", "/api/v1/tickets/bulk", "/api/v1/tickets/bulk", Some(r#"{"tickets":["{own.ticket2}"],"action":"close"}"#), Everyone, Open, Success),
    // Canned responses: operator staff read them, admins and
    // customer-service management keep them; filled in for a ticket for
    // whoever sees it (empty for customers).
    row("GET", "/api/v1/canned-responses", "/api/v1/canned-responses", None, Only(STAFF), Open, Success),
    row("POST", "/api/v1/canned-responses", "/api/v1/canned-responses", Some(r#"{"group":"csm","name":"Nueva","body_es":"Hola {{ticket}}","body_en":"Hello {{ticket}}"}"#), Only(&[Role::Admin, Role::CustomerServiceMgmt]), Open, Success),
    row("PUT", "/api/v1/canned-responses/{id}", "/api/v1/canned-responses/{canned}", Some(r#"{"group":"csm","name":"Cambiada","body_es":"Hola","body_en":"Hello"}"#), Only(&[Role::Admin, Role::CustomerServiceMgmt]), Open, Success),
    row("DELETE", "/api/v1/canned-responses/{id}", "/api/v1/canned-responses/{canned}", None, Only(&[Role::Admin, Role::CustomerServiceMgmt]), Open, Success),
    row("GET", "/api/v1/tickets/{ticket}/canned-responses", "/api/v1/tickets/{own.ticket}/canned-responses", None, Everyone, Bound, Success),
    row("POST", "/api/v1/tickets/{ticket}/actions/{action}", "/api/v1/tickets/{own.ticket2}/actions/escalate", Some(r#"{"fault_type":"no_signal"}"#), Only(&[Role::Csm]), Bound, Success),
    // Mass incidents (R-TRIAGE-6).
    row("POST", "/api/v1/incidents", "/api/v1/incidents", Some(r#"{"title":"Caída de radiobase","owner":"cor"}"#), Only(INCIDENT_TEAMS), Open, Success),
    row("GET", "/api/v1/incidents/{incident}/children", "/api/v1/incidents/{incident}/children", None, Only(STAFF), Open, Success),
    row("POST", "/api/v1/incidents/{incident}/children", "/api/v1/incidents/{incident}/children", Some(r#"{"tickets":["{own.ticket2}"]}"#), Only(INCIDENT_TEAMS), Open, Success),
    row("DELETE", "/api/v1/incidents/{incident}/children/{ticket}", "/api/v1/incidents/{incident}/children/{own.ticket2}", None, Only(INCIDENT_OWNER), Open, Success),
    row("POST", "/api/v1/incidents/{incident}/resolve", "/api/v1/incidents/{incident}/resolve", Some(r#"{"resolution":"Radiobase restablecida"}"#), Only(INCIDENT_OWNER), Open, Success),
    // Accounts, lines, contacts, equipment.
    row("GET", "/api/v1/accounts", "/api/v1/accounts", None, Only(ACCOUNT_SEARCHERS), Open, Success),
    // Search: every role, each finding only its own (tests in search.rs).
    row("GET", "/api/v1/search", "/api/v1/search?q=senal", None, Everyone, Open, Success),
    row("POST", "/api/v1/accounts", "/api/v1/accounts", Some(r#"{"number":"9901","name":"Nueva C.A."}"#), Only(ADMIN_ONLY), Open, Success),
    row("GET", "/api/v1/accounts/{account}", "/api/v1/accounts/{own.account}", None, Only(ACCOUNT_READERS), Bound, Success),
    row("PATCH", "/api/v1/accounts/{account}", "/api/v1/accounts/{own.account}", Some(r#"{"name":"Empresa A renombrada"}"#), Only(ADMIN_ONLY), Bound, Success),
    row("GET", "/api/v1/accounts/{account}/lines", "/api/v1/accounts/{own.account}/lines", None, Only(ACCOUNT_READERS), Bound, Success),
    row("POST", "/api/v1/accounts/{account}/lines", "/api/v1/accounts/{own.account}/lines", Some(r#"{"msisdn":"+584169990001"}"#), Only(ADMIN_ONLY), Bound, Success),
    row("GET", "/api/v1/accounts/{account}/contacts", "/api/v1/accounts/{own.account}/contacts", None, Only(ACCOUNT_READERS), Bound, Success),
    row("POST", "/api/v1/accounts/{account}/contacts", "/api/v1/accounts/{own.account}/contacts", Some(r#"{"name":"Luis","phone":"+584141112233"}"#), Only(ADMIN_ONLY), Bound, Success),
    row("POST", "/api/v1/equipment", "/api/v1/equipment", Some(r#"{"imei":"{new.imei}","make":"ZTE","model":"Blade"}"#), Only(ADMIN_ONLY), Open, Success),
    row("GET", "/api/v1/equipment/{imei}", "/api/v1/equipment/{own.imei}", None, Only(DEVICE_READERS), Bound, Success),
    row("GET", "/api/v1/equipment/{imei}/history", "/api/v1/equipment/{own.imei}/history", None, Only(REPAIR_READERS), Bound, Success),
    row("GET", "/api/v1/lines/{msisdn}/device-history", "/api/v1/lines/{own.line_escaped}/device-history", None, Only(STAFF), Open, Success),
    // Reference data and people.
    row("GET", "/api/v1/me", "/api/v1/me", None, Everyone, Open, Success),
    row("GET", "/api/v1/groups", "/api/v1/groups", None, Everyone, Open, Success),
    row("POST", "/api/v1/groups", "/api/v1/groups", Some(r#"{"code":"noc-2","name":"NOC 2","kind":"second_level"}"#), Only(ADMIN_ONLY), Open, Success),
    row("GET", "/api/v1/fault-types", "/api/v1/fault-types", None, Everyone, Open, Success),
    row("POST", "/api/v1/fault-types", "/api/v1/fault-types", Some(r#"{"code":"roaming","name":"Roaming","default_severity":"minor","second_level":"gsac"}"#), Only(ADMIN_ONLY), Open, Success),
    row("GET", "/api/v1/users", "/api/v1/users", None, Only(ADMIN_ONLY), Open, Success),
    row("POST", "/api/v1/users", "/api/v1/users", Some(r#"{"name":"nuevo","role":"teleservice"}"#), Only(ADMIN_ONLY), Open, Success),
    row("PATCH", "/api/v1/users/{id}", "/api/v1/users/{victim}", Some(r#"{"active":true}"#), Only(ADMIN_ONLY), Open, Success),
    row("PUT", "/api/v1/users/{id}/password", "/api/v1/users/{victim}/password", Some(r#"{"password":"una-clave-larga"}"#), Only(ADMIN_ONLY), Open, Success),
    // Calendars, SLA policies, the escalation matrix.
    row("GET", "/api/v1/calendars", "/api/v1/calendars", None, Everyone, Open, Success),
    row("GET", "/api/v1/calendars/{name}", "/api/v1/calendars/caracas-business", None, Everyone, Open, Success),
    row("PUT", "/api/v1/calendars/{name}", "/api/v1/calendars/guardia", Some(r#"{"zone":"America/Caracas","week":{"saturday":["08:00-12:00"]}}"#), Only(ADMIN_ONLY), Open, Success),
    row("GET", "/api/v1/calendars/{name}/business-time", "/api/v1/calendars/caracas-business/business-time?from=2026-02-13T19:00:00Z&to=2026-02-19T19:00:00Z", None, Everyone, Open, Success),
    row("GET", "/api/v1/calendars/{name}/deadline", "/api/v1/calendars/24x7/deadline?from=2026-02-13T15:00:00Z&minutes=60", None, Everyone, Open, Success),
    row("GET", "/api/v1/sla-policies", "/api/v1/sla-policies", None, Only(STAFF), Open, Success),
    row("PUT", "/api/v1/sla-policies/{name}", "/api/v1/sla-policies/no-signal", Some(r#"{"fault_type":"no_signal","resolution":{"target_minutes":480,"calendar":"caracas-business"}}"#), Only(ADMIN_ONLY), Open, Success),
    row("DELETE", "/api/v1/sla-policies/{name}", "/api/v1/sla-policies/no-signal", None, Only(ADMIN_ONLY), Open, Success),
    row("GET", "/api/v1/escalation-rules", "/api/v1/escalation-rules", None, Only(STAFF), Open, Success),
    row("PUT", "/api/v1/escalation-rules/{fault_type}/{level}", "/api/v1/escalation-rules/*/first", Some(r#"{"steps":[{"name":"untouched","event":"opened","delay_minutes":30,"condition":"not_taken","actions":[{"type":"notify_role","role":"csm"}]}]}"#), Only(ADMIN_ONLY), Open, Success),
    row("DELETE", "/api/v1/escalation-rules/{fault_type}/{level}", "/api/v1/escalation-rules/*/first", None, Only(ADMIN_ONLY), Open, Success),
    // Maintenance (R-MAINT-1/2).
    row("GET", "/api/v1/maintenance", "/api/v1/maintenance", None, Only(MAINT_READERS), Open, Success),
    row("POST", "/api/v1/maintenance", "/api/v1/maintenance", Some(r#"{"title":"Ventana","start":"2026-12-14T14:00:00Z","end":"2026-12-14T16:00:00Z","accounts":["{own.account}"]}"#), Only(PLANNERS), Open, Success),
    row("GET", "/api/v1/maintenance/{id}", "/api/v1/maintenance/{own.work}", None, Only(MAINT_READERS), Bound, Success),
    row("POST", "/api/v1/maintenance/{id}/notify", "/api/v1/maintenance/{draft}/notify", Some("{}"), Only(PLANNERS), Open, Success),
    row("POST", "/api/v1/maintenance/{id}/accounts/{account}/answer", "/api/v1/maintenance/{own.work}/accounts/{own.account}/answer", Some("{}"), Only(ANSWERERS), Bound, Success),
    row("POST", "/api/v1/maintenance/{id}/reschedule", "/api/v1/maintenance/{draft2}/reschedule", Some(r#"{"title":"Ventana movida","start":"2026-12-15T14:00:00Z","end":"2026-12-15T16:00:00Z","accounts":["{own.account}"]}"#), Only(PLANNERS), Open, Success),
    row("POST", "/api/v1/maintenance/{id}/{step}", "/api/v1/maintenance/{draft2}/cancel", Some(r#"{"reason":"Aplazada"}"#), Only(PLANNERS), Open, Success),
    // Notifications and listeners.
    row("GET", "/api/v1/admin/messages", "/api/v1/admin/messages", None, Only(ADMIN_ONLY), Open, Success),
    row("POST", "/api/v1/admin/messages/{id}/retry", "/api/v1/admin/messages/{message}/retry", None, Only(ADMIN_ONLY), Open, Authorized),
    row("GET", "/api/v1/webhooks", "/api/v1/webhooks", None, Only(HOOK_OWNERS), Open, Success),
    row("POST", "/api/v1/webhooks", "/api/v1/webhooks", Some(r#"{"callback":"http://127.0.0.1:9/nuevo"}"#), Only(HOOK_OWNERS), Open, Success),
    row("DELETE", "/api/v1/webhooks/{id}", "/api/v1/webhooks/{webhook}", None, Only(HOOK_OWNERS), Open, Success),
    // Reports (R-REPORT-1/2).
    row("GET", "/api/v1/weekly-reports/{week}", "/api/v1/weekly-reports/2026-W48", None, Only(REPORT_READERS), Open, Success),
    row("GET", "/api/v1/weekly-reports/{week}/tables/{table}", "/api/v1/weekly-reports/2026-W48/tables/por_tipo", None, Only(REPORT_READERS), Open, Success),
    row("GET", "/api/v1/weekly-reports/{week}/charts/{chart}", "/api/v1/weekly-reports/2026-W48/charts/por_tipo", None, Only(REPORT_READERS), Open, Success),
    row("GET", "/api/v1/weekly-reports/{week}/xlsx", "/api/v1/weekly-reports/2026-W48/xlsx", None, Only(REPORT_READERS), Open, Success),
    row("GET", "/api/v1/weekly-reports/{week}/pdf", "/api/v1/weekly-reports/2026-W48/pdf", None, Only(REPORT_READERS), Open, Success),
    row("GET", "/api/v1/weekly-reports/stored", "/api/v1/weekly-reports/stored", None, Only(REPORT_READERS), Open, Success),
    row("GET", "/api/v1/weekly-reports/stored/{week}", "/api/v1/weekly-reports/stored/2026-W48", None, Only(REPORT_READERS), Open, Authorized),
    row("GET", "/api/v1/fault-report", "/api/v1/fault-report?from=2026-11-16T04:00:00Z&to=2026-11-23T04:00:00Z", None, Only(REPORT_READERS), Open, Success),
    row("GET", "/api/v1/fault-statistics", "/api/v1/fault-statistics?from=2026-11-16T04:00:00Z&to=2026-11-23T04:00:00Z", None, Only(REPORT_READERS), Open, Success),
    // Repair: centers, slots, appointments (R-REPAIR-1..3).
    row("GET", "/api/v1/centers", "/api/v1/centers", None, Everyone, Open, Success),
    row("GET", "/api/v1/centers/{code}", "/api/v1/centers/{own.center}", None, Everyone, Open, Success),
    row("PUT", "/api/v1/centers/{code}", "/api/v1/centers/center-c", Some(r#"{"name":"Centro C","address":"Av. 1","area":"Caracas","business_unit":"Región Capital","warehouse_code":"almacen-capital"}"#), Only(ADMIN_ONLY), Open, Success),
    row("GET", "/api/v1/centers/{code}/slots", "/api/v1/centers/{own.center}/slots", None, Everyone, Open, Success),
    row("GET", "/api/v1/centers/{code}/appointments", "/api/v1/centers/{own.center}/appointments", None, Only(INTERNAL_READERS), Bound, Success),
    row("POST", "/api/v1/searchTimeSlot", "/api/v1/searchTimeSlot", Some(r#"{"requestedTimeSlot":[{"validFor":{"startDateTime":"2026-11-23T00:00:00Z","endDateTime":"2026-11-25T00:00:00Z"}}],"relatedPlace":{"name":"Caracas","role":"area"},"@type":"SearchTimeSlot"}"#), Everyone, Open, Success),
    row("GET", "/api/v1/tickets/{ticket}/appointments", "/api/v1/tickets/{own.ticket}/appointments", None, Only(TICKET_READERS), Bound, Success),
    row("POST", "/api/v1/tickets/{ticket}/appointments", "/api/v1/tickets/{own.ticket}/appointments", Some(r#"{"center":"{own.center}","start":"{slot}"}"#), Only(BOOKERS), Bound, Authorized),
    row("GET", "/api/v1/appointments/{id}", "/api/v1/appointments/{own.appointment}", None, Only(TICKET_READERS), Bound, Success),
    row("PATCH", "/api/v1/appointments/{id}", "/api/v1/appointments/{own.appointment}", Some(r#"{"center":"{own.center}","start":"{slot}"}"#), Only(BOOKERS), Bound, Authorized),
    row("POST", "/api/v1/appointments/{id}/no-show", "/api/v1/appointments/{own.appointment}/no-show", None, Only(NO_SHOW), Bound, Authorized),
    // The repair itself (R-REPAIR-2/3).
    row("GET", "/api/v1/tickets/{ticket}/repair", "/api/v1/tickets/{own.ticket}/repair", None, Only(TICKET_READERS), Bound, Success),
    row("POST", "/api/v1/tickets/{ticket}/repair/entries", "/api/v1/tickets/{own.ticket}/repair/entries", Some(r#"{"kind":"test","body":"Prueba de señal"}"#), Only(CENTER_WORK), Bound, Success),
    row("POST", "/api/v1/tickets/{ticket}/repair/certify", "/api/v1/tickets/{own.ticket}/repair/certify", Some(r#"{"work_done":"Cambio de antena","result":"Funciona"}"#), Only(CENTER_WORK), Bound, Success),
    // Stock and the warehouse loop (R-REPAIR-3..5).
    row("GET", "/api/v1/stock", "/api/v1/stock", None, Only(REPAIR_READERS), Open, Success),
    row("POST", "/api/v1/stock", "/api/v1/stock", Some(r#"{"imei":"{new.imei}","make":"Samsung","model":"Galaxy A15","location":"almacen-capital"}"#), Only(WAREHOUSE_WORK), Open, Success),
    row("GET", "/api/v1/stock/summary", "/api/v1/stock/summary", None, Only(REPAIR_READERS), Open, Success),
    row("GET", "/api/v1/stock/units/{imei}", "/api/v1/stock/units/{own.unit}", None, Only(REPAIR_READERS), Bound, Success),
    row("POST", "/api/v1/stock/units/{imei}/reserve", "/api/v1/stock/units/{own.unit}/reserve", Some(r#"{"ticket":"{own.ticket}"}"#), Only(CENTER_WORK), Bound, Success),
    row("PUT", "/api/v1/stock/reorder-levels", "/api/v1/stock/reorder-levels", Some(r#"{"location":"center-a","model":"Galaxy A15","minimum":1}"#), Only(WAREHOUSE_WORK), Open, Success),
    row("GET", "/api/v1/warehouses", "/api/v1/warehouses", None, Only(STAFF), Open, Success),
    row("PUT", "/api/v1/warehouses/{code}", "/api/v1/warehouses/almacen-oriente", Some(r#"{"name":"Almacén Oriente","business_unit":"Oriente"}"#), Only(ADMIN_ONLY), Open, Success),
    row("GET", "/api/v1/endorsements", "/api/v1/endorsements", None, Only(STAFF), Open, Success),
    row("GET", "/api/v1/endorsements/{number}", "/api/v1/endorsements/AVAL-2026-000001", None, Only(STAFF), Open, Authorized),
    row("POST", "/api/v1/endorsements/{number}/receive", "/api/v1/endorsements/AVAL-2026-000001/receive", Some(r#"{"imei":"{own.imei}"}"#), Only(WAREHOUSE_WORK), Open, Authorized),
    row("GET", "/api/v1/replenishments", "/api/v1/replenishments", None, Only(INTERNAL_READERS), Open, Success),
    row("POST", "/api/v1/replenishments/{id}/ship", "/api/v1/replenishments/{nothing}/ship", Some(r#"{"imei":"350000000009031"}"#), Only(WAREHOUSE_WORK), Open, Authorized),
    row("POST", "/api/v1/replenishments/{id}/receive", "/api/v1/replenishments/{nothing}/receive", None, Only(CENTER_WORK), Open, Authorized),
    // TMF621 v4 and v5 (TM Forum's documents list these operations).
    row("GET", "/troubleTicket", "/tmf-api/troubleTicket/v4/troubleTicket", None, Everyone, Open, Success),
    row("POST", "/troubleTicket", "/tmf-api/troubleTicket/v4/troubleTicket", Some(r#"{"description":"Sin señal","severity":"Major","ticketType":"fault","relatedParty":[{"id":"{own.account}","role":"customer","@referredType":"Organization"},{"id":"+584141234567","name":"Ana","role":"reporter","@referredType":"Individual"}],"relatedEntity":[{"id":"{own.line2}","role":"affectedLine","@referredType":"Resource"}]}"#), Only(REPORTERS), Bound, Authorized),
    row("GET", "/troubleTicket/{id}", "/tmf-api/troubleTicket/v4/troubleTicket/{own.ticket}", None, Only(TICKET_READERS), Bound, Success),
    row("PATCH", "/troubleTicket/{id}", "/tmf-api/troubleTicket/v4/troubleTicket/{own.ticket}", Some(r#"{"note":[{"text":"nota por TMF"}]}"#), Only(NOTE_WRITERS), Bound, Success),
    row("DELETE", "/troubleTicket/{id}", "/tmf-api/troubleTicket/v4/troubleTicket/{own.ticket}", None, Only(ADMIN_ONLY), Open, Authorized),
    row("POST", "/hub", "/tmf-api/troubleTicket/v4/hub", Some(r#"{"callback":"http://127.0.0.1:9/tmf"}"#), Only(HOOK_OWNERS), Open, Success),
    row("GET", "/hub/{id}", "/tmf-api/troubleTicket/v5/hub/{webhook2}", None, Only(HOOK_OWNERS), Open, Success),
    row("DELETE", "/hub/{id}", "/tmf-api/troubleTicket/v4/hub/{webhook2}", None, Only(HOOK_OWNERS), Open, Success),
    row("GET", "/troubleTicketSpecification", "/tmf-api/troubleTicket/v5/troubleTicketSpecification", None, Everyone, Open, Success),
    row("POST", "/troubleTicketSpecification", "/tmf-api/troubleTicket/v5/troubleTicketSpecification", Some(r#"{"@type":"TroubleTicketSpecification","name":"x"}"#), Only(&[]), Open, Authorized),
    row("GET", "/troubleTicketSpecification/{id}", "/tmf-api/troubleTicket/v5/troubleTicketSpecification/x", None, Only(&[]), Open, Authorized),
    row("PATCH", "/troubleTicketSpecification/{id}", "/tmf-api/troubleTicket/v5/troubleTicketSpecification/x", Some(r#"{"@type":"TroubleTicketSpecification"}"#), Only(&[]), Open, Authorized),
    row("DELETE", "/troubleTicketSpecification/{id}", "/tmf-api/troubleTicket/v5/troubleTicketSpecification/x", None, Only(&[]), Open, Authorized),
    // Last: cancelling takes the ticket off the center's list.
    row("POST", "/api/v1/appointments/{id}/cancel", "/api/v1/appointments/{own.appointment}/cancel", Some(r#"{"reason":"No puede asistir"}"#), Only(BOOKERS), Bound, Authorized),
];

/// Operations of TM Forum's documents that are the subscriber's to
/// implement (its listener), not the server's.
fn is_client_side(path: &str) -> bool {
    path.starts_with("/listener/")
}

/// Every (method, path) the native OpenAPI document and TM Forum's v4 and
/// v5 documents list, that the server must answer.
fn documented_operations() -> Vec<(String, String)> {
    let mut ops = Vec::new();
    let native = serde_json::to_value(averias_server::api::openapi()).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/tmf");
    let v4: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("TMF621-TroubleTicket-v4.0.0.swagger.json")).unwrap(),
    )
    .unwrap();
    let v5: Value = serde_norway::from_str(
        &std::fs::read_to_string(root.join("TMF621-Trouble_Ticket-v5.0.1.oas.yaml")).unwrap(),
    )
    .unwrap();
    for doc in [&native, &v4, &v5] {
        for (path, item) in doc["paths"].as_object().unwrap() {
            if is_client_side(path) {
                continue;
            }
            for method in ["get", "post", "put", "patch", "delete"] {
                if item.get(method).is_some() {
                    ops.push((method.to_uppercase(), path.clone()));
                }
            }
        }
    }
    ops.sort();
    ops.dedup();
    ops
}

#[test]
fn every_documented_operation_has_a_row_in_the_matrix() {
    let missing: Vec<String> = documented_operations()
        .into_iter()
        .filter(|(m, p)| !MATRIX.iter().any(|r| r.method == m && r.path == p))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "say who may call these in MATRIX (R-ACCESS-1): {missing:#?}"
    );
    let stale: Vec<String> = MATRIX
        .iter()
        .filter(|r| {
            !documented_operations()
                .iter()
                .any(|(m, p)| r.method == m && r.path == p)
        })
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        stale.is_empty(),
        "rows for no documented operation: {stale:#?}"
    );
}

/// One caller of the matrix: its token, role, and whether it sees only
/// its own tenant (then it is also tried on the other tenant's resources).
struct Principal {
    token: &'static str,
    role: Role,
    tenant_bound: bool,
}

const CSMGMT: &str = "t-csmgmt";
const HUB_V4: &str = "/tmf-api/troubleTicket/v4/hub";

fn principals() -> Vec<Principal> {
    let mut all: Vec<Principal> = ROLE_TOKENS
        .iter()
        .map(|(token, role)| Principal {
            token,
            role: *role,
            tenant_bound: !role.is_operator_staff(),
        })
        .collect();
    all.push(Principal {
        token: CSMGMT,
        role: Role::CustomerServiceMgmt,
        tenant_bound: false,
    });
    all
}

/// The resources the calls name, own and foreign.
struct Context {
    values: Vec<(String, String)>,
}

impl Context {
    fn fill(&self, template: &str, foreign: bool) -> String {
        let mut out = template.to_owned();
        if foreign {
            for (k, v) in &self.values {
                if let Some(name) = k.strip_prefix("foreign.") {
                    out = out.replace(&format!("{{own.{name}}}"), v);
                }
            }
        }
        for (k, v) in &self.values {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        assert!(
            !out.contains("{own.") && !out.contains("{foreign."),
            "unfilled: {out}"
        );
        out
    }
}

async fn point_fault(app: &TestApp, account: &str, line: &str, center: &str) -> (String, String) {
    let n = number(&app.report(account, line, Some("device_failure")).await);
    app.act_ok(CSM, &n, "classify_point_fault", json!({})).await;
    let booked = app.book(TELESERVICE, &n, center).await;
    (n, booked["id"].as_str().unwrap().to_owned())
}

async fn work(app: &TestApp, account: &str, start: &str, end: &str, notify: bool) -> String {
    let (status, w) = app
        .post(
            CSM,
            "/api/v1/maintenance",
            json!({"title": "Trabajo", "start": start, "end": end, "accounts": [account]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{w}");
    let id = w["id"].as_str().unwrap().to_owned();
    if notify {
        let (status, w) = app
            .post(CSM, &format!("/api/v1/maintenance/{id}/notify"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{w}");
    }
    id
}

async fn context(app: &TestApp) -> Context {
    let s = app.services();
    let system = averias_services::reference::system_actor();
    s.admin
        .create_user(
            &system,
            averias_services::reference::UserInput {
                name: "atencion".into(),
                role: Role::CustomerServiceMgmt,
                group: None,
                account: None,
                email: None,
                token: Some(CSMGMT.into()),
            },
        )
        .await
        .unwrap();
    let (victim, _) = s
        .admin
        .create_user(
            &system,
            averias_services::reference::UserInput {
                name: "otro".into(),
                role: Role::Teleservice,
                group: None,
                account: None,
                email: None,
                token: None,
            },
        )
        .await
        .unwrap();
    let (own_ticket, own_appointment) = point_fault(app, ACCOUNT_A, LINE_A1, "center-a").await;
    let (foreign_ticket, foreign_appointment) =
        point_fault(app, ACCOUNT_B, LINE_B1, "center-b").await;
    let own_ticket2 = number(&app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await);
    let attach = async |ticket: &str| {
        let (status, sent) = super::attachments::upload(
            app,
            CSM,
            ticket,
            &[
                ("file", Some("foto.txt"), b"lectura de senal -95 dBm"),
                ("visibility", None, b"public"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{sent}");
        sent[0]["id"].as_str().unwrap().to_owned()
    };
    let own_attachment = attach(&own_ticket).await;
    let foreign_attachment = attach(&foreign_ticket).await;
    let (status, incident) = app
        .post(
            CSM,
            "/api/v1/incidents",
            json!({"title": "Caída", "owner": "cor"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{incident}");
    let own_work = work(
        app,
        ACCOUNT_A,
        "2026-11-30T14:00:00Z",
        "2026-11-30T16:00:00Z",
        true,
    )
    .await;
    let foreign_work = work(
        app,
        ACCOUNT_B,
        "2026-12-01T14:00:00Z",
        "2026-12-01T16:00:00Z",
        true,
    )
    .await;
    let draft = work(
        app,
        ACCOUNT_A,
        "2026-12-07T14:00:00Z",
        "2026-12-07T16:00:00Z",
        false,
    )
    .await;
    let draft2 = work(
        app,
        ACCOUNT_A,
        "2026-12-08T14:00:00Z",
        "2026-12-08T16:00:00Z",
        false,
    )
    .await;
    let (status, hook) = app
        .post(
            INTEGRATION,
            "/api/v1/webhooks",
            json!({"callback": "http://127.0.0.1:9/crm"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{hook}");
    let (status, hook2) = app
        .post(
            INTEGRATION,
            HUB_V4,
            json!({"callback": "http://127.0.0.1:9/tmf-context"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{hook2}");
    let slot = app.first_free_slot("center-a").await["start"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, messages) = app.get(ADMIN, "/api/v1/admin/messages").await;
    let message = messages[0]["id"]
        .as_str()
        .unwrap_or("00000000-0000-0000-0000-000000000000")
        .to_owned();
    let (status, canned) = app
        .post(
            ADMIN,
            "/api/v1/canned-responses",
            json!({"group": "csm", "name": "Saludo", "body_es": "Hola {{contact}}", "body_en": "Hello {{contact}}"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{canned}");
    let pairs = [
        ("own.account", ACCOUNT_A.to_owned()),
        ("foreign.account", ACCOUNT_B.to_owned()),
        ("own.line2", LINE_A2.to_owned()),
        ("foreign.line2", LINE_B1.to_owned()),
        ("own.line_escaped", LINE_A1.replace('+', "%2B")),
        ("foreign.line_escaped", LINE_B1.replace('+', "%2B")),
        ("own.ticket", own_ticket),
        ("foreign.ticket", foreign_ticket.clone()),
        ("own.ticket2", own_ticket2),
        ("own.attachment", own_attachment),
        ("foreign.attachment", foreign_attachment),
        ("foreign.ticket2", foreign_ticket.clone()),
        ("own.appointment", own_appointment),
        ("foreign.appointment", foreign_appointment),
        ("own.imei", imei(0).as_str().to_owned()),
        ("foreign.imei", imei(10).as_str().to_owned()),
        ("new.imei", imei(777).as_str().to_owned()),
        ("own.work", own_work),
        ("foreign.work", foreign_work),
        ("own.center", "center-a".to_owned()),
        ("foreign.center", "center-b".to_owned()),
        ("own.unit", UNITS_CENTER_A[0].to_owned()),
        ("foreign.unit", UNIT_CENTER_B.to_owned()),
        ("draft", draft),
        ("draft2", draft2),
        ("incident", incident["number"].as_str().unwrap().to_owned()),
        ("victim", victim.id.to_string()),
        ("canned", canned["id"].as_str().unwrap().to_owned()),
        ("webhook", hook["id"].as_str().unwrap().to_owned()),
        ("webhook2", hook2["id"].as_str().unwrap().to_owned()),
        ("message", message),
        ("slot", slot),
        ("nothing", "0190f000-0000-7000-8000-000000000000".to_owned()),
    ];
    Context {
        values: pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    }
}

fn allowed(row: &Row, role: Role) -> bool {
    match row.who {
        Everyone => true,
        Only(roles) => roles.contains(&role),
    }
}

async fn call(
    app: &TestApp,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<String>,
) -> (StatusCode, String) {
    let mut req = app.client.request(
        Method::from_bytes(method.as_bytes()).unwrap(),
        format!("{}{path}", app.base),
    );
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.header("content-type", "application/json").body(b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    (status, resp.text().await.unwrap_or_default())
}

/// Runs the whole matrix for one principal on a fresh database; the
/// violations found.
async fn run_principal(app: &TestApp, who: &Principal, grid: &mut Vec<String>) -> Vec<String> {
    let ctx = context(app).await;
    let mut violations = Vec::new();
    for row in MATRIX {
        let may = allowed(row, who.role);
        let variants: &[bool] = if who.tenant_bound && row.tenant == Bound {
            &[false, true]
        } else {
            &[false]
        };
        for &foreign in variants {
            let path = ctx.fill(row.call, foreign);
            let body = row.body.map(|b| ctx.fill(b, foreign));
            let (status, text) = call(app, Some(who.token), row.method, &path, body).await;
            grid.push(format!(
                "{:<6} {:<55} {:<20} {:<7} {}",
                row.method,
                row.path,
                who.role.as_str(),
                if foreign { "foreign" } else { "own" },
                status.as_u16()
            ));
            let code = status.as_u16();
            let refused = code == 403 || code == 404;
            let problem = if status.is_server_error() {
                Some("a server error")
            } else if foreign && may {
                (!refused).then_some("another tenant's resource was not refused")
            } else if !may {
                (!(refused || (row.who_nobody() && matches!(code, 404 | 405))))
                    .then_some("a role the matrix does not allow was not refused")
            } else {
                match row.expect {
                    Success => (!status.is_success()).then_some("an allowed role did not succeed"),
                    Authorized => {
                        (code == 401 || code == 403 || (code == 404 && row.tenant == Bound))
                            .then_some("an allowed role was refused")
                    }
                }
            };
            if let Some(why) = problem {
                violations.push(format!(
                    "{} {} ({}) as {} on {} tenant: {why}: {code} {}",
                    row.method,
                    row.path,
                    path,
                    who.role.as_str(),
                    if foreign { "another" } else { "its own" },
                    text.chars().take(200).collect::<String>()
                ));
            }
        }
    }
    violations
}

#[tokio::test]
async fn every_role_reaches_exactly_what_r_access_1_allows_through_every_operation() {
    let print = std::env::var("AVERIAS_MATRIX_PRINT").is_ok();
    let mut all = Vec::new();
    for who in principals() {
        let grid = std::sync::Mutex::new(Vec::new());
        let found = std::sync::Mutex::new(Vec::new());
        for_each_backend(Setup::Fixture, async |app: TestApp| {
            let mut lines = Vec::new();
            let v = run_principal(&app, &who, &mut lines).await;
            found.lock().unwrap().extend(v);
            grid.lock().unwrap().extend(lines);
        })
        .await;
        if print {
            for line in grid.lock().unwrap().iter() {
                println!("{line}");
            }
        }
        all.extend(found.into_inner().unwrap());
    }
    assert!(
        all.is_empty(),
        "{} violation(s):\n{}",
        all.len(),
        all.join("\n")
    );
}

/// Without a token every operation answers 401, before anything else.
#[tokio::test]
async fn every_operation_needs_a_token() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let ctx = context(&app).await;
        for row in MATRIX {
            let path = ctx.fill(row.call, false);
            let (status, text) = call(
                &app,
                None,
                row.method,
                &path,
                row.body.map(|b| ctx.fill(b, false)),
            )
            .await;
            assert!(
                status == StatusCode::UNAUTHORIZED
                    || (row.who_nobody()
                        && matches!(
                            status,
                            StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_FOUND
                        )),
                "{} {path}: {status} {text}",
                row.method
            );
        }
    })
    .await;
}

impl Row {
    /// An operation the server does not offer to anyone (405 or 404).
    fn who_nobody(&self) -> bool {
        matches!(self.who, Only(r) if r.is_empty())
    }
}
