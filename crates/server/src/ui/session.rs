//! The web session as axum sees it: the cookie, the signed-in caller of a
//! page, and forms that must carry the session's CSRF token.
//!
//! The cookie is `HttpOnly` and `SameSite=Lax` (never sent on another
//! site's form post), `Secure` when served over HTTPS. Every state-changing
//! form also posts the session's token (`_csrf`), compared in constant
//! time, and a request whose `Origin` names another host is refused.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;

use axum_extra::extract::cookie::{Cookie, SameSite};

use super::i18n::Tr;
use super::pages::error_page;
use crate::App;
use averias_services::web_auth::WebCaller;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "averias_session";
/// The value of cookie `name`, if the request has it (parsed by
/// axum-extra's `CookieJar`, as the language cookie is).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    axum_extra::extract::cookie::CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().to_owned())
}

/// Whether cookies should be `Secure`: by configuration, or because a
/// proxy in front says the browser came over HTTPS.
fn secure(app: &App, headers: &HeaderMap) -> bool {
    app.settings.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// `Set-Cookie` for a new session (a browser-session cookie: it goes when
/// the browser closes; the server ends it after idling anyway).
pub fn session_cookie(app: &App, headers: &HeaderMap, secret: &str) -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, secret.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure(app, headers))
        .build();
    header_value(&cookie)
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_session_cookie() -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .removal()
        .build();
    header_value(&cookie)
}

/// A cookie as a `Set-Cookie` value. The cookie crate encodes nothing a
/// header may not hold, and our values are tokens and language codes.
pub fn header_value(cookie: &Cookie<'_>) -> HeaderValue {
    HeaderValue::from_str(&cookie.encoded().to_string())
        .expect("a cookie of tokens is a valid header value")
}

/// A signed-in caller of a page, with the page's language.
#[derive(Debug, Clone)]
pub struct Signed {
    pub caller: WebCaller,
    pub tr: Tr,
}

/// Not signed in (or the session ended): to the sign-in page, coming back
/// here afterwards. htmx requests get a full-page redirect header instead.
fn to_login(parts: &Parts) -> Response {
    let next = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/ui");
    let target = format!("/login?next={}", urlencode(next));
    if parts.headers.contains_key("hx-request") {
        let mut r = axum::http::StatusCode::UNAUTHORIZED.into_response();
        if let Ok(v) = HeaderValue::from_str(&target) {
            r.headers_mut().insert("hx-redirect", v);
        }
        return r;
    }
    Redirect::to(&target).into_response()
}

fn urlencode(s: &str) -> String {
    serde_html_form::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

impl FromRequestParts<App> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let tr = Tr(super::i18n::lang_of(&parts.headers));
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login(parts));
        };
        match app.services.auth.web_caller(&secret).await {
            Ok(caller) => {
                tracing::Span::current().record("user.role", caller.actor.role.as_str());
                Ok(Signed { caller, tr })
            }
            Err(averias_services::ServiceError::Unauthenticated) => Err(to_login(parts)),
            Err(e) => Err(error_page(tr, &e).into_response()),
        }
    }
}

use averias_services::tokens::same_secret as same;

/// Whether `Origin`, when the browser sends it, is this server.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// A form posted by a signed-in caller, its CSRF token checked.
#[derive(Debug)]
pub struct Posted<T> {
    pub signed: Signed,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<App> for Posted<T> {
    type Rejection = Response;

    async fn from_request(req: Request, app: &App) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let signed = Signed::from_request_parts(&mut parts, app).await?;
        let tr = signed.tr;
        let forbidden = || {
            error_page(
                tr,
                &averias_services::ServiceError::Forbidden(tr.t("error-csrf").to_owned()),
            )
            .into_response()
        };
        if !same_origin(&parts.headers) {
            return Err(forbidden());
        }
        // A form larger than the body limit is bad input, not a forgery.
        let bytes = axum::body::to_bytes(body, app.settings.max_body_bytes)
            .await
            .map_err(|_| {
                error_page(
                    tr,
                    &averias_services::ServiceError::Invalid {
                        code: "form_too_large",
                        field: None,
                        message: format!(
                            "the form is larger than {} bytes",
                            app.settings.max_body_bytes
                        ),
                    },
                )
                .into_response()
            })?;
        let token: CsrfField = serde_html_form::from_bytes(&bytes).map_err(|_| forbidden())?;
        if !same(&token.csrf, &signed.caller.csrf) {
            return Err(forbidden());
        }
        // The same text rule as the API's (see `api::text_check`).
        if let Ok(pairs) = serde_html_form::from_bytes::<Vec<(String, String)>>(&bytes)
            && let Some(field) = pairs.iter().find_map(|(k, v)| {
                v.chars()
                    .any(|c| !crate::api::text_check::allowed(c))
                    .then(|| k.clone())
            })
        {
            return Err(error_page(
                tr,
                &averias_services::ServiceError::Invalid {
                    code: "invalid_text",
                    field: None,
                    message: tr.t_with("error-invalid_text", &[("field", field.as_str().into())]),
                },
            )
            .into_response());
        }
        let form = serde_html_form::from_bytes(&bytes).map_err(|e| {
            error_page(
                tr,
                &averias_services::ServiceError::Invalid {
                    code: "invalid_form",
                    field: None,
                    message: e.to_string(),
                },
            )
            .into_response()
        })?;
        Ok(Posted { signed, form })
    }
}

/// The login form's own CSRF defence: a random value in a `SameSite=Strict`
/// cookie that the form must echo (there is no session yet to hold one).
pub const LOGIN_COOKIE: &str = "averias_login";

pub fn login_cookie(app: &App, headers: &HeaderMap, value: &str) -> HeaderValue {
    let flags = if secure(app, headers) { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{LOGIN_COOKIE}={value}; Path=/login; HttpOnly; SameSite=Strict{flags}"
    ))
    .expect("hex is a valid header value")
}

/// Whether the login form's echo matches its cookie.
pub fn login_token_ok(headers: &HeaderMap, posted: &str) -> bool {
    cookie(headers, LOGIN_COOKIE).is_some_and(|c| !c.is_empty() && same(&c, posted))
        && same_origin(headers)
}

/// The client's address, when the server was started with connection info
/// (`averias serve` is; tests may not be).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}
