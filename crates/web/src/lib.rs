//! The local web app over a corpus database: stories (newest first, filtered),
//! each story's account (rendered by the same functions as the HTML report),
//! articles with the spans that feed the account highlighted, full-text search,
//! and a JSON API that also ingests new articles while it runs.
//!
//! The corpus is not `Sync`: it sits behind a mutex and every use of it runs in
//! `spawn_blocking`. Ingestion commits to SQLite and to the search index before
//! it answers, so a graceful shutdown loses nothing that was acknowledged.

mod api;
mod pages;

// The story page and the HTML report share their rendering functions.
use report::html as story_html;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use model::Report;
use pipeline::Corpus;
use search::SearchIndex;
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest request body accepted by `POST /api/articles`.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// The policy on every response: only the app's own style sheet and script, nothing from elsewhere.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    corpus: Mutex<Corpus>,
    search: SearchIndex,
    /// Bearer token required by `POST /api/articles`, when set.
    token: Option<String>,
    limits: ingest::Limits,
}

impl AppState {
    /// State over an open corpus and search index. With a `token`, ingestion requires it.
    pub fn new(corpus: Corpus, search: SearchIndex, token: Option<String>) -> AppState {
        AppState {
            shared: Arc::new(Shared {
                corpus: Mutex::new(corpus),
                search,
                token: token.filter(|t| !t.is_empty()),
                limits: ingest::Limits::default(),
            }),
        }
    }

    /// Opens the corpus at `db` and its search index at `<db>.search/`, rebuilding the
    /// index from the store when it is missing or does not hold every stored article.
    pub fn open(db: &Path, token: Option<String>) -> Result<AppState> {
        let corpus = Corpus::open(db)?;
        let search = SearchIndex::open(&SearchIndex::dir_for_database(db))?;
        let stored = corpus.article_count()?;
        if search.article_count()? != stored {
            search.rebuild(&corpus.store().docs()?).context("cannot rebuild the search index")?;
        }
        Ok(AppState::new(corpus, search, token))
    }

    fn lock_corpus(&self) -> Result<std::sync::MutexGuard<'_, Corpus>> {
        self.shared.corpus.lock().map_err(|_| anyhow::anyhow!("the corpus lock was poisoned by an earlier failure"))
    }

    /// The current report: the corpus corroborates again only the stories that gained
    /// articles since the last one. Blocking.
    fn report(&self) -> Result<Arc<Report>> {
        self.lock_corpus()?.report()
    }
}

/// Runs blocking work off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| anyhow::anyhow!("a worker failed: {e}"))?
}

/// Every page and API route of the app.
pub fn router(state: AppState) -> Router {
    let header = |name, value: &'static str| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    Router::new()
        .route("/", get(pages::stories))
        .route("/stories/{id}", get(pages::story))
        .route("/articles/{id}", get(pages::article))
        .route("/search", get(pages::search))
        .route("/assets/style.css", get(pages::style))
        .route("/assets/app.js", get(pages::script))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/search", get(api::search))
        .route("/api/articles", post(api::ingest).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)))
        .fallback(pages::not_found)
        .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .with_state(state)
}

/// Serves the app on `addr` until Ctrl-C or SIGTERM, then finishes the requests under way.
/// Bound to anything but loopback, it refuses to start without a token for ingestion.
pub fn serve(db: &Path, addr: SocketAddr, token: Option<String>) -> Result<()> {
    if !addr.ip().is_loopback() && token.as_deref().map_or(true, str::is_empty) {
        anyhow::bail!("serving on {addr} (not loopback) requires --token, which POST /api/articles then asks for");
    }
    let state = AppState::open(db, token)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        eprintln!("serving {} on http://{}", db.display(), listener.local_addr()?);
        axum::serve(listener, router(state)).with_graceful_shutdown(shutdown_signal()).await?;
        Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        // Without a signal handler the server stops only with SIGTERM or when killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
