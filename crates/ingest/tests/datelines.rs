//! Visible datelines date articles whose metadata gives no date, through the public API
//! and on the examples shipped with the repository.

use std::path::Path;

use ingest::{read_bytes, read_path, Limits};
use model::PublishedSource;

fn published(outcome: &ingest::Outcome, url_part: &str) -> Option<(String, PublishedSource)> {
    let article = outcome.articles.iter().find(|a| a.url.as_deref().is_some_and(|u| u.contains(url_part)))?;
    Some((article.published.clone()?, article.published_source?))
}

#[test]
fn the_sky_page_of_the_examples_is_dated_by_its_dateline_not_its_capture() {
    let warc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/warc/greece-bank.warc.gz");
    let outcome = read_path(&warc, &Limits::default());
    assert_eq!(
        published(&outcome, "news.sky.com"),
        Some(("2010-05-05T19:00:00+01:00".to_string(), PublishedSource::Text)),
        "7:00pm UK, Wednesday 05 May 2010: British Summer Time that day"
    );
}

#[test]
fn datelines_in_html_and_plain_text() {
    let page = r#"<html><head><title>Talks resume</title></head><body><header>Monday 23 November 2026</header>
        <article><h1>Talks resume</h1><div class="byline">By Jane Roe</div><div class="meta">Updated 14:32 GMT, 4 March 2020</div>
        <p>PARIS, March 3, 2020 (Reuters) - France and Germany resumed talks on the budget on Tuesday, officials said.</p>
        <p>The talks had been suspended for two weeks after a dispute over farm subsidies and fishing rights.</p></article></body></html>"#;
    let outcome = read_bytes("page.html", page.as_bytes(), &Limits::default());
    let article = outcome.articles.first().expect("one article");
    assert_eq!(article.published.as_deref(), Some("2020-03-03"));
    assert_eq!(article.published_source, Some(PublishedSource::Text));

    let text = "Talks resume\nPublished: 12.05.2021 10:15\n\nFrance and Germany resumed talks on the budget on Wednesday.\n";
    let outcome = read_bytes("talks.txt", text.as_bytes(), &Limits::default());
    let article = outcome.articles.first().expect("one article");
    assert_eq!(article.published.as_deref(), Some("2021-05-12"), "a time without a zone keeps only the day");
    assert!(!article.text.contains("Published"));
}
