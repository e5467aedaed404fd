//! A value read from the store and trusted for a short time, shared by every
//! clone of the services: the SLA catalog and the webhook subscriptions are
//! read on every intake and change, yet change rarely. A change made through
//! this instance clears the cache at once; one made through another
//! instance is seen within the time to live.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a cached read is trusted.
pub(crate) const TTL: Duration = Duration::from_secs(5);

/// A value and when it was read.
type Slot<T> = Option<(Arc<T>, Instant)>;

/// The value as last read, and when.
#[derive(Debug)]
pub(crate) struct Cached<T>(Arc<RwLock<Slot<T>>>);

impl<T> Clone for Cached<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Self(Arc::new(RwLock::new(None)))
    }
}

impl<T> Cached<T> {
    /// The value, if it was read less than [`TTL`] ago.
    pub(crate) fn get(&self) -> Option<Arc<T>> {
        let slot = self.0.read().unwrap_or_else(|e| e.into_inner());
        slot.as_ref()
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(v, _)| v.clone())
    }

    pub(crate) fn put(&self, value: Arc<T>) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some((value, Instant::now()));
    }

    /// Forgets the value, so the next read goes to the store.
    pub(crate) fn clear(&self) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_put_value_is_served_until_cleared() {
        let cache = Cached::<u32>::default();
        assert!(cache.get().is_none());
        cache.put(Arc::new(7));
        assert_eq!(
            cache.clone().get().as_deref(),
            Some(&7),
            "clones share the slot"
        );
        cache.clear();
        assert!(cache.get().is_none());
    }
}
