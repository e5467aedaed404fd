//! A short-lived cache from token hash to user, so a request does not read
//! the users table every time. Entries live a few seconds: a user changed on
//! this instance is forgotten at once (`clear`), one changed through another
//! instance stops working within the TTL.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use averias_domain::Actor;

const TTL: Duration = Duration::from_secs(5);
const MAX_ENTRIES: usize = 10_000;

/// Token hash → (user, when it was read).
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenCache(Arc<RwLock<HashMap<String, (Actor, Instant)>>>);

impl TokenCache {
    pub(crate) fn get(&self, hash: &str) -> Option<Actor> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(hash)
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(a, _)| a.clone())
    }

    pub(crate) fn put(&self, hash: String, actor: Actor) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (_, at)| at.elapsed() < TTL);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(hash, (actor, Instant::now()));
    }

    pub(crate) fn clear(&self) {
        self.0.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
}
