//! Reference data and users: groups, the fault-type catalog, equipment,
//! users and their tokens, refused reports, and `/me`.

use averias_domain::{AccountId, Imei, Role, SecondLevel, Severity, UserId};
use averias_store::{Equipment, Group};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, Caller, parse_field};
use super::views::{EquipmentBody, FaultTypeBody, GroupBody, RefusedReportBody, UserBody};
use crate::App;
use crate::error::{ApiResult, ErrorBody};
use averias_services::reference::{UserInput, UserPatch};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(list_groups, upsert_group))
        .routes(routes!(list_fault_types, upsert_fault_type))
        .routes(routes!(list_users, create_user))
        .routes(routes!(update_user))
        .routes(routes!(set_password))
        .routes(routes!(upsert_equipment))
        .routes(routes!(get_equipment))
        .routes(routes!(list_refused_reports))
}

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", responses((status = 200, body = UserBody), (status = 401, body = ErrorBody)))]
async fn me(State(app): State<App>, caller: Caller) -> ApiResult<Json<UserBody>> {
    Ok(Json(UserBody::from(
        app.services.admin.me(&caller.0).await?,
    )))
}

/// Groups (queues).
#[utoipa::path(get, path = "/api/v1/groups", tag = "reference", responses((status = 200, body = Vec<GroupBody>)))]
async fn list_groups(State(app): State<App>, _caller: Caller) -> ApiResult<Json<Vec<GroupBody>>> {
    Ok(Json(
        app.services
            .admin
            .groups()
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// A group.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupRequest {
    code: String,
    name: String,
    /// e.g. `csm`, `second_level`, `installation_center`, `warehouse`.
    kind: String,
}

/// Create or rename a group (admin).
#[utoipa::path(post, path = "/api/v1/groups", tag = "reference", request_body = GroupRequest,
    responses((status = 201, body = GroupBody), (status = 403, body = ErrorBody)))]
async fn upsert_group(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<GroupRequest>,
) -> ApiResult<(StatusCode, Json<GroupBody>)> {
    let g = app
        .services
        .admin
        .upsert_group(
            &caller.0,
            Group {
                code: req.code,
                name: req.name,
                kind: req.kind,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(g.into())))
}

/// The fault-type catalog.
#[utoipa::path(get, path = "/api/v1/fault-types", tag = "reference", responses((status = 200, body = Vec<FaultTypeBody>)))]
async fn list_fault_types(
    State(app): State<App>,
    _caller: Caller,
) -> ApiResult<Json<Vec<FaultTypeBody>>> {
    Ok(Json(
        app.services
            .admin
            .fault_types()
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// A fault type.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaultTypeRequest {
    code: String,
    name: String,
    /// `critical`, `major` or `minor`.
    default_severity: String,
    /// Where it escalates: `cor`, `sigis` or `gsac`.
    second_level: String,
    active: Option<bool>,
}

/// Create or change a fault type and its escalation group (admin).
#[utoipa::path(post, path = "/api/v1/fault-types", tag = "reference", request_body = FaultTypeRequest,
    responses((status = 201, body = FaultTypeBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upsert_fault_type(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<FaultTypeRequest>,
) -> ApiResult<(StatusCode, Json<FaultTypeBody>)> {
    let severity = parse_field::<Severity>(
        &req.default_severity,
        "default_severity",
        "invalid_severity",
    )?;
    let group = parse_field::<SecondLevel>(&req.second_level, "second_level", "invalid_group")?;
    let ft = app
        .services
        .admin
        .upsert_fault_type(
            &caller.0,
            req.code,
            req.name,
            severity,
            group,
            req.active.unwrap_or(true),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(ft.into())))
}

/// All users (admin).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses((status = 200, body = Vec<UserBody>), (status = 403, body = ErrorBody)))]
async fn list_users(State(app): State<App>, caller: Caller) -> ApiResult<Json<Vec<UserBody>>> {
    Ok(Json(
        app.services
            .admin
            .users(&caller.0)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserRequest {
    name: String,
    /// One of the PROCEDURE roles, e.g. `csm`, `customer`.
    role: String,
    group: Option<String>,
    /// Account number or id (customer contacts).
    account: Option<String>,
    /// Where the user's notifications go.
    email: Option<String>,
}

/// A created user with its API token, shown only this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUserBody {
    user: UserBody,
    token: String,
}

/// Create a user and its API token (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserRequest,
    responses((status = 201, body = CreatedUserBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_user(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<UserRequest>,
) -> ApiResult<(StatusCode, Json<CreatedUserBody>)> {
    let role = parse_field::<Role>(&req.role, "role", "invalid_role")?;
    let (user, token) = app
        .services
        .admin
        .create_user(
            &caller.0,
            UserInput {
                name: req.name,
                role,
                group: req.group,
                account: req.account,
                token: None,
                email: req.email,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedUserBody {
            user: user.into(),
            token,
        }),
    ))
}

/// A change to a user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatchRequest {
    role: Option<String>,
    /// A group code; `null` removes the group.
    #[serde(default, deserialize_with = "some_option")]
    #[schema(value_type = Option<String>)]
    group: Option<Option<String>>,
    /// `false` revokes the user's access at once.
    active: Option<bool>,
    /// `true` issues a new token (returned once) and invalidates the old one.
    #[serde(default)]
    rotate_token: bool,
}

fn some_option<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// The changed user, with its new token if one was issued.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdatedUserBody {
    user: UserBody,
    token: Option<String>,
}

/// Change a user's role or group, deactivate or reactivate it, or rotate its token (admin).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UserPatchRequest,
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = UpdatedUserBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_user(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<UserPatchRequest>,
) -> ApiResult<Json<UpdatedUserBody>> {
    let id = parse_field::<UserId>(&id, "id", "invalid_id")?;
    let role = req
        .role
        .map(|r| parse_field::<Role>(&r, "role", "invalid_role"))
        .transpose()?;
    let patch = UserPatch {
        role,
        group: req.group,
        active: req.active,
        rotate_token: req.rotate_token,
    };
    let (user, token) = app.services.admin.update_user(&caller.0, id, patch).await?;
    Ok(Json(UpdatedUserBody {
        user: user.into(),
        token,
    }))
}

/// A new password for the web console.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordRequest {
    /// At least 8 characters.
    password: String,
}

/// Set a user's web console password: an admin for anyone (a reset), any
/// user for themself. Every web session of that user ends.
#[utoipa::path(put, path = "/api/v1/users/{id}/password", tag = "users", request_body = PasswordRequest,
    params(("id" = String, Path, description = "User id")),
    responses((status = 204, description = "Password set; the user's sessions ended"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Too short or too long")))]
async fn set_password(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PasswordRequest>,
) -> ApiResult<axum::http::StatusCode> {
    let id = parse_field::<UserId>(&id, "id", "invalid_id")?;
    app.services
        .auth
        .set_password(&caller.0, id, &req.password)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// A device.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EquipmentRequest {
    imei: String,
    make: String,
    model: String,
    /// Owning account id, if the device belongs to a customer.
    account_id: Option<String>,
}

/// Register or update a device (admin).
#[utoipa::path(post, path = "/api/v1/equipment", tag = "reference", request_body = EquipmentRequest,
    responses((status = 201, body = EquipmentBody), (status = 422, body = ErrorBody)))]
async fn upsert_equipment(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<EquipmentRequest>,
) -> ApiResult<(StatusCode, Json<EquipmentBody>)> {
    let imei = parse_field::<Imei>(&req.imei, "imei", "invalid_imei")?;
    let account_id = req
        .account_id
        .map(|a| parse_field::<AccountId>(&a, "account_id", "invalid_id"))
        .transpose()?;
    let e = app
        .services
        .admin
        .upsert_equipment(
            &caller.0,
            Equipment {
                imei,
                account_id,
                make: req.make,
                model: req.model,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(e.into())))
}

/// A device by IMEI.
#[utoipa::path(get, path = "/api/v1/equipment/{imei}", tag = "reference",
    params(("imei" = String, Path, description = "15-digit IMEI")),
    responses((status = 200, body = EquipmentBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn get_equipment(
    State(app): State<App>,
    caller: Caller,
    Path(imei): Path<String>,
) -> ApiResult<Json<EquipmentBody>> {
    let imei = parse_field::<Imei>(&imei, "imei", "invalid_imei")?;
    Ok(Json(
        app.services.admin.equipment(&caller.0, &imei).await?.into(),
    ))
}

/// Page size of refused reports.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RefusedQuery {
    /// At most this many, newest first (default 100, max 1000).
    limit: Option<i64>,
}

/// Reports refused because the account had debt (R-INTAKE-3).
#[utoipa::path(get, path = "/api/v1/refused-reports", tag = "intake", params(RefusedQuery),
    responses((status = 200, body = Vec<RefusedReportBody>), (status = 403, body = ErrorBody)))]
async fn list_refused_reports(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<RefusedQuery>,
) -> ApiResult<Json<Vec<RefusedReportBody>>> {
    let limit = super::extract::Page::of(q.limit, None, 100, 1000)?.limit;
    Ok(Json(
        app.services
            .admin
            .refused_reports(&caller.0, limit)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}
