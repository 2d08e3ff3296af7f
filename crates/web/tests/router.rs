//! The app driven through its router, without a socket: ingest real example
//! articles, then read them back as a person and as a program would.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const TOKEN: &str = "test-token";

fn example(path: &str) -> Vec<u8> {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("a body").to_bytes();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

async fn get(app: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    call(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, token: Option<&str>, body: Vec<u8>) -> (StatusCode, Value) {
    let mut request = Request::post(uri);
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (status, _, body) = call(app, request.body(Body::from(body)).unwrap()).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test]
async fn ingest_then_read_stories_articles_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let app = web::router(web::AppState::open(&db, Some(TOKEN.into())).unwrap());

    // An empty corpus still answers.
    let (status, _, body) = get(&app, "/api/stories").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["stories"].as_array().map(Vec::len), Some(0));

    // Ingestion needs the token.
    let (status, answer) = post(&app, "/api/articles?source=a.txt", None, example("text/esther-williams-cir.txt")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{answer}");
    assert!(answer["error"].is_string());
    let (status, _) = post(&app, "/api/articles?source=a.txt", Some("wrong"), example("text/esther-williams-cir.txt")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, answer) = post(&app, "/api/articles?source=esther.txt", Some(TOKEN), example("text/esther-williams-cir.txt")).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["added"], 1);
    let first_id = answer["added_ids"][0].as_str().unwrap().to_string();
    let story_id = answer["stories"][&first_id].as_str().unwrap().to_string();

    // Sending it again adds nothing.
    let (status, answer) = post(&app, "/api/articles?source=esther.txt", Some(TOKEN), example("text/esther-williams-cir.txt")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["duplicates"], 1);

    // A batch in another format joins, and the story list shows it without a restart.
    let (status, answer) =
        post(&app, "/api/articles?source=batch.jsonl", Some(TOKEN), example("jsonl/esther-williams-and-kraft.jsonl")).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["added"], 3);
    let (_, _, body) = get(&app, "/api/stories").await;
    let stories = json(&body)["stories"].as_array().cloned().unwrap_or_default();
    let total: u64 = stories.iter().map(|s| s["articles"].as_u64().unwrap_or(0)).sum();
    assert_eq!(total, 4);
    assert!(stories.iter().any(|s| s["id"] == story_id.as_str()));

    // The story as JSON and as a page.
    let (status, _, body) = get(&app, &format!("/api/stories/{story_id}")).await;
    assert_eq!(status, StatusCode::OK);
    let story = json(&body);
    assert!(story["articles"].as_array().is_some_and(|a| a.iter().any(|id| id == first_id.as_str())));
    for key in ["entities", "timeline", "quotes", "figures", "citations", "disagreements"] {
        assert!(story[key].is_array(), "{key}");
    }
    let (status, headers, page) = get(&app, &format!("/stories/{story_id}")).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(page.contains(&format!("href=\"/articles/{first_id}")), "story page links its articles");

    // The article page highlights a sentence asked for.
    let (status, _, page) = get(&app, &format!("/articles/{first_id}?sentence=Pinup%20girl%20Williams")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"evidence\""), "the cited sentence is marked");

    // Search: words, phrases, quotes, filters, as JSON and as a page.
    let (_, _, body) = get(&app, "/api/search?q=%22synchronized%20swimming%22").await;
    let results = json(&body);
    assert!(results["total"].as_u64().unwrap_or(0) >= 1, "{results}");
    assert!(results["hits"][0]["highlights"].as_array().is_some_and(|h| !h.is_empty()));
    let (_, _, body) = get(&app, "/api/search?q=Williams&outlet=no-such-outlet").await;
    assert_eq!(json(&body)["total"], 0);
    let (status, _, page) = get(&app, "/search?q=Williams").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<mark>Williams</mark>"));

    // Unknown ids and paths: 404, never a file.
    let (status, _, body) = get(&app, "/api/stories/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(json(&body)["error"].is_string());
    for uri in ["/articles/..%2F..%2Fetc%2Fpasswd", "/stories/%2Fetc%2Fpasswd", "/../../etc/passwd", "/assets/../Cargo.toml"] {
        let (status, _, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!body.contains("root:"), "{uri}");
    }

    // The search index is rebuilt from the store when it goes missing.
    drop(app);
    std::fs::remove_dir_all(search::SearchIndex::dir_for_database(&db)).unwrap();
    let app = web::router(web::AppState::open(&db, Some(TOKEN.into())).unwrap());
    let (_, _, body) = get(&app, "/api/search?q=Williams").await;
    assert!(json(&body)["total"].as_u64().unwrap_or(0) >= 2, "{body}");
}

#[tokio::test]
async fn everything_from_an_article_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let app = web::router(web::AppState::open(&db, None).unwrap());
    let hostile = serde_json::json!({
        "url": "javascript:alert(1)",
        "title": "<script>alert('title')</script> Mayor resigns",
        "outlet": "<img src=x onerror=alert(2)>",
        "authors": ["\"><svg onload=alert(3)>"],
        "published": "2021-05-04",
        "text": "The mayor of Springfield resigned on Monday. \"<script>alert('quote')</script> I am leaving <b onmouseover=alert(4)>now</b>,\" the mayor said at a press conference. The council will meet on Friday to choose a successor."
    });
    let (status, answer) = post(&app, "/api/articles?source=x.jsonl", None, format!("{hostile}\n").into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let id = answer["added_ids"][0].as_str().unwrap().to_string();
    let story = answer["stories"][&id].as_str().unwrap().to_string();
    for uri in [
        "/".to_string(),
        format!("/stories/{story}"),
        format!("/articles/{id}"),
        "/search?q=mayor".to_string(),
        "/search?q=%3Cscript%3E".to_string(),
    ] {
        let (status, _, page) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let lower = page.to_ascii_lowercase();
        assert!(!page.contains("<script>alert"), "{uri}");
        assert!(!page.contains("<img src=x") && !page.contains("<svg onload") && !page.contains("<b onmouseover"), "{uri}");
        assert!(!lower.contains("href=\"javascript:"), "{uri}");
        assert_eq!(lower.matches("<script").count(), 1, "only the app's own script on {uri}");
    }
}

#[tokio::test]
async fn rejects_bad_uploads_with_json_errors() {
    let dir = tempfile::tempdir().unwrap();
    let app = web::router(web::AppState::open(&dir.path().join("c.db"), None).unwrap());
    let (status, answer) = post(&app, "/api/articles", None, Vec::new()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["error"].is_string());
    let (status, answer) = post(&app, "/api/articles?source=x.bin", None, vec![0u8, 159, 146, 150, 0, 0, 1]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer["rejected"].as_array().is_some_and(|r| !r.is_empty()));
    let (status, _, _) = call(&app, Request::get("/api/articles").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let big = vec![b'a'; web::MAX_UPLOAD_BYTES + 1];
    let (status, _) = post(&app, "/api/articles?source=big.txt", None, big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn refuses_to_serve_beyond_loopback_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let error = web::serve(&dir.path().join("c.db"), "0.0.0.0:0".parse().unwrap(), None).unwrap_err();
    assert!(error.to_string().contains("--token"));
}

#[tokio::test]
async fn an_ingest_the_store_refuses_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let app = web::router(web::AppState::open(&db, None).unwrap());
    let (status, _) = post(&app, "/api/articles?source=a.txt", None, example("text/esther-williams-cir.txt")).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, _, stories_before) = get(&app, "/api/stories").await;

    // The store refuses the next batch at its commit, after it was indexed for search (a
    // deferred foreign key checked at COMMIT, from another connection, as a disk error would).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TABLE audited (id TEXT PRIMARY KEY);
             CREATE TABLE audit (article TEXT REFERENCES audited(id) DEFERRABLE INITIALLY DEFERRED);
             CREATE TRIGGER broken AFTER INSERT ON articles BEGIN INSERT INTO audit VALUES (NEW.id); END;",
        )
        .unwrap();
    let batch = example("jsonl/esther-williams-and-kraft.jsonl");
    let (status, answer) = post(&app, "/api/articles?source=batch.jsonl", None, batch.clone()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");
    assert!(answer["error"].as_str().is_some_and(|e| e.contains("FOREIGN KEY")), "{answer}");
    let (_, _, stories_after) = get(&app, "/api/stories").await;
    assert_eq!(stories_after, stories_before, "no story gained an article the store does not hold");
    let (_, _, body) = get(&app, "/api/search?q=Hiller").await;
    assert_eq!(json(&body)["total"], 0, "nothing unstored is searchable: {body}");

    // Repaired, the same batch goes in whole.
    rusqlite::Connection::open(&db).unwrap().execute_batch("DROP TRIGGER broken").unwrap();
    let (status, answer) = post(&app, "/api/articles?source=batch.jsonl", None, batch).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["added"], 3);
    let (_, _, body) = get(&app, "/api/stories").await;
    let total: u64 = json(&body)["stories"].as_array().unwrap().iter().map(|s| s["articles"].as_u64().unwrap()).sum();
    assert_eq!(total, 4);
    let (_, _, body) = get(&app, "/api/search?q=Hiller").await;
    assert!(json(&body)["total"].as_u64().unwrap() >= 1, "{body}");
}

#[tokio::test]
async fn every_answer_carries_the_content_security_policy() {
    let dir = tempfile::tempdir().unwrap();
    let app = web::router(web::AppState::open(&dir.path().join("c.db"), Some(TOKEN.into())).unwrap());
    let (status, answer) = post(&app, "/api/articles?source=a.txt", Some(TOKEN), example("text/esther-williams-cir.txt")).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let id = answer["added_ids"][0].as_str().unwrap().to_string();
    let story = answer["stories"][&id].as_str().unwrap().to_string();
    let mut requests: Vec<Request<Body>> = [
        "/".to_string(),
        "/?outlet=x&language=en&from=2000-01-01".to_string(),
        format!("/stories/{story}"),
        format!("/articles/{id}"),
        "/search?q=Williams".to_string(),
        "/assets/style.css".to_string(),
        "/assets/app.js".to_string(),
        "/api/stories".to_string(),
        format!("/api/stories/{story}"),
        "/api/search?q=Williams".to_string(),
        "/stories/none".to_string(),
        "/no/such/page".to_string(),
    ]
    .into_iter()
    .map(|uri| Request::get(uri).body(Body::empty()).unwrap())
    .collect();
    requests.push(Request::post("/api/articles").body(Body::from("unauthorised")).unwrap());
    requests.push(
        Request::post("/api/articles")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::from(vec![b'a'; web::MAX_UPLOAD_BYTES + 1]))
            .unwrap(),
    );
    for request in requests {
        let what = format!("{} {}", request.method(), request.uri());
        let (status, headers, _) = call(&app, request).await;
        let csp = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"), "{what} ({status}): {csp:?}");
        assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).and_then(|v| v.to_str().ok()), Some("nosniff"), "{what}");
    }
}
