//! Sign-in for the web console and the customer portal (R-ACCESS-1):
//! passwords hashed with argon2id, server-side sessions whose cookie secret
//! is stored only as a hash, a CSRF token per session, sign-in attempts
//! rate-limited per (user name, address), per address and per user name.
//!
//! A session resolves to the same [`Actor`] an API token does, so every
//! page goes through the same service checks as the API.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use averias_domain::{Actor, Role, UserId};
use averias_store::{AuditEvent, SavedView, SessionEnd, User, WebSession};
use chrono::Duration;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rand::Rng;
use serde_json::json;

use super::{ServiceError, ServiceResult, audit, require_role};
use crate::tokens;

/// A session ends after this long without use (a working shift).
pub const IDLE_TIMEOUT: Duration = Duration::hours(8);
/// ...and this long after sign-in, however busy.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// Use is recorded at most this often (a write per page view is waste).
const TOUCH_EVERY: Duration = Duration::minutes(1);
/// Passwords are at least this long.
pub const MIN_PASSWORD_CHARS: usize = 8;
const MAX_PASSWORD_CHARS: usize = 256;

/// Sign-in attempts allowed. Throttling per user name alone lets anyone
/// who knows a name keep its owner out from elsewhere (a lock-out attack);
/// so a name is throttled per address it is tried from, every address is
/// throttled whatever names it tries, and a name's global limit is set
/// above what one address can ever send, so only an attack spread over
/// many addresses reaches it (OWASP, Authentication Cheat Sheet).
#[derive(Debug)]
pub(crate) struct SignInLimits {
    by_name_and_address: DefaultKeyedRateLimiter<(String, IpAddr)>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_name: DefaultKeyedRateLimiter<String>,
    /// Attempts since the limiters last forgot idle keys.
    attempts: std::sync::atomic::AtomicU64,
}

impl Default for SignInLimits {
    fn default() -> Self {
        let quota = |every_ms: u64, burst: u32| {
            Quota::with_period(StdDuration::from_millis(every_ms))
                .expect("non-zero period")
                .allow_burst(NonZeroU32::new(burst).expect("non-zero"))
        };
        Self {
            // Five tries at once, then one every 20 s, for one name from one address.
            by_name_and_address: RateLimiter::keyed(quota(20_000, 5)),
            // An office behind one address: twenty, then one every 3 s.
            by_address: RateLimiter::keyed(quota(3_000, 20)),
            // Above one address's 20 + t/3: six or more addresses at full
            // speed are needed to slow a name down for everyone.
            by_name: RateLimiter::keyed(quota(500, 100)),
            attempts: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

impl SignInLimits {
    /// Whether an attempt for `name` from `from` may go ahead now.
    fn admit(&self, name: &str, from: Option<IpAddr>) -> bool {
        // Keys of idle names and addresses are forgotten now and then, so
        // random names cannot grow the maps without end.
        let n = self
            .attempts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n % 1024 == 1023 {
            self.by_name_and_address.retain_recent();
            self.by_address.retain_recent();
            self.by_name.retain_recent();
        }
        // Without connection info (an embedding that did not give it) every
        // client shares one address.
        let address = from.unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        let name = name.to_lowercase();
        self.by_address.check_key(&address).is_ok()
            && self
                .by_name_and_address
                .check_key(&(name.clone(), address))
                .is_ok()
            && self.by_name.check_key(&name).is_ok()
    }
}

/// A started session: the cookie's secret (shown once) and the session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub secret: String,
    pub session: WebSession,
    pub actor: Actor,
}

/// The caller of a page: who, and the session's form token.
#[derive(Debug, Clone)]
pub struct WebCaller {
    pub actor: Actor,
    pub csrf: String,
    pub session_hash: String,
}

/// The actor a user acts as.
pub(crate) fn actor_of(user: User) -> Actor {
    Actor {
        user_id: user.id,
        name: user.name,
        role: user.role,
        group: user.group_code,
        account_id: user.account_id,
    }
}

fn check_password_shape(password: &str) -> ServiceResult<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(ServiceError::invalid(
            "password_too_short",
            "password",
            format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(ServiceError::invalid(
            "password_too_long",
            "password",
            format!("a password has at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Hashes off the async threads: argon2id is slow on purpose.
async fn hash_password(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|e| ServiceError::Conflict(format!("password hashing failed: {e}")))
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .unwrap_or(false)
}

/// A hash to verify against when the user name is unknown, so an unknown
/// name takes as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| password_auth::generate_hash("not a password of anyone"))
}

/// Who is asking: API tokens, console passwords, sessions and saved views.
#[derive(Debug, Clone)]
pub struct Auth {
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) web_store: Arc<dyn averias_store::WebStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) sign_ins: Arc<crate::web_auth::SignInLimits>,
    pub(crate) tokens: crate::auth_cache::TokenCache,
}

impl Auth {
    /// Sets a user's password: an admin for anyone (a reset), a user for
    /// themself. Ends every session of that user.
    pub async fn set_password(
        &self,
        actor: &Actor,
        user: UserId,
        password: &str,
    ) -> ServiceResult<()> {
        if user != actor.user_id {
            require_role(actor, &[Role::Admin], "set other users' passwords")?;
        }
        check_password_shape(password)?;
        let target = self
            .directory_store
            .get_user(user)
            .await?
            .ok_or_else(|| ServiceError::not_found("user", user.to_string()))?;
        let hash = hash_password(password.to_owned()).await?;
        let now = self.clock.now();
        let action = if user == actor.user_id {
            "password_change"
        } else {
            "password_reset"
        };
        let event = AuditEvent {
            after: Some(json!({"user": target.name})),
            ..audit(actor, now, "user", user.to_string(), action)
        };
        self.web_store
            .set_password(user, &hash, now, &event)
            .await?;
        Ok(())
    }

    /// A signed-in user changes their own password, proving the current one.
    pub async fn change_own_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
    ) -> ServiceResult<()> {
        let stored = self.web_store.password_by_user_name(&actor.name).await?;
        let matches = match stored {
            Some((user, hash)) if user.id == actor.user_id => {
                verify_password(current.to_owned(), hash).await
            }
            _ => false,
        };
        if !matches {
            return Err(ServiceError::invalid(
                "wrong_password",
                "current",
                "the current password is not right",
            ));
        }
        self.set_password(actor, actor.user_id, new).await
    }

    /// Issues a new API token for the caller (the old one stops working).
    pub async fn rotate_own_token(&self, actor: &Actor) -> ServiceResult<String> {
        let user = self
            .directory_store
            .get_user(actor.user_id)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let token = tokens::generate();
        let now = self.clock.now();
        let event = AuditEvent {
            after: Some(json!({"token_rotated": true})),
            ..audit(
                actor,
                now,
                "user",
                actor.user_id.to_string(),
                "token_rotate",
            )
        };
        self.directory_store
            .update_user(&user, Some(&tokens::hash(&token)), &event)
            .await?;
        self.tokens.clear();
        Ok(token)
    }

    /// Checks a user name and password and starts a session. Unknown names,
    /// wrong passwords and inactive users get the same answer.
    pub async fn sign_in(
        &self,
        name: &str,
        password: &str,
        from: Option<IpAddr>,
        user_agent: Option<String>,
    ) -> ServiceResult<SignedIn> {
        let name = name.trim();
        if !self.sign_ins.admit(name, from) {
            return Err(ServiceError::Clash {
                code: "too_many_attempts",
                message: "too many sign-in attempts; wait a minute and try again".into(),
                details: json!({}),
            });
        }
        let found = if name.is_empty() || password.len() > MAX_PASSWORD_CHARS * 4 {
            None
        } else {
            self.web_store.password_by_user_name(name).await?
        };
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), hash),
            None => (None, decoy_hash().to_owned()),
        };
        let matches = verify_password(password.to_owned(), hash).await;
        let user = match user {
            Some(user) if matches && user.active => user,
            _ => return Err(ServiceError::Unauthenticated),
        };
        let secret = tokens::generate();
        let now = self.clock.now();
        let csrf: [u8; 24] = rand::rng().random();
        let session = WebSession {
            id_hash: tokens::hash(&secret),
            user_id: user.id,
            csrf: hex::encode(csrf),
            created_at: now,
            last_seen_at: now,
            expires_at: now + IDLE_TIMEOUT,
            user_agent: user_agent.map(|a| a.chars().take(200).collect()),
        };
        let actor = actor_of(user);
        let event = audit(&actor, now, "user", actor.user_id.to_string(), "sign_in");
        self.web_store.create_session(&session, &event).await?;
        Ok(SignedIn {
            secret,
            session,
            actor,
        })
    }

    /// The caller behind a session cookie's secret, if the session is live.
    pub async fn web_caller(&self, secret: &str) -> ServiceResult<WebCaller> {
        let hash = tokens::hash(secret);
        let (session, user) = self
            .web_store
            .session(&hash)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let now = self.clock.now();
        if !user.active || now >= session.expires_at || now >= session.created_at + ABSOLUTE_TIMEOUT
        {
            return Err(ServiceError::Unauthenticated);
        }
        if now - session.last_seen_at >= TOUCH_EVERY {
            self.web_store
                .touch_session(&hash, now, now + IDLE_TIMEOUT)
                .await?;
        }
        Ok(WebCaller {
            actor: actor_of(user),
            csrf: session.csrf,
            session_hash: hash,
        })
    }

    /// Ends this session, or with `everywhere` every session of its user.
    pub async fn sign_out(&self, caller: &WebCaller, everywhere: bool) -> ServiceResult<u64> {
        let now = self.clock.now();
        let (end, action) = if everywhere {
            (
                SessionEnd::AllOf(caller.actor.user_id),
                "sign_out_everywhere",
            )
        } else {
            (SessionEnd::One(&caller.session_hash), "sign_out")
        };
        let event = audit(
            &caller.actor,
            now,
            "user",
            caller.actor.user_id.to_string(),
            action,
        );
        Ok(self.web_store.end_sessions(end, &event).await?)
    }

    /// Saves the caller's queue view under `name` (replacing one of that name).
    pub async fn save_view(
        &self,
        actor: &Actor,
        name: &str,
        query: &str,
    ) -> ServiceResult<SavedView> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(ServiceError::invalid(
                "invalid_view_name",
                "name",
                "a view needs a name of 1 to 60 characters",
            ));
        }
        let pairs: Vec<(String, String)> = serde_html_form::from_str(query).unwrap_or_default();
        let kept: Vec<(String, String)> = pairs
            .into_iter()
            .filter(|(k, _)| VIEW_KEYS.contains(&k.as_str()))
            .collect();
        let view = SavedView {
            id: uuid::Uuid::now_v7(),
            user_id: actor.user_id,
            name: name.to_owned(),
            query: serde_html_form::to_string(&kept).unwrap_or_default(),
            created_at: self.clock.now(),
        };
        self.web_store.save_view(&view).await?;
        Ok(view)
    }

    /// The caller's saved queue views.
    pub async fn views(&self, actor: &Actor) -> ServiceResult<Vec<SavedView>> {
        Ok(self.web_store.views_of(actor.user_id).await?)
    }

    /// Deletes one of the caller's views.
    pub async fn delete_view(&self, actor: &Actor, id: &str) -> ServiceResult<()> {
        let id = id
            .parse::<uuid::Uuid>()
            .map_err(|_| ServiceError::not_found("view", id))?;
        if self.web_store.delete_view(actor.user_id, id).await? {
            Ok(())
        } else {
            Err(ServiceError::not_found("view", id.to_string()))
        }
    }

    /// Resolves an API token to the acting user.
    pub async fn authenticate(&self, token: &str) -> ServiceResult<Actor> {
        let hash = tokens::hash(token);
        if let Some(actor) = self.tokens.get(&hash) {
            return Ok(actor);
        }
        let user = self
            .directory_store
            .user_by_token_hash(&hash)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let actor = Actor {
            user_id: user.id,
            name: user.name,
            role: user.role,
            group: user.group_code,
            account_id: user.account_id,
        };
        self.tokens.put(hash, actor.clone());
        Ok(actor)
    }
}

/// Keys a saved queue view may hold (anything else in a query is dropped).
const VIEW_KEYS: [&str; 3] = ["group", "status", "breached"];

/// The shared limiter, one per server.
pub(crate) fn limits() -> Arc<SignInLimits> {
    Arc::new(SignInLimits::default())
}
