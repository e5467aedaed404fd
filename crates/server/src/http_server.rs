//! Serving the router on a TCP listener with the limits a server exposed to
//! the Internet needs, which `axum::serve` does not set: a cap on open
//! connections, a time limit for a request's headers, a time limit for an
//! idle keep-alive connection, and (in [`request_timeout`]) for a whole
//! request. Without them a few thousand half-sent requests hold sockets
//! until the process runs out of descriptors (slowloris).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::error::ApiError;

/// Connection and request limits (`[http]` in the configuration file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// Open connections at most; past it the server stops accepting until
    /// one closes (the kernel's backlog holds the rest).
    pub max_connections: usize,
    /// A request's headers must have arrived this long after the server
    /// started reading them.
    pub header_read_timeout: Duration,
    /// A keep-alive connection with no bytes in or out this long is closed.
    pub idle_timeout: Duration,
    /// A request (reading its body, the handler, the answer's head) must be
    /// done in this time; past it the client gets `503 request_timeout`.
    pub request_timeout: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            max_connections: 4096,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// Middleware: ends a request that runs past `limits.request_timeout` with
/// a JSON 503. The handler's future is dropped: an open transaction rolls
/// back, but a write already handed to SQLite's group committer still
/// commits, so the answer does not claim nothing changed; every change is
/// whole or absent, and a report retried with its `Idempotency-Key` finds
/// the ticket it opened.
pub async fn request_timeout(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "request_timeout",
            format!(
                "the request took longer than {} s and was stopped; a change it carried was made whole or not at all: read the resource again, or retry with the same Idempotency-Key",
                limit.as_secs()
            ),
        )
        .into_response(),
    }
}

/// Serves `router` on `listener` with `limits` until `shutdown` completes,
/// then lets requests under way finish (for at most `request_timeout`).
/// Handlers can read the peer's address with `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: HttpLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let max = limits.max_connections.max(1);
    let permits = Arc::new(Semaphore::new(max));
    let (closing_tx, closing_rx) = tokio::sync::watch::channel(false);
    // HTTP/1.1, as `axum::serve` served it here (no HTTP/2 without TLS).
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let started = Instant::now();
        let last_activity = Arc::new(AtomicU64::new(0));
        let io = TokioIo::new(Tracked {
            inner: stream,
            started,
            last_activity: last_activity.clone(),
        });
        let service = TowerToHyperService::new(router.clone().map_request(
            move |mut request: Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.map(axum::body::Body::new)
            },
        ));
        let builder = builder.clone();
        let mut closing = closing_rx.clone();
        let idle = limits.idle_timeout;
        tokio::spawn(async move {
            let _permit = permit;
            let connection = builder.serve_connection(io, service).with_upgrades();
            let mut connection = std::pin::pin!(connection);
            let mut check = tokio::time::interval(
                (idle / 4).clamp(Duration::from_millis(50), Duration::from_secs(5)),
            );
            let mut ending = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(error = %e, %peer, "connection ended with an error");
                        }
                        break;
                    }
                    _ = check.tick(), if !ending => {
                        let active = Duration::from_millis(last_activity.load(Ordering::Relaxed));
                        if started.elapsed().saturating_sub(active) >= idle {
                            // Closes now if no request is under way, else after it.
                            connection.as_mut().graceful_shutdown();
                            ending = true;
                        }
                    }
                    _ = closing.changed(), if !ending => {
                        connection.as_mut().graceful_shutdown();
                        ending = true;
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = closing_tx.send(true);
    // Requests under way finish; idle connections close at once.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(limits.request_timeout, permits.acquire_many(all)).await;
    Ok(())
}

/// A TCP stream that notes when bytes last moved, for the idle timeout.
struct Tracked {
    inner: TcpStream,
    started: Instant,
    /// Milliseconds after `started`.
    last_activity: Arc<AtomicU64>,
}

impl Tracked {
    fn touch(&self) {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_activity.store(now, Ordering::Relaxed);
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
