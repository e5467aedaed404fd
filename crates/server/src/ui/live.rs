//! Live queues: while any page listens, one task per process reads the
//! database's change mark (`WebStore::change_mark`) every
//! [`LIVE_EVERY`], and `/ui/queue/events` tells each listening page over
//! server-sent events that something changed. The page then fetches its
//! rows as it always did, with its reader's scope, so the push carries no
//! data. Every instance reads the shared database, so a change made
//! through another instance reaches this one's pages too. A page whose
//! stream is down keeps refreshing every 30 seconds.

use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use averias_store::Store;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

use super::session::Signed;
use crate::App;

/// How often the change mark is read while someone listens.
pub const LIVE_EVERY: Duration = Duration::from_secs(2);

/// The process's change mark and whoever listens to it.
#[derive(Debug)]
pub struct Live {
    mark: watch::Sender<i64>,
    started: AtomicBool,
}

impl Default for Live {
    fn default() -> Self {
        Self {
            mark: watch::Sender::new(0),
            started: AtomicBool::new(false),
        }
    }
}

impl Live {
    /// A listener of the change mark; the first one starts the reader.
    pub fn subscribe(self: &Arc<Self>, store: Arc<dyn Store>) -> watch::Receiver<i64> {
        if !self.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(read_marks(Arc::downgrade(self), store));
        }
        let mut rx = self.mark.subscribe();
        rx.mark_unchanged();
        rx
    }
}

/// Reads the mark while anyone listens; ends with the app.
async fn read_marks(live: Weak<Live>, store: Arc<dyn Store>) {
    let mut tick = tokio::time::interval(LIVE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(live) = live.upgrade() else { break };
        if live.mark.receiver_count() == 0 {
            continue;
        }
        match store.change_mark().await {
            Ok(mark) => {
                live.mark.send_if_modified(|seen| {
                    let changed = *seen != mark;
                    *seen = mark;
                    changed
                });
            }
            Err(e) => tracing::warn!(error = %e, "live queues could not read the change mark"),
        }
    }
}

/// `GET /ui/queue/events`: `changed` each time something changed.
pub async fn events(State(app): State<App>, _signed: Signed) -> Response {
    let rx = app.live.subscribe(app.services.store.clone());
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.changed().await.ok()?;
        // Browsers drop an event whose data is empty (the SSE standard's
        // dispatch rule): it carries the mark, which means nothing to them.
        let mark = *rx.borrow_and_update();
        let event = Event::default().event("changed").data(mark.to_string());
        Some((Ok::<_, Infallible>(event), rx))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
