//! The command line as a user runs it: on the bundled examples and on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> PathBuf {
    repo().join("examples")
}

fn triangulate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triangulate")).args(args).current_dir(repo()).output().expect("runs")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn report_schema() -> Value {
    let path = repo().join("../shared/spec/report.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (../shared must sit beside the repo)", path.display()));
    serde_json::from_str(&text).expect("schema is JSON")
}

fn assert_valid_report(report: &Value) {
    let schema = report_schema();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(report).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "report violates the schema:\n{}", errors.join("\n"));
}

#[test]
fn analyze_examples_gives_a_valid_complete_report() {
    let out = triangulate(&["analyze", "examples", "-q"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    assert_valid_report(&report);
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 15, "every example article is read once");
    assert!(report["rejected"].as_array().unwrap().is_empty());
    for a in articles {
        assert!(a["title"].as_str().is_some_and(|t| !t.is_empty()), "title of {}", a["source"]);
        assert!(a["outlet"].as_str().is_some_and(|t| !t.is_empty()), "outlet of {}", a["source"]);
        assert!(a["url"].as_str().is_some_and(|u| u.starts_with("http")), "url of {}", a["source"]);
        assert_eq!(a["language"], "en", "language of {}", a["source"]);
        assert!(a["words"].as_u64().unwrap() >= 15, "words of {}", a["source"]);
    }
    let sources: Vec<&str> = articles.iter().map(|a| a["source"].as_str().unwrap()).collect();
    assert!(sources.iter().any(|s| s.ends_with("kraft-shooting.rss#2")), "feed items are path#N: {sources:?}");
    assert!(sources.iter().any(|s| s.ends_with("greece-bank.warc.gz#1")), "WARC records are path#N: {sources:?}");
    let stories = report["stories"].as_array().unwrap();
    let in_stories: usize = stories.iter().map(|s| s["articles"].as_array().unwrap().len()).sum();
    assert_eq!(in_stories, 15, "every article is in exactly one story");
}

#[test]
fn ingest_then_report_equals_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let db = db.to_str().unwrap();
    let direct = json(&triangulate(&["analyze", "examples", "-q"]));
    // Two batches, in the same order as one analyze reads them.
    for part in ["examples/feeds", "examples/html", "examples/jsonl", "examples/text", "examples/warc"] {
        let out = triangulate(&["ingest", part, "--db", db, "-q"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    }
    // Ingesting again changes nothing.
    assert_eq!(triangulate(&["ingest", "examples", "--db", db, "-q"]).status.code(), Some(0));
    let stored = json(&triangulate(&["report", "--db", db]));
    assert_valid_report(&stored);
    assert_eq!(stored["articles"], direct["articles"]);
    assert_eq!(stored["stories"], direct["stories"]);
}

#[test]
fn bad_inputs_are_listed_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, b"").unwrap();
    let garbage = dir.path().join("garbage.bin");
    std::fs::write(&garbage, (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<_>>()).unwrap();
    let missing = dir.path().join("missing.txt");
    let good = examples().join("text/greece-bank-usatoday.txt");
    let out = triangulate(&[
        "analyze",
        "-q",
        good.to_str().unwrap(),
        empty.to_str().unwrap(),
        garbage.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "some rejected: exit 1");
    let report = json(&out);
    assert_valid_report(&report);
    assert_eq!(report["articles"].as_array().unwrap().len(), 1);
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for path in [&empty, &garbage, &missing] {
        let name = path.to_str().unwrap();
        assert!(rejected.iter().any(|r| r["source"] == name), "{name} listed");
        assert!(stderr.contains(name), "{name} named on stderr");
    }
}

#[test]
fn nothing_readable_exits_2_and_usage_errors_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = triangulate(&["analyze", "-q", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(triangulate(&["analyze"]).status.code(), Some(2));
    assert_eq!(triangulate(&["analyze", "examples", "--format", "pdf"]).status.code(), Some(2));
}

#[test]
fn extract_writes_one_article_per_line() {
    let out = triangulate(&["extract", "-q", "examples/jsonl", "examples/feeds"]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 6);
    for a in &lines {
        for field in ["source", "url", "title", "authors", "published", "published_source", "language", "outlet", "text"] {
            assert!(a.get(field).is_some(), "{field} missing in {a}");
        }
        assert!(a["text"].as_str().unwrap().contains("\n\n"), "paragraphs separated by a blank line");
    }
    let schema_path = repo().join("spec/extract.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("extract schema compiles");
    for a in &lines {
        let errors: Vec<String> = validator.iter_errors(a).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
}

#[test]
fn html_report_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let out = triangulate(&["analyze", "examples", "-q", "--format", "html", "-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Esther Williams"));
    for external in ["<link rel=\"stylesheet\"", "<script src", "src=\"http", "@import", "url(http"] {
        assert!(!page.contains(external), "the page loads nothing from outside ({external})");
    }
}
