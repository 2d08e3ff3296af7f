//! The JSON API: stories, one story (the story object of the report schema),
//! search, and ingestion of new articles.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use model::{Report, Story};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::{blocking, AppState};

/// An error answered as `{"error": "..."}` with its status.
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into() }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// One line of the story list.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub articles: usize,
    pub outlets: Vec<String>,
    pub languages: Vec<String>,
    /// Earliest publication day among its articles.
    pub first_published: Option<String>,
    /// Latest publication day among its articles.
    pub last_published: Option<String>,
}

/// Filters of the story list.
#[derive(Debug, Default, Deserialize)]
pub struct StoryFilter {
    pub outlet: Option<String>,
    pub language: Option<String>,
    /// `YYYY-MM-DD`: stories with an article published on or after it.
    pub from: Option<String>,
    /// `YYYY-MM-DD`: stories with an article published on or before it.
    pub to: Option<String>,
}

fn day(value: &str) -> &str {
    value.get(..10).unwrap_or(value)
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The stories that pass `filter`, newest first (by their latest article).
pub fn summaries(report: &Report, filter: &StoryFilter) -> Vec<StorySummary> {
    let articles: HashMap<&str, &model::ReportArticle> = report.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut out: Vec<StorySummary> = report
        .stories
        .iter()
        .filter_map(|s| {
            let members: Vec<&model::ReportArticle> = s.articles.iter().filter_map(|id| articles.get(id.as_str()).copied()).collect();
            let outlet_ok = non_empty(&filter.outlet).map_or(true, |o| members.iter().any(|a| a.outlet.as_deref() == Some(o)));
            let language_ok = non_empty(&filter.language).map_or(true, |l| members.iter().any(|a| a.language == l));
            let date_ok = members.iter().any(|a| {
                let d = a.published.as_deref().map(day);
                non_empty(&filter.from).map_or(true, |f| d.is_some_and(|d| d >= f))
                    && non_empty(&filter.to).map_or(true, |t| d.is_some_and(|d| d <= t))
            });
            if !(outlet_ok && language_ok && date_ok) {
                return None;
            }
            let mut outlets: Vec<String> = members.iter().filter_map(|a| a.outlet.clone()).collect();
            outlets.sort();
            outlets.dedup();
            let mut languages: Vec<String> = members.iter().map(|a| a.language.clone()).collect();
            languages.sort();
            languages.dedup();
            let mut days: Vec<&str> = members.iter().filter_map(|a| a.published.as_deref()).map(day).collect();
            days.sort_unstable();
            Some(StorySummary {
                id: s.id.clone(),
                title: s.title.clone(),
                articles: members.len(),
                outlets,
                languages,
                first_published: days.first().map(|d| d.to_string()),
                last_published: days.last().map(|d| d.to_string()),
            })
        })
        .collect();
    out.sort_by(|a, b| b.last_published.cmp(&a.last_published).then_with(|| b.articles.cmp(&a.articles)).then_with(|| a.id.cmp(&b.id)));
    out
}

/// `GET /api/stories`
pub async fn stories(State(state): State<AppState>, Query(filter): Query<StoryFilter>) -> Result<Json<serde_json::Value>, ApiError> {
    let report = blocking(move || state.report()).await?;
    Ok(Json(json!({ "stories": summaries(&report, &filter) })))
}

/// `GET /api/stories/{id}`: the story object of the report schema.
pub async fn story(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Story>, ApiError> {
    let report = blocking(move || state.report()).await?;
    report
        .stories
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such story"))
}

/// Parameters of a search, shared by the page and the API.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    pub outlet: Option<String>,
    pub language: Option<String>,
    /// `article` or `quote`.
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl SearchParams {
    /// The index query these parameters ask for.
    pub fn to_query(&self) -> search::SearchQuery {
        search::SearchQuery {
            text: self.q.clone(),
            outlet: non_empty(&self.outlet).map(String::from),
            language: non_empty(&self.language).map(String::from),
            kind: non_empty(&self.kind).and_then(search::HitKind::parse),
            from: non_empty(&self.from).map(String::from),
            to: non_empty(&self.to).map(String::from),
            limit: self.limit.unwrap_or(20).clamp(1, 100),
            offset: self.offset.unwrap_or(0).min(10_000),
        }
    }
}

/// `GET /api/search?q=…`
pub async fn search(State(state): State<AppState>, Query(params): Query<SearchParams>) -> Result<Json<serde_json::Value>, ApiError> {
    let query = params.to_query();
    let results = blocking(move || state.shared.search.search(&query)).await?;
    let hits: Vec<serde_json::Value> = results
        .hits
        .iter()
        .map(|h| {
            json!({
                "kind": h.kind.as_str(),
                "article": h.article,
                "title": h.title,
                "outlet": h.outlet,
                "published": h.published,
                "language": h.language,
                "speaker": h.speaker,
                "snippet": h.snippet.text,
                "highlights": h.snippet.highlights.iter().map(|(s, e)| [s, e]).collect::<Vec<_>>(),
                "score": h.score,
            })
        })
        .collect();
    Ok(Json(json!({ "total": results.total, "hits": hits })))
}

/// Parameters of an upload.
#[derive(Debug, Default, Deserialize)]
pub struct IngestParams {
    /// A name for the upload; its extension helps recognise the format (`.html`, `.jsonl`, `.warc.gz`…).
    pub source: Option<String>,
}

/// The upload name: the given one (cleaned), else one derived from the content type.
fn upload_name(params: &IngestParams, headers: &HeaderMap) -> String {
    if let Some(name) = non_empty(&params.source) {
        return name.chars().filter(|c| !c.is_control()).take(200).collect();
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let extension = if content_type.contains("html") {
        "html"
    } else if content_type.contains("ndjson") || content_type.contains("jsonl") || content_type.contains("json") {
        "jsonl"
    } else if content_type.contains("rss") || content_type.contains("atom") || content_type.contains("xml") {
        "xml"
    } else if content_type.contains("warc") {
        "warc"
    } else {
        "txt"
    };
    format!("upload.{extension}")
}

/// Compares without stopping at the first difference, so timing does not reveal the token.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

fn authorised(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(expected) = &state.shared.token else { return true };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    given.is_some_and(|g| same_secret(g.as_bytes(), expected.as_bytes()))
}

/// `POST /api/articles`: one article or a batch, in any input format.
pub async fn ingest(
    State(state): State<AppState>,
    Query(params): Query<IngestParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if !authorised(&state, &headers) {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "a valid bearer token is required to add articles"));
    }
    if body.is_empty() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "the request body is empty"));
    }
    let source = upload_name(&params, &headers);
    let answer = blocking(move || {
        let (docs, rejected) = pipeline::read_bytes_and_analyze(&source, &body, &state.shared.limits);
        // Stored, given stories and indexed for search together, or not at all.
        let outcome = state.lock_corpus()?.add_indexed(&docs, &rejected, Some(&state.shared.search))?;
        let stories: serde_json::Map<String, serde_json::Value> =
            outcome.added_ids.iter().zip(&outcome.added_stories).map(|(id, story)| (id.clone(), json!(story))).collect();
        Ok(json!({
            "read": outcome.read,
            "added": outcome.added,
            "duplicates": outcome.duplicates,
            "rejected": rejected.iter().map(|r| json!({ "source": r.source, "reason": r.reason })).collect::<Vec<_>>(),
            "added_ids": outcome.added_ids,
            "stories": stories,
        }))
    })
    .await?;
    let added = answer["added"].as_u64().unwrap_or(0);
    let read = answer["read"].as_u64().unwrap_or(0);
    let status = if added > 0 {
        StatusCode::CREATED
    } else if read > 0 {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(answer)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc") && !same_secret(b"ab", b"abc") && !same_secret(b"", b"abc"));
    }

    #[test]
    fn upload_names_follow_the_content_type() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "text/html; charset=utf-8".parse().unwrap());
        assert_eq!(upload_name(&IngestParams::default(), &headers), "upload.html");
        assert_eq!(upload_name(&IngestParams { source: Some("feed.xml".into()) }, &headers), "feed.xml");
        assert_eq!(upload_name(&IngestParams::default(), &HeaderMap::new()), "upload.txt");
    }
}
