//! Every kind of input, good and bad, through the public API: each bad input is
//! one rejection naming its cause, the batch goes on, nothing panics.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use ingest::{expand_inputs, read_bytes, read_path, Limits};
use model::PublishedSource;

const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Minister resigns</title></head><body>
<article><h1>Minister resigns</h1>
<p>The minister resigned on Tuesday after weeks of protests in the capital, her office said in a statement.</p>
<p>"I am leaving so that the government can work," she told reporters outside the ministry on Tuesday evening.</p>
<p>The opposition welcomed the decision and called for early elections before the end of the year.</p>
</article></body></html>"#;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("in-memory write");
    encoder.finish().expect("in-memory gzip")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn reasons(outcome: &ingest::Outcome) -> Vec<String> {
    outcome.rejected.iter().map(|r| format!("{}: {}", r.source, r.reason)).collect()
}

#[test]
fn html_file_and_gzip_without_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = read_path(&write(dir.path(), "page.html", PAGE.as_bytes()), &Limits::default());
    assert_eq!(plain.articles.len(), 1, "{:?}", reasons(&plain));
    let article = &plain.articles[0];
    assert!(article.text.contains("minister resigned"));
    assert_eq!(article.language, "en");
    let packed = read_path(&write(dir.path(), "page.bin", &gzip(PAGE.as_bytes())), &Limits::default());
    assert_eq!(packed.articles.len(), 1, "{:?}", reasons(&packed));
    assert_eq!(packed.articles[0].text, article.text);
}

#[test]
fn plain_text_headers_become_metadata() {
    let text = "Minister resigns after protests\nTue, 03 Mar 2020 08:15:00 +0100\nBy Jane Doe\nSource: Example News\n\nThe minister resigned on Tuesday after weeks of protests.\n\nThe opposition welcomed it.\n";
    let out = read_bytes("story.txt", text.as_bytes(), &Limits::default());
    let a = &out.articles[0];
    assert_eq!(a.title.as_deref(), Some("Minister resigns after protests"));
    assert_eq!(a.published.as_deref(), Some("2020-03-03T08:15:00+01:00"));
    assert_eq!(a.published_source, Some(PublishedSource::Text));
    assert_eq!(a.authors, vec!["Jane Doe"]);
    assert_eq!(a.outlet.as_deref(), Some("Example News"));
    assert_eq!(a.text, "The minister resigned on Tuesday after weeks of protests.\n\nThe opposition welcomed it.");
    assert_eq!(a.id, model::Article::compute_id(None, &a.text));
}

#[test]
fn a_few_invalid_utf8_bytes_are_replaced() {
    let mut bytes = "Größere Proteste in der Hauptstadt am Dienstag, sagte die Polizei. ".repeat(4).into_bytes();
    bytes.insert(10, 0xFF);
    let out = read_bytes("de.txt", &bytes, &Limits::default());
    assert_eq!(out.articles.len(), 1, "{:?}", reasons(&out));
    assert!(out.articles[0].text.contains("Proteste"));
    assert_eq!(out.articles[0].language, "de");
}

#[test]
fn legacy_encodings_are_decoded() {
    let (body, _, _) = encoding_rs::WINDOWS_1251.encode(
        "<html><head><meta charset=\"windows-1251\"><title>Новости</title></head><body><article><p>Президент России заявил сегодня, что переговоры продолжатся на следующей неделе в Москве.</p><p>Министр иностранных дел подтвердил это в своём заявлении для журналистов.</p></article></body></html>",
    );
    let out = read_bytes("ru.html", &body, &Limits::default());
    assert_eq!(out.articles.len(), 1, "{:?}", reasons(&out));
    assert!(out.articles[0].text.contains("Президент"));
    assert_eq!(out.articles[0].language, "ru");
}

#[test]
fn bad_inputs_are_each_one_clear_rejection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let limits = Limits::default();
    let cases: Vec<(PathBuf, &str)> = vec![
        (dir.path().join("missing.html"), "no such file"),
        (write(dir.path(), "empty.txt", b""), "empty file"),
        (write(dir.path(), "garbage.dat", &(0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 11) as u8).collect::<Vec<_>>()), "not text"),
        (write(dir.path(), "doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "PDF"),
        (write(dir.path(), "cut.html.gz", &gzip(PAGE.as_bytes())[..60]), "gzip"),
        (write(dir.path(), "nav.html", b"<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>"), "without article text"),
        (write(dir.path(), "broken.xml", b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item"), "malformed feed"),
        (write(dir.path(), "image.svg", b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><rect width='1'/></svg>"), "neither a feed nor HTML"),
    ];
    for (path, cause) in cases {
        let out = read_path(&path, &limits);
        assert!(out.articles.is_empty(), "{}", path.display());
        assert_eq!(out.rejected.len(), 1, "{}: {:?}", path.display(), reasons(&out));
        assert!(out.rejected[0].reason.contains(cause), "{}: {:?} should name {cause}", path.display(), reasons(&out));
        assert_eq!(out.rejected[0].source, path.display().to_string());
    }
}

#[test]
fn oversized_single_articles_are_refused_without_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A sparse 200 MB file: refused from its size alone, in no time.
    let huge = dir.path().join("huge.txt");
    let mut file = std::fs::File::create(&huge).expect("create");
    file.write_all("Plain text of a story. ".repeat(1000).as_bytes()).expect("write");
    file.set_len(200 * 1024 * 1024).expect("sparse file");
    let out = read_path(&huge, &Limits::default());
    assert!(out.rejected[0].reason.contains("above the single-article limit"), "{:?}", reasons(&out));
    // Inside gzip the size is unknown: reading stops at the limit.
    let limits = Limits { max_article_bytes: 64 * 1024 };
    let big_text = "Word after word of text about the protests. ".repeat(4000);
    let out = read_path(&write(dir.path(), "big.txt.gz", &gzip(big_text.as_bytes())), &limits);
    assert!(out.rejected[0].reason.contains("above the single-article limit"), "{:?}", reasons(&out));
}

fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let content_type = if kind == "response" { "application/http;msgtype=response" } else { "application/warc-fields" };
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2020-03-03T08:15:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[test]
fn warc_per_record_gzip_and_truncation() {
    let response = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}");
    let mut warc = gzip(&warc_record("warcinfo", "", b"software: test\r\n"));
    warc.extend(gzip(&warc_record("response", "https://example.org/a", response.as_bytes())));
    let complete = read_bytes("a.warc.gz", &warc, &Limits::default());
    assert_eq!(complete.articles.len(), 1, "{:?}", reasons(&complete));
    assert_eq!(complete.articles.len(), 1, "{:?}", reasons(&complete));
    let a = &complete.articles[0];
    assert_eq!(a.source, "a.warc.gz#2");
    assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(a.id, model::Article::compute_id(Some("https://example.org/a"), &a.text));
    // A third record cut in the middle of its gzip member: the first article survives.
    let third = gzip(&warc_record("response", "https://example.org/b", response.as_bytes()));
    warc.extend_from_slice(&third[..third.len() / 2]);
    let cut = read_bytes("a.warc.gz", &warc, &Limits::default());
    assert_eq!(cut.articles.len(), 1, "{:?}", reasons(&cut));
    assert_eq!(cut.rejected.len(), 1, "{:?}", reasons(&cut));
    assert_eq!(cut.rejected[0].source, "a.warc.gz#3");
    assert!(cut.rejected[0].reason.contains("gzip"), "{:?}", reasons(&cut));
}

#[test]
fn archive_without_pages_says_so() {
    let warc = warc_record("warcinfo", "", b"software: test\r\n");
    let out = read_bytes("info.warc", &warc, &Limits::default());
    assert!(out.articles.is_empty());
    assert!(out.rejected[0].reason.contains("no HTML page"), "{:?}", reasons(&out));
}

#[test]
fn feed_items_become_articles_and_empty_items_are_rejected() {
    let rss = r#"<?xml version="1.0" encoding="iso-8859-1"?>
<rss version="2.0"><channel><title>Example News</title><language>en</language>
<item><title>First</title><link>https://example.org/1</link><pubDate>Tue, 03 Mar 2020 08:15:00 +0100</pubDate>
<description>&lt;p&gt;The minister resigned on Tuesday after weeks of protests.&lt;/p&gt;</description></item>
<item><title>Title only</title><link>https://example.org/2</link></item>
</channel></rss>"#;
    let out = read_bytes("news.rss", rss.as_bytes(), &Limits::default());
    assert_eq!(out.articles.len(), 1, "{:?}", reasons(&out));
    let a = &out.articles[0];
    assert_eq!(a.source, "news.rss#1");
    assert_eq!(a.outlet.as_deref(), Some("Example News"));
    assert_eq!(a.published.as_deref(), Some("2020-03-03T07:15:00+00:00"));
    assert_eq!(a.published_source, Some(PublishedSource::Feed));
    assert_eq!(a.text, "The minister resigned on Tuesday after weeks of protests.");
    assert_eq!(out.rejected.len(), 1);
    assert_eq!(out.rejected[0].source, "news.rss#2");
}

#[test]
fn json_lines_bad_line_is_one_rejection() {
    let lines = "{\"text\": \"The minister resigned on Tuesday.\", \"title\": \"A\"}\n{\"text\": oops}\n{\"html\": \"<p>The opposition welcomed the decision.</p>\", \"authors\": [\"Jane Doe\"]}\n";
    let out = read_bytes("batch.jsonl", lines.as_bytes(), &Limits::default());
    assert_eq!(out.articles.len(), 2);
    assert_eq!(out.rejected.len(), 1);
    assert_eq!(out.rejected[0].source, "batch.jsonl#2");
    assert!(out.rejected[0].reason.contains("malformed JSON"));
}

#[test]
fn directories_expand_sorted_without_hidden_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    write(dir.path(), "b.txt", b"b");
    write(dir.path(), "a.txt", b"a");
    write(dir.path(), ".hidden", b"h");
    write(&dir.path().join("sub"), "c.txt", b"c");
    let (files, rejected) = expand_inputs(&[dir.path().to_path_buf(), PathBuf::from("-"), dir.path().join("nope"), dir.path().join("empty")]);
    let names: Vec<String> = files.iter().map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()).collect();
    assert_eq!(names, vec!["a.txt", "b.txt", "c.txt", "-"]);
    let why: Vec<&str> = rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(why, vec!["no such file or directory", "directory holds no readable file"]);
}

#[test]
fn every_prefix_of_every_format_reads_without_panic() {
    let response = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{}\r\n0\r\n\r\n", &PAGE[..16]);
    let warc = warc_record("response", "https://example.org/a", response.as_bytes());
    let inputs: Vec<Vec<u8>> = vec![
        warc.clone(),
        gzip(&warc),
        format!("filedesc://x.arc 0.0.0.0 20140216050221 text/plain 4\n1 0 \n\nhttp://x.org/ 1.2.3.4 20140216050221 text/html {}\n{response}", response.len()).into_bytes(),
        b"{\"text\": \"a\xc3\"}\n{\"html\": \"<p>\xe2\x80\"}".to_vec(),
        "<rss version=\"2.0\"><channel><item><title>é</title><description>x &amp; y</description></item></channel></rss>".as_bytes().to_vec(),
        PAGE.as_bytes().to_vec(),
        "Titel\n\nVon Jane Doe\n\nText über die Welt.".as_bytes().to_vec(),
    ];
    let limits = Limits { max_article_bytes: 4096 };
    for input in &inputs {
        for cut in 0..=input.len() {
            let out = read_bytes("x", &input[..cut], &limits);
            assert!(cut == 0 || !out.articles.is_empty() || !out.rejected.is_empty(), "prefix {cut} gave nothing");
        }
    }
}
