//! `/api/v1/accounts`: corporate accounts, their lines and contacts. Staff
//! search them at intake; admins create and change them (paying a debt is a
//! billing-state change).

use averias_domain::{BillingState, Email, Imei, Money, Msisdn, UserId};
use averias_store::AccountFilter;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, Caller, parse_field};
use super::views::{AccountBody, ContactBody, LineBody, PageBody};
use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use averias_services::reference::{AccountInput, AccountPatch};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(get_account, update_account))
        .routes(routes!(list_lines, add_line))
        .routes(routes!(list_contacts, add_contact))
}

/// Billing state as sent by clients.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BillingRequest {
    /// `operative` or `debt`.
    state: String,
    /// Outstanding amount as a decimal string, e.g. `"1250.00"` (required for `debt`).
    amount: Option<String>,
    /// ISO 4217 code, default `VES`.
    currency: Option<String>,
}

fn parse_amount(s: &str) -> ApiResult<i64> {
    let bad = || {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_amount",
            format!("'{s}' is not an amount like 1250.00"),
        )
    };
    let (units, cents) = s.trim().split_once('.').unwrap_or((s.trim(), "0"));
    if units.is_empty()
        || cents.len() > 2
        || !units.bytes().all(|b| b.is_ascii_digit())
        || !cents.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let units: i64 = units.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{cents:0<2}").parse().map_err(|_| bad())?;
    units
        .checked_mul(100)
        .and_then(|u| u.checked_add(cents))
        .ok_or_else(bad)
}

impl BillingRequest {
    fn into_state(self) -> ApiResult<BillingState> {
        match self.state.as_str() {
            "operative" => Ok(BillingState::Operative),
            "debt" => {
                let amount = self.amount.ok_or_else(|| {
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "amount_required",
                        "a debt needs its outstanding amount",
                    )
                })?;
                let currency = self.currency.unwrap_or_else(|| "VES".into());
                if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid_currency",
                        "currency is a 3-letter ISO code like VES or USD",
                    ));
                }
                Ok(BillingState::owing(Money {
                    minor: parse_amount(&amount)?,
                    currency,
                }))
            }
            other => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_billing_state",
                format!("billing state '{other}' is not operative or debt"),
            )),
        }
    }
}

/// Account search.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    /// Account number, part of the name, or one of its lines' MSISDN.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Find accounts by number, name or MSISDN (teleservice intake).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", params(AccountQuery),
    responses((status = 200, body = PageBody<AccountBody>), (status = 403, body = ErrorBody)))]
async fn list_accounts(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AccountQuery>,
) -> ApiResult<Json<PageBody<AccountBody>>> {
    let super::extract::Page { limit, offset } =
        super::extract::Page::of(q.limit, q.offset, 50, 200)?;
    let page = app
        .services
        .admin
        .accounts(
            &caller.0,
            AccountFilter {
                q: q.q,
                consultant: None,
                limit,
                offset,
            },
        )
        .await?;
    Ok(Json(PageBody {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        total_exact: page.total_exact,
        limit,
        offset,
    }))
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountRequest {
    number: String,
    name: String,
    billing: Option<BillingRequest>,
    /// User id of the assigned sales consultant.
    sales_consultant_id: Option<String>,
}

/// Create an account (admin).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = AccountRequest,
    responses((status = 201, body = AccountBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_account(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<AccountRequest>,
) -> ApiResult<(StatusCode, Json<AccountBody>)> {
    let input = AccountInput {
        number: req.number,
        name: req.name,
        billing: req
            .billing
            .map(BillingRequest::into_state)
            .transpose()?
            .unwrap_or(BillingState::Operative),
        sales_consultant: req
            .sales_consultant_id
            .map(|c| parse_field::<UserId>(&c, "sales_consultant_id", "invalid_id"))
            .transpose()?,
    };
    let a = app.services.admin.create_account(&caller.0, input).await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// One account by number or id.
#[utoipa::path(get, path = "/api/v1/accounts/{account}", tag = "accounts",
    params(("account" = String, Path, description = "Account number or id")),
    responses((status = 200, body = AccountBody), (status = 404, body = ErrorBody)))]
async fn get_account(
    State(app): State<App>,
    caller: Caller,
    Path(account): Path<String>,
) -> ApiResult<Json<AccountBody>> {
    Ok(Json(
        app.services
            .admin
            .account(&caller.0, &account)
            .await?
            .into(),
    ))
}

/// A partial account change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPatchRequest {
    name: Option<String>,
    billing: Option<BillingRequest>,
    /// A user id, or `null` to remove the consultant.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    sales_consultant_id: Option<Option<String>>,
}

mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

/// Change an account's name, billing state or consultant (admin).
#[utoipa::path(patch, path = "/api/v1/accounts/{account}", tag = "accounts", request_body = AccountPatchRequest,
    params(("account" = String, Path, description = "Account number or id")),
    responses((status = 200, body = AccountBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_account(
    State(app): State<App>,
    caller: Caller,
    Path(account): Path<String>,
    ApiJson(req): ApiJson<AccountPatchRequest>,
) -> ApiResult<Json<AccountBody>> {
    let consultant = match req.sales_consultant_id {
        None => None,
        Some(None) => Some(None),
        Some(Some(c)) => Some(Some(parse_field::<UserId>(
            &c,
            "sales_consultant_id",
            "invalid_id",
        )?)),
    };
    let patch = AccountPatch {
        name: req.name,
        billing: req.billing.map(BillingRequest::into_state).transpose()?,
        sales_consultant: consultant,
    };
    Ok(Json(
        app.services
            .admin
            .update_account(&caller.0, &account, patch)
            .await?
            .into(),
    ))
}

/// Lines of an account.
#[utoipa::path(get, path = "/api/v1/accounts/{account}/lines", tag = "accounts",
    params(("account" = String, Path, description = "Account number or id")),
    responses((status = 200, body = Vec<LineBody>), (status = 404, body = ErrorBody)))]
async fn list_lines(
    State(app): State<App>,
    caller: Caller,
    Path(account): Path<String>,
) -> ApiResult<Json<Vec<LineBody>>> {
    Ok(Json(
        app.services
            .admin
            .account_lines(&caller.0, &account)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// A line to add or move to this account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineRequest {
    msisdn: String,
    /// The device the line runs on (registered first under `/api/v1/equipment`).
    imei: Option<String>,
}

/// Add a line to an account, or move it here (admin).
#[utoipa::path(post, path = "/api/v1/accounts/{account}/lines", tag = "accounts", request_body = LineRequest,
    params(("account" = String, Path, description = "Account number or id")),
    responses((status = 201, body = LineBody), (status = 422, body = ErrorBody)))]
async fn add_line(
    State(app): State<App>,
    caller: Caller,
    Path(account): Path<String>,
    ApiJson(req): ApiJson<LineRequest>,
) -> ApiResult<(StatusCode, Json<LineBody>)> {
    let msisdn = parse_field::<Msisdn>(&req.msisdn, "msisdn", "invalid_msisdn")?;
    let imei = req
        .imei
        .map(|i| parse_field::<Imei>(&i, "imei", "invalid_imei"))
        .transpose()?;
    let line = app
        .services
        .admin
        .upsert_line(&caller.0, &account, msisdn, imei)
        .await?;
    Ok((StatusCode::CREATED, Json(line.into())))
}

/// Contacts of an account.
#[utoipa::path(get, path = "/api/v1/accounts/{account}/contacts", tag = "accounts",
    params(("account" = String, Path, description = "Account number or id")),
    responses((status = 200, body = Vec<ContactBody>), (status = 404, body = ErrorBody)))]
async fn list_contacts(
    State(app): State<App>,
    caller: Caller,
    Path(account): Path<String>,
) -> ApiResult<Json<Vec<ContactBody>>> {
    Ok(Json(
        app.services
            .admin
            .account_contacts(&caller.0, &account)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// A new contact.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactRequest {
    name: String,
    phone: String,
    email: Option<String>,
    /// `es` (default) or `en`.
    language: Option<String>,
}

/// Add a contact to an account (admin).
#[utoipa::path(post, path = "/api/v1/accounts/{account}/contacts", tag = "accounts", request_body = ContactRequest,
    params(("account" = String, Path, description = "Account number or id")),
    responses((status = 201, body = ContactBody), (status = 422, body = ErrorBody)))]
async fn add_contact(
    State(app): State<App>,
    caller: Caller,
    Path(account): Path<String>,
    ApiJson(req): ApiJson<ContactRequest>,
) -> ApiResult<(StatusCode, Json<ContactBody>)> {
    let email = req
        .email
        .map(|e| parse_field::<Email>(&e, "email", "invalid_email"))
        .transpose()?;
    let c = app
        .services
        .admin
        .add_contact(
            &caller.0,
            &account,
            req.name,
            req.phone,
            email,
            req.language.unwrap_or_else(|| "es".into()),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_parse_to_minor_units() {
        assert_eq!(super::parse_amount("1250.5").unwrap(), 125_050);
        assert_eq!(super::parse_amount("7").unwrap(), 700);
        for bad in ["", "-3", "1.234", "abc", "1,50"] {
            assert!(super::parse_amount(bad).is_err(), "{bad}");
        }
    }
}
