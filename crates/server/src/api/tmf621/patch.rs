//! Patching a TroubleTicket (JSON merge patch): status steps, notes and the client's words; and deleting one.

use super::create::new_notes;
use super::input::{OneOrMany, TicketInput, given};
use super::*;

/// The procedure step that takes a ticket from `from` to TMF status `to`.
pub(super) fn step_to(from: Status, to: Status) -> Option<ActionName> {
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
/// `id` are added as notes; `severity`, `ticketType`, `priority` and
/// `channel` replace the client's words (Averías's own severity and fault
/// type stay the CSM's). Other attributes are not changed here.
pub(super) async fn patch(
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
    let mut input = TicketInput::read(body)?;
    // An unknown id is a 404 whatever the body asks.
    let current = ticket_of(&app, &actor, &id).await?;
    if let Some(k) = input.unpatchable() {
        return Err(TmfError(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_patchable",
            format!(
                "'{k}' cannot be changed through TMF621 here; status (with statusChangeReason), note, severity, ticketType, priority and channel can"
            ),
        )));
    }
    let number = current.record.number.to_string();
    let reason = given(&input.status_change_reason);
    // Everything is read and checked before anything is written, and the
    // notes and the step are written in one transaction: a refused PATCH
    // leaves no note behind.
    let notes = new_notes(
        &actor,
        input
            .note
            .take()
            .map(OneOrMany::into_vec)
            .unwrap_or_default(),
    )?;
    let mut step = None;
    if let Some(status) = given(&input.status) {
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
        .add_notes_and_act(&actor, &number, input.client_words()?, notes, step)
        .await?;
    let view = app.services.tickets.ticket(&actor, &number).await?;
    let t = resource(&app, ver, &actor, &view).await?;
    Ok(Json(select(&t, q.get("fields").map(String::as_str))))
}

/// Who reads a note written through TMF621. TMF's `Note` has no
/// visibility, and an OSS/BSS tool used by operator staff must not leak
/// their remarks to the customer by default: notes from roles that may
/// write internal notes are internal unless the note says
/// `"visibility": "public"` (an extension attribute, documented in the
/// README); a customer's notes are public.
pub(super) fn note_visibility(
    actor: &averias_domain::Actor,
    visibility: Option<&str>,
) -> TmfResult<Visibility> {
    match visibility {
        None if actor.may_write(Visibility::Internal) => Ok(Visibility::Internal),
        None => Ok(Visibility::Public),
        Some("public") => Ok(Visibility::Public),
        Some("internal") => Ok(Visibility::Internal),
        Some(_) => Err(bad(
            "invalid_note",
            "a note's visibility is \"public\" or \"internal\"",
        )),
    }
}

/// `DELETE /troubleTicket/{id}` (admins only, as the conformance profile
/// has it): the ticket leaves every list and read, its history and audit
/// trail stay, and only a ticket the procedure is done with (closed,
/// cancelled, rejected) can go (409 otherwise). 204, as both documents say.
pub(super) async fn delete(
    State(app): State<App>,
    TmfCaller(actor): TmfCaller,
    TmfPath(id): TmfPath,
) -> TmfResult<StatusCode> {
    let t = ticket_of(&app, &actor, &id).await?;
    app.services
        .tickets
        .delete_ticket(&actor, &t.record.number.to_string())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
