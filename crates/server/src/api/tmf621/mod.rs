//! TM Forum TMF621 Trouble Ticket v4 (`/tmf-api/troubleTicket/v4/`) and v5
//! (`/tmf-api/troubleTicket/v5/`), one façade over the same services as
//! the native API: the same roles, tenancy and procedure rules, TMF shapes
//! (per version, see [`Version`]) and TMF error bodies.
//!
//! Mapping: a ticket's `id` is its number (`AV-2026-000123`, what the
//! customer quotes; the internal UUID is accepted too); `relatedParty`
//! holds the customer account (`role: customer`) and the reporter
//! (`role: reporter`, `id` = the reporter's phone); `relatedEntity` holds
//! the affected lines (`role: affectedLine`, `id` = MSISDN) and devices
//! (`affectedEquipment`, IMEI); `expectedResolutionDate` is the SLA deadline;
//! `externalIdentifier` (v5) / `externalId` (v4) are the caller's own keys.
//! A PATCH of `status` runs the procedure step that leads there
//! (acknowledged→inProgress starts work, →pending sends a point fault to
//! repair, →resolved resolves with `statusChangeReason` as the resolution,
//! resolved→inProgress rejects the resolution, →closed closes, →cancelled
//! cancels); escalation to a second-level group has no TMF status and stays
//! in the native API.

mod version;

use averias_domain::{Channel, Email, Msisdn, Severity, Status, TicketKind, Visibility};
use averias_store::{ExternalId, TicketFilter};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Extension, Json, Router};
use serde_json::{Map, Value, json};

use self::version::Shape;
pub use self::version::Version;
use super::extract::Caller;
use crate::App;
use crate::error::ApiError;
use averias_services::ServiceError;
use averias_services::intake::{LocalAccountChecker, ReportInput};
use averias_services::tickets::{ActionInput, ActionName, TicketView};

/// The v4 and v5 routes, each version's handlers told which shape to speak.
pub fn router() -> Router<App> {
    Router::new()
        .merge(routes(Version::V4))
        .merge(routes(Version::V5))
}

/// One version's routes (a trailing slash on a collection reaches the same
/// handler). v5's ticket specifications are documented but not kept: the
/// list is empty and writes answer 405. Anything else under the base is a
/// TMF 404, so a client always gets a TMF error body.
fn routes(v: Version) -> Router<App> {
    let base = v.base();
    let collection = || get(list).post(create).fallback(method_not_allowed);
    let hubs = || post(subscribe).fallback(method_not_allowed);
    let mut r = Router::new()
        .route(&format!("{base}/troubleTicket"), collection())
        .route(&format!("{base}/troubleTicket/"), collection())
        .route(
            &format!("{base}/troubleTicket/{{id}}"),
            get(read)
                .patch(patch)
                .delete(delete)
                .fallback(method_not_allowed),
        )
        .route(&format!("{base}/hub"), hubs())
        .route(&format!("{base}/hub/"), hubs())
        .route(&format!("{base}/{{*rest}}"), any(no_such_resource));
    r = if v == Version::V5 {
        r.route(
            &format!("{base}/hub/{{id}}"),
            get(hub).delete(unsubscribe).fallback(method_not_allowed),
        )
        .route(
            &format!("{base}/troubleTicketSpecification"),
            get(no_specifications).fallback(specifications_not_managed),
        )
        .route(
            &format!("{base}/troubleTicketSpecification/{{id}}"),
            get(no_such_resource).fallback(specifications_not_managed),
        )
    } else {
        r.route(
            &format!("{base}/hub/{{id}}"),
            axum::routing::delete(unsubscribe).fallback(method_not_allowed),
        )
    };
    r.layer(Extension(v))
}

/// A method the resource does not take (PUT on a ticket, say).
async fn method_not_allowed(method: axum::http::Method) -> TmfError {
    TmfError(ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed here"),
    ))
}

/// Any other path under a version's base.
async fn no_such_resource() -> TmfError {
    TmfError(ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such resource here; this API serves troubleTicket and hub".to_owned(),
    ))
}

/// `GET /troubleTicketSpecification` (v5): Averías types tickets by
/// `ticketType` and keeps no specifications, so the list is empty.
async fn no_specifications(TmfCaller(_actor): TmfCaller) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert("X-Total-Count", HeaderValue::from(0));
    headers.insert("X-Result-Count", HeaderValue::from(0));
    (StatusCode::OK, headers, Json(json!([]))).into_response()
}

/// Writes to `troubleTicketSpecification` (v5): not managed here.
async fn specifications_not_managed() -> TmfError {
    TmfError(ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "specifications_not_managed",
        "trouble ticket specifications are not managed here; tickets are typed by ticketType"
            .to_owned(),
    ))
}

/// `POST /hub`: a listener subscribes to ticket events (`EventSubscriptionInput`:
/// `callback`, optional `query` such as `eventType=TroubleTicketStatusChangeEvent`).
/// Events go through the notifications outbox: signed, retried, never lost.
async fn subscribe(
    State(app): State<App>,
    Extension(v): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    body: axum::body::Bytes,
) -> TmfResult<Response> {
    let body = body_json(body).await?;
    require_type(v, &body)?;
    let callback =
        text(&body, "callback").ok_or_else(|| bad("missing_callback", "callback is mandatory"))?;
    let query = text(&body, "query").unwrap_or_default().to_owned();
    let mut events = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some(("eventType", list)) => events.extend(
                list.split(',')
                    .map(|e| e.trim().to_owned())
                    .filter(|e| !e.is_empty()),
            ),
            _ => {
                return Err(bad(
                    "unsupported_query",
                    format!("'{part}' is not understood; use eventType=<event>[,<event>]"),
                ));
            }
        }
    }
    let hook = app
        .services
        .notifications
        .subscribe_webhook(&actor, callback, events, v.hook_api())
        .await?;
    Ok((StatusCode::CREATED, Json(hub_body(v, &hook))).into_response())
}

/// A listener as the hub shows it (`EventSubscription` in v4, `Hub` in v5).
fn hub_body(v: Version, hook: &averias_store::Webhook) -> Value {
    let id = hook.id.to_string();
    let query = if hook.events.is_empty() {
        String::new()
    } else {
        format!("eventType={}", hook.events.join(","))
    };
    let mut out = json!({"id": id, "callback": hook.callback, "query": query});
    if v == Version::V5 {
        out["href"] = json!(format!("{}/hub/{id}", v.base()));
        out["@type"] = json!("Hub");
    }
    out
}

/// `GET /hub/{id}` (v5): a listener the caller manages.
async fn hub(
    State(app): State<App>,
    Extension(v): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfPath(id): TmfPath,
) -> TmfResult<Json<Value>> {
    let hook = app
        .services
        .notifications
        .webhook_subscription(&actor, &id)
        .await?;
    Ok(Json(hub_body(v, &hook)))
}

/// `DELETE /hub/{id}`: the listener unsubscribes.
async fn unsubscribe(
    State(app): State<App>,
    TmfCaller(actor): TmfCaller,
    TmfPath(id): TmfPath,
) -> TmfResult<StatusCode> {
    app.services
        .notifications
        .unsubscribe_webhook(&actor, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A TMF `Error` body with its status.
#[derive(Debug)]
pub struct TmfError(pub ApiError);

impl<E: Into<ApiError>> From<E> for TmfError {
    fn from(e: E) -> Self {
        TmfError(e.into())
    }
}

impl IntoResponse for TmfError {
    fn into_response(self) -> Response {
        let e = self.0;
        let body = json!({
            "code": e.code,
            "reason": e.status.canonical_reason().unwrap_or("Error"),
            "message": e.message,
            "status": e.status.as_u16().to_string(),
            "@type": "Error",
        });
        (e.status, Json(body)).into_response()
    }
}

fn bad(code: &'static str, message: impl Into<String>) -> TmfError {
    TmfError(ApiError::new(StatusCode::BAD_REQUEST, code, message.into()))
}

type TmfResult<T> = Result<T, TmfError>;

/// The caller, with authentication failures in the TMF error shape.
#[derive(Debug)]
pub struct TmfCaller(averias_domain::Actor);

impl FromRequestParts<App> for TmfCaller {
    type Rejection = TmfError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        Caller::from_request_parts(parts, app)
            .await
            .map(|c| TmfCaller(c.0))
            .map_err(TmfError)
    }
}

/// The query string as a map, a malformed one answered with a TMF error.
#[derive(Debug)]
pub struct TmfQuery(std::collections::HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for TmfQuery {
    type Rejection = TmfError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::from_request_parts(parts, state)
            .await
            .map(|Query(q)| TmfQuery(q))
            .map_err(|e| bad("invalid_query", e.body_text()))
    }
}

/// The `{id}` of the path, a malformed one answered with a TMF error.
#[derive(Debug)]
pub struct TmfPath(String);

impl<S: Send + Sync> FromRequestParts<S> for TmfPath {
    type Rejection = TmfError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::from_request_parts(parts, state)
            .await
            .map(|Path(id)| TmfPath(id))
            .map_err(|e| bad("invalid_path", e.body_text()))
    }
}

/// PATCH takes JSON merge-patch (`application/merge-patch+json`, or plain
/// JSON read as one); JSON Patch is refused rather than misread.
fn merge_patch_only(headers: &HeaderMap) -> TmfResult<()> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json");
    let essence = kind
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if matches!(
        essence.as_str(),
        "application/json" | "application/merge-patch+json"
    ) {
        Ok(())
    } else {
        Err(TmfError(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_patch_format",
            format!(
                "'{essence}' is not accepted; send a JSON merge-patch (application/merge-patch+json)"
            ),
        )))
    }
}

/// A JSON body, with malformed input in the TMF error shape. `application/json;charset=utf-8`
/// and `application/merge-patch+json` are JSON.
async fn body_json(body: axum::body::Bytes) -> TmfResult<Map<String, Value>> {
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(m)) => {
            crate::api::extract::refuse_controls(&body).map_err(TmfError)?;
            Ok(m)
        }
        Ok(_) => Err(bad("invalid_body", "the body must be a JSON object")),
        Err(e) => Err(bad(
            "malformed_json",
            format!("the body is not valid JSON: {e}"),
        )),
    }
}

/// v5 inputs are `Extensible`: `@type` is mandatory.
fn require_type(v: Version, body: &Map<String, Value>) -> TmfResult<()> {
    if v == Version::V5 && text(body, "@type").is_none() {
        return Err(bad(
            "missing_type",
            "@type is mandatory in TMF621 v5 (\"TroubleTicket\", \"Hub\")",
        ));
    }
    Ok(())
}

/// A ticket as a TMF621 `TroubleTicket` of version `v`.
async fn resource(
    app: &App,
    v: Version,
    actor: &averias_domain::Actor,
    view: &TicketView,
) -> TmfResult<Value> {
    let r = &view.record;
    let number = r.number.to_string();
    let history = app.services.tickets.history(actor, &number).await?;
    let notes = app.services.tickets.notes(actor, &number).await?;
    let keys = app
        .services
        .store
        .external_ids_of(r.id)
        .await
        .map_err(ServiceError::from)?;
    let last = history.status_changes.last();
    let mut parties = Vec::new();
    if let Some(acc) = &r.account_number {
        parties.push(v.party("customer", acc, r.account_name.as_deref(), "Organization"));
    }
    if !r.reporter.phone.is_empty() {
        parties.push(v.party(
            "reporter",
            &r.reporter.phone,
            Some(&r.reporter.name),
            "Individual",
        ));
    }
    let mut entities: Vec<Value> = r
        .lines
        .iter()
        .map(|m| v.entity("affectedLine", m.as_str()))
        .collect();
    entities.extend(
        r.equipment
            .iter()
            .map(|i| v.entity("affectedEquipment", i.as_str())),
    );
    let mut relationships = Vec::new();
    if let Some(parent) = &r.parent_number {
        relationships.push(v.relationship(parent, "isChildOf"));
    }
    if r.kind == TicketKind::Incident {
        let children = app
            .services
            .store
            .children_of(r.id)
            .await
            .map_err(ServiceError::from)?;
        for child in children {
            relationships.push(v.relationship(&child.number.to_string(), "isParentOf"));
        }
    }
    let mut out = json!({
        "id": number,
        "href": v.href(&number),
        "name": r.title,
        "description": r.description,
        "severity": r.severity.as_str(),
        "ticketType": r.kind.as_str(),
        "status": r.status.as_str(),
        "creationDate": r.reported_at,
        "lastUpdate": r.updated_at,
        "statusChangeDate": last.map(|s| s.at),
        "statusChangeReason": last.and_then(|s| s.reason.clone()),
        "expectedResolutionDate": r.sla_due_at,
        "resolutionDate": r.clock_stopped_at.filter(|_| r.status.stops_attention_clock()),
        "channel": v.channel(r.channel.as_str()),
        "relatedParty": parties,
        "relatedEntity": entities,
        "note": notes.iter().map(|n| json!({
            "id": n.id.to_string(), "author": n.author_name, "date": n.created_at, "text": n.body, "@type": "Note",
        })).collect::<Vec<_>>(),
        "troubleTicketRelationship": relationships,
        "@type": "TroubleTicket",
        "@baseType": "TroubleTicket",
    });
    out[v.history_field()] = history
        .status_changes
        .iter()
        .map(|s| v.status_change(json!(s.at), s.reason.as_deref(), s.status.as_str()))
        .collect();
    let (field, value) = v.external_ids(&keys);
    out[field] = value;
    out["troubleTicketCharacteristic"] =
        v.characteristics(r.stage.as_str(), r.stage.group(), r.fault_type.as_deref());
    Ok(out)
}

/// Keeps the properties `fields` names (plus `id`, `href` and `@type`).
fn select(mut v: Value, fields: Option<&str>) -> Value {
    // Nulls are left out rather than sent: the TMF schemas type these fields.
    let Some(fields) = fields.map(str::trim).filter(|f| !f.is_empty()) else {
        return drop_nulls(v);
    };
    let wanted: Vec<&str> = fields.split(',').map(str::trim).collect();
    if let Value::Object(m) = &mut v {
        m.retain(|k, _| {
            matches!(k.as_str(), "id" | "href" | "@type") || wanted.contains(&k.as_str())
        });
    }
    drop_nulls(v)
}

fn drop_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (k, drop_nulls(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(drop_nulls).collect()),
        other => other,
    }
}

/// `GET /troubleTicket`: attribute-equality filters (`status`, `severity`,
/// `ticketType`), `fields`, `offset`/`limit`, `X-Total-Count`, `X-Result-Count`.
async fn list(
    State(app): State<App>,
    Extension(ver): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfQuery(q): TmfQuery,
) -> TmfResult<Response> {
    let mut filter = TicketFilter {
        limit: 20,
        ..TicketFilter::default()
    };
    for (k, v) in &q {
        match k.as_str() {
            "fields" => {}
            "offset" => {
                filter.offset = v
                    .parse()
                    .map_err(|_| bad("invalid_offset", "offset is a number"))?
            }
            "limit" => {
                filter.limit = v
                    .parse()
                    .map_err(|_| bad("invalid_limit", "limit is a number"))?;
                if !(1..=200).contains(&filter.limit) {
                    return Err(bad("invalid_limit", "limit is 1 to 200"));
                }
            }
            "status" => {
                filter.status = vec![v.parse::<Status>().map_err(|m| bad("invalid_status", m))?]
            }
            "ticketType" => {
                filter.kind = Some(
                    v.parse::<TicketKind>()
                        .map_err(|m| bad("invalid_ticket_type", m))?,
                )
            }
            "severity" => {
                filter.severity = Some(
                    v.to_lowercase()
                        .parse::<Severity>()
                        .map_err(|m| bad("invalid_severity", m))?,
                )
            }
            other => {
                return Err(bad(
                    "unsupported_filter",
                    format!(
                        "'{other}' is not a filter here; use status, severity, ticketType, fields, offset, limit"
                    ),
                ));
            }
        }
    }
    if filter.offset < 0 {
        return Err(bad("invalid_offset", "offset is not negative"));
    }
    let page = app.services.tickets.tickets(&actor, filter).await?;
    let mut items = Vec::new();
    for v in &page.items {
        items.push(select(
            resource(&app, ver, &actor, v).await?,
            q.get("fields").map(String::as_str),
        ));
    }
    let mut headers = HeaderMap::new();
    headers.insert("X-Total-Count", HeaderValue::from(page.total));
    headers.insert("X-Result-Count", HeaderValue::from(items.len()));
    Ok((StatusCode::OK, headers, Json(Value::Array(items))).into_response())
}

/// `GET /troubleTicket/{id}` (number or UUID), with `fields`.
async fn read(
    State(app): State<App>,
    Extension(ver): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfPath(id): TmfPath,
    TmfQuery(q): TmfQuery,
) -> TmfResult<Json<Value>> {
    let view = app.services.tickets.ticket(&actor, &id).await?;
    let v = resource(&app, ver, &actor, &view).await?;
    Ok(Json(select(
        v,
        q.get("fields").map(String::as_str).or(Some("")),
    )))
}

/// The party playing `role`: the entry itself in v4, its `partyOrPartyRole`
/// in v5 (either shape is read in either version).
fn party<'a>(body: &'a Map<String, Value>, role: &str) -> Option<&'a Map<String, Value>> {
    let entry = body
        .get("relatedParty")?
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .find(|p| p.get("role").and_then(Value::as_str) == Some(role))?;
    match entry.get("partyOrPartyRole").and_then(Value::as_object) {
        Some(inner) => Some(inner),
        None => Some(entry),
    }
}

/// Keys the client's system gives the ticket: v5 `externalIdentifier[]`,
/// or v4's single `externalId`.
fn external_ids(body: &Map<String, Value>) -> TmfResult<Vec<ExternalId>> {
    let mut keys = Vec::new();
    if let Some(id) = body.get("externalId") {
        let id = id
            .as_str()
            .ok_or_else(|| bad("invalid_external_id", "externalId is a string"))?;
        keys.push(ExternalId {
            id: id.trim().to_owned(),
            ..ExternalId::default()
        });
    }
    let list = match body.get("externalIdentifier") {
        None | Some(Value::Null) => return Ok(keys),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(bad(
                "invalid_external_id",
                "externalIdentifier is a list of {\"id\", \"owner\", \"externalIdentifierType\"}",
            ));
        }
    };
    for k in list {
        let field = |name: &str| -> TmfResult<String> {
            match k.get(name) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(v)) => Ok(v.trim().to_owned()),
                Some(_) => Err(bad(
                    "invalid_external_id",
                    format!("externalIdentifier {name} is a string"),
                )),
            }
        };
        if !k.is_object() {
            return Err(bad(
                "invalid_external_id",
                "each externalIdentifier is an object with an id",
            ));
        }
        keys.push(ExternalId {
            id: field("id")?,
            owner: field("owner")?,
            kind: field("externalIdentifierType")?,
        });
    }
    Ok(keys)
}

fn text<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `POST /troubleTicket`: a customer fault through the same intake as
/// `POST /api/v1/reports` (account check included); 201 with the resource.
async fn create(
    State(app): State<App>,
    Extension(ver): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfQuery(q): TmfQuery,
    body: axum::body::Bytes,
) -> TmfResult<Response> {
    let body = body_json(body).await?;
    require_type(ver, &body)?;
    let description = text(&body, "description")
        .ok_or_else(|| bad("missing_description", "description is mandatory"))?;
    let severity =
        text(&body, "severity").ok_or_else(|| bad("missing_severity", "severity is mandatory"))?;
    let severity: Severity = severity
        .to_lowercase()
        .parse()
        .map_err(|m: String| bad("invalid_severity", m))?;
    let ticket_type = text(&body, "ticketType")
        .ok_or_else(|| bad("missing_ticket_type", "ticketType is mandatory"))?;
    if !ticket_type.eq_ignore_ascii_case("fault") {
        return Err(bad(
            "unsupported_ticket_type",
            "ticketType 'fault' is opened here; mass incidents are opened through /api/v1/incidents",
        ));
    }
    let customer = party(&body, "customer")
        .and_then(|p| text(p, "id"))
        .ok_or_else(|| bad("missing_customer", "relatedParty needs the customer account: {\"role\": \"customer\", \"id\": \"<account number>\"}"))?;
    let reporter = party(&body, "reporter").ok_or_else(|| {
        bad("missing_reporter", "relatedParty needs the reporter: {\"role\": \"reporter\", \"name\": \"…\", \"id\": \"<phone>\"}")
    })?;
    let mut lines = Vec::new();
    let mut equipment = Vec::new();
    for e in body
        .get("relatedEntity")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        // v5 wraps the entity in `entity`; v4 puts its id in the entry.
        let (Some(id), role) = (
            e.get("entity")
                .and_then(|x| x.get("id"))
                .or(e.get("id"))
                .and_then(Value::as_str),
            e.get("role").and_then(Value::as_str),
        ) else {
            return Err(bad(
                "invalid_related_entity",
                "each relatedEntity has an id and a role",
            ));
        };
        match role {
            Some("affectedLine") => lines.push(
                id.parse::<Msisdn>()
                    .map_err(|m| bad("invalid_msisdn", m.to_string()))?,
            ),
            Some("affectedEquipment") => equipment.push(
                id.parse::<averias_domain::Imei>()
                    .map_err(|m| bad("invalid_imei", m.to_string()))?,
            ),
            other => {
                return Err(bad(
                    "invalid_related_entity",
                    format!(
                        "relatedEntity role {other:?} is not affectedLine or affectedEquipment"
                    ),
                ));
            }
        }
    }
    let channel = body
        .get("channel")
        .and_then(|c| c.get("name").or(c.get("id")))
        .and_then(Value::as_str)
        .map(|c| c.parse::<Channel>().map_err(|m| bad("invalid_channel", m)))
        .transpose()?
        .unwrap_or(Channel::Api);
    let input = ReportInput {
        account: customer.to_owned(),
        channel,
        lines,
        equipment,
        fault_type: None,
        severity: Some(severity),
        title: text(&body, "name").map(str::to_owned),
        description: description.to_owned(),
        reporter_name: text(reporter, "name").unwrap_or_default().to_owned(),
        reporter_phone: text(reporter, "id").unwrap_or_default().to_owned(),
        reporter_email: text(reporter, "email")
            .map(|e| {
                e.parse::<Email>()
                    .map_err(|m| bad("invalid_email", m.to_string()))
            })
            .transpose()?,
        external_ids: external_ids(&body)?,
    };
    let opened = app
        .services
        .intake
        .report_fault(&actor, input, None, &LocalAccountChecker)
        .await?;
    let v = resource(&app, ver, &actor, &opened.ticket).await?;
    let id = v["id"].as_str().unwrap_or_default().to_owned();
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&ver.href(&id)) {
        headers.insert(header::LOCATION, location);
    }
    let out = select(v, q.get("fields").map(String::as_str));
    Ok((StatusCode::CREATED, headers, Json(out)).into_response())
}

/// The procedure step that takes a ticket from `from` to TMF status `to`.
fn step_to(from: Status, to: Status) -> Option<ActionName> {
    use Status::*;
    Some(match (from, to) {
        (Acknowledged, InProgress) => ActionName::StartWork,
        (Resolved, InProgress) => ActionName::RejectResolution,
        (_, Pending) => ActionName::ClassifyPointFault,
        (_, Resolved) => ActionName::Resolve,
        (_, Closed) => ActionName::Close,
        (_, Cancelled) => ActionName::Cancel,
        _ => return None,
    })
}

/// `PATCH /troubleTicket/{id}` (JSON merge-patch): `status` (with
/// `statusChangeReason`) runs a procedure step; `note` entries without an
/// `id` are added as notes. Other attributes are not changed here.
async fn patch(
    State(app): State<App>,
    Extension(ver): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfPath(id): TmfPath,
    TmfQuery(q): TmfQuery,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> TmfResult<Json<Value>> {
    merge_patch_only(&headers)?;
    let body = body_json(body).await?;
    require_type(ver, &body)?;
    if let Some(k) = body.keys().find(|k| {
        !matches!(
            k.as_str(),
            "status" | "statusChangeReason" | "note" | "@type" | "@baseType"
        )
    }) {
        return Err(TmfError(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_patchable",
            format!(
                "'{k}' cannot be changed through TMF621 here; status, statusChangeReason and note can"
            ),
        )));
    }
    let current = app.services.tickets.ticket(&actor, &id).await?;
    let number = current.record.number.to_string();
    let reason = text(&body, "statusChangeReason").map(str::to_owned);
    // Everything is read and checked before anything is written, and the
    // notes and the step are written in one transaction: a refused PATCH
    // leaves no note behind.
    let mut notes = Vec::new();
    for n in body
        .get("note")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if n.get("id").is_some() {
            continue; // already there: merge-patch sends the whole list back
        }
        let Some(t) = n
            .get("text")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        else {
            return Err(bad("invalid_note", "a new note needs its text"));
        };
        notes.push((note_visibility(&actor, n)?, t.to_owned()));
    }
    let mut step = None;
    if let Some(status) = text(&body, "status") {
        let to: Status = status.parse().map_err(|m| bad("invalid_status", m))?;
        if to != current.record.status {
            let action = step_to(current.record.status, to).ok_or_else(|| {
                TmfError(ApiError::from(ServiceError::Conflict(format!(
                    "no procedure step takes ticket {number} from {} to {to}",
                    current.record.status
                ))))
            })?;
            let input = ActionInput {
                reason: reason.clone(),
                resolution: reason.clone(),
                expected_version: Some(current.record.version),
                ..Default::default()
            };
            step = Some((action, input));
        }
    }
    app.services
        .tickets
        .add_notes_and_act(&actor, &number, notes, step)
        .await?;
    let view = app.services.tickets.ticket(&actor, &number).await?;
    let out = resource(&app, ver, &actor, &view).await?;
    Ok(Json(select(out, q.get("fields").map(String::as_str))))
}

/// Who reads a note written through TMF621. TMF's `Note` has no
/// visibility, and an OSS/BSS tool used by operator staff must not leak
/// their remarks to the customer by default: notes from roles that may
/// write internal notes are internal unless the note says
/// `"visibility": "public"` (an extension attribute, documented in the
/// README); a customer's notes are public.
fn note_visibility(actor: &averias_domain::Actor, note: &Value) -> TmfResult<Visibility> {
    match note.get("visibility") {
        None | Some(Value::Null) if actor.may_write(Visibility::Internal) => {
            Ok(Visibility::Internal)
        }
        None | Some(Value::Null) => Ok(Visibility::Public),
        Some(Value::String(v)) if v == "public" => Ok(Visibility::Public),
        Some(Value::String(v)) if v == "internal" => Ok(Visibility::Internal),
        Some(_) => Err(bad(
            "invalid_note",
            "a note's visibility is \"public\" or \"internal\"",
        )),
    }
}

/// `DELETE /troubleTicket/{id}`: tickets are never deleted (their history
/// is the audit trail); cancel one with `PATCH {"status": "cancelled"}`.
async fn delete(TmfCaller(_actor): TmfCaller, TmfPath(_id): TmfPath) -> TmfError {
    TmfError(ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "tickets_are_not_deleted",
        "tickets are never deleted; cancel one with PATCH {\"status\": \"cancelled\", \"statusChangeReason\": \"…\"}",
    ))
}
