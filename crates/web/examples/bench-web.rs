//! Speed of the web app's heavy parts, run by `scripts/bench-web.sh`:
//!
//! * `render N`: rendering the story page (the same functions as the HTML report) of one
//!   synthetic story of N articles, every part of the account filled in proportion;
//! * `search FNC1_DIR N`: indexing N articles synthesised from the FNC-1 news bodies and
//!   headlines, then search latency (p50/p99) over a fixed query mix, side by side with
//!   SQLite FTS5 (the peer) on the same articles and queries;
//! * `articles FNC1_DIR N OUT_DIR`: writes N distinct synthetic plain-text articles for the
//!   ingestion load test;
//! * `search-store FNC1_DIR N DB`: a corpus database of N synthetic articles (not analysed:
//!   search needs only their text and quotes), grouped into stories by FNC-1 body, for the
//!   app's search under load;
//! * `story-store FNC1_DIR N DB`: a corpus database of N synthetic articles, each analysed
//!   by the full pipeline and all in one story, for the app's story page under load;
//! * `refresh FNC1_DIR CORPUS UPLOADS`: a corpus of CORPUS analysed synthetic articles, then
//!   UPLOADS more added one at a time, each followed by the report: kept up to date story by
//!   story (`Corpus::report`) against corroborated whole (`Corpus::full_report`, what every
//!   report after an ingest cost before), on two copies of the same corpus.
//!
//! Synthesis (deterministic, seeded): article i takes FNC-1 body i mod 904, drops one of its
//! sentences and rotates the rest by a seeded amount, takes headline i mod 25,413 as its
//! title, one of 40 outlets and a publication day in 2017; quotes are the spans between
//! curly or straight double quotation marks. So texts vary, but the vocabulary stays news.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use model::{
    Article, Derivation, Disagreement, DisagreementKind, Doc, EntityKind, Evidence, Position, Quote, QuoteVariant, Relation,
    Report, ReportArticle, Span, SpeakerMention, Story, StoryCitation, StoryEntity, StoryFigure, StoryQuote, TimelineEntry,
    REPORT_FORMAT,
};

/// A small deterministic generator (SplitMix64): the synthesis must not change between runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn median_and_p99(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| samples.get(((samples.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(0.0);
    (at(0.5), at(0.99))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("render") => render(args.get(1).and_then(|n| n.parse().ok()).unwrap_or(500)),
        Some("search") => search_bench(Path::new(args.get(1).context("FNC1_DIR")?), args.get(2).and_then(|n| n.parse().ok()).unwrap_or(100_000)),
        Some("articles") => write_articles(
            Path::new(args.get(1).context("FNC1_DIR")?),
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(300),
            Path::new(args.get(3).context("OUT_DIR")?),
        ),
        Some(mode @ ("search-store" | "story-store")) => write_store(
            Path::new(args.get(1).context("FNC1_DIR")?),
            args.get(2).and_then(|n| n.parse().ok()).context("N")?,
            Path::new(args.get(3).context("DB")?),
            mode == "story-store",
        ),
        Some("refresh") => refresh(
            Path::new(args.get(1).context("FNC1_DIR")?),
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(3000),
            args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100),
        ),
        _ => anyhow::bail!(
            "usage: bench-web render N | search FNC1_DIR N | articles FNC1_DIR N OUT_DIR | search-store FNC1_DIR N DB | story-store FNC1_DIR N DB | refresh FNC1_DIR CORPUS UPLOADS"
        ),
    }
}

fn synthetic_story(n: usize) -> Report {
    let mut rng = Rng(7);
    let outlets = ["wire", "daily", "herald", "zeitung", "post", "times", "courier", "observer"];
    let articles: Vec<ReportArticle> = (0..n)
        .map(|i| ReportArticle {
            id: format!("a{i}"),
            source: format!("a{i}.html"),
            outlet: Some(format!("{}{}", outlets[i % outlets.len()], i / outlets.len())),
            url: Some(format!("https://news{}.example/{i}", i % 50)),
            title: Some(format!("Flooding forces thousands from their homes, report number {i}")),
            authors: vec!["Staff writer".into()],
            published: Some(format!("2021-07-{:02}T{:02}:00:00Z", 10 + i * 10 / n.max(1), i % 24)),
            published_source: Some("metadata".into()),
            language: if i % 5 == 0 { "de".into() } else { "en".into() },
            words: 500 + i,
            derived_from: if i > 0 && i % 4 == 0 {
                vec![Derivation { article: format!("a{}", rng.below(i)), relation: [Relation::Copy, Relation::Rewrite, Relation::Translation][i % 3], similarity: 0.8 }]
            } else {
                vec![]
            },
        })
        .collect();
    let ids: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
    let some = |rng: &mut Rng, k: usize| -> Vec<String> { (0..k).map(|_| ids[rng.below(ids.len())].clone()).collect() };
    let evidence = |rng: &mut Rng, k: usize| -> Vec<Evidence> {
        (0..k)
            .map(|_| Evidence {
                article: ids[rng.below(ids.len())].clone(),
                sentence: "On Tuesday the river rose above the dykes and thousands of residents left the old town.".into(),
                expression: Some("On Tuesday".into()),
            })
            .collect()
    };
    let story = Story {
        id: "s1".into(),
        title: "Floods in the river valley".into(),
        articles: ids.clone(),
        entities: (0..n / 2)
            .map(|i| StoryEntity {
                id: format!("e{i}"),
                name: format!("Person Number{i}"),
                kind: [EntityKind::Person, EntityKind::Organization, EntityKind::Place][i % 3],
                variants: vec![format!("Person Number{i}"), format!("Number{i}")],
                descriptions: vec!["a local official".into()],
                mentions: 3,
                articles: some(&mut rng, 3),
            })
            .collect(),
        timeline: (0..n / 2)
            .map(|i| TimelineEntry {
                date: format!("2021-07-{:02}", 1 + i % 28),
                end: None,
                approximate: i % 7 == 0,
                summary: "The river rises above the dykes".into(),
                participants: vec!["Person Number1".into()],
                evidence: evidence(&mut rng, 4),
                sources: 1 + i % 4,
            })
            .collect(),
        quotes: (0..n / 2)
            .map(|i| StoryQuote {
                id: format!("q{i}"),
                speaker: Some("e1".into()),
                speaker_name: Some("Person Number1".into()),
                via: None,
                direct: true,
                variants: vec![
                    QuoteVariant { text: "We have never seen the water rise this fast in the valley".into(), articles: some(&mut rng, 5) },
                    QuoteVariant { text: "We have never seen water rise so fast in this valley".into(), articles: some(&mut rng, 2) },
                    QuoteVariant { text: "Never have we seen the water rise this fast".into(), articles: some(&mut rng, 1) },
                ],
                sources: 3,
            })
            .collect(),
        figures: (0..n / 5)
            .map(|i| StoryFigure { value: i as f64, unit: None, counted: Some("residents".into()), text: format!("{i} residents"), articles: some(&mut rng, 3), sources: 2 })
            .collect(),
        citations: (0..n / 20)
            .map(|i| StoryCitation { source: format!("Agency {i}"), articles: some(&mut rng, 3), evidence: evidence(&mut rng, 2) })
            .collect(),
        disagreements: (0..n / 50)
            .map(|i| Disagreement {
                kind: DisagreementKind::Figure,
                about: format!("residents evacuated {i}"),
                positions: vec![
                    Position { text: "3,000".into(), articles: some(&mut rng, 3), sources: 2, first_published: Some("2021-07-11".into()) },
                    Position { text: "5,000".into(), articles: some(&mut rng, 2), sources: 1, first_published: None },
                ],
                update: i % 2 == 0,
            })
            .collect(),
    };
    Report { format: REPORT_FORMAT.into(), articles, stories: vec![story], rejected: vec![] }
}

fn render(n: usize) -> Result<()> {
    let report = synthetic_story(n);
    let mut samples = Vec::new();
    let mut bytes = 0;
    for _ in 0..15 {
        let start = Instant::now();
        let page = report::to_html(&report);
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        bytes = page.len();
    }
    let (p50, p99) = median_and_p99(samples);
    println!("render story_articles={n} page_bytes={bytes} median_ms={p50:.2} max_ms={p99:.2}");
    Ok(())
}

/// FNC-1 bodies and headlines.
fn fnc1(dir: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let mut bodies = Vec::new();
    let mut reader = csv::Reader::from_path(dir.join("competition_test_bodies.csv")).context("FNC-1 bodies")?;
    for row in reader.records() {
        if let Some(body) = row?.get(1) {
            bodies.push(body.to_string());
        }
    }
    let mut headlines = Vec::new();
    let mut reader = csv::Reader::from_path(dir.join("competition_test_stances.csv")).context("FNC-1 stances")?;
    for row in reader.records() {
        if let Some(h) = row?.get(0) {
            headlines.push(h.to_string());
        }
    }
    anyhow::ensure!(!bodies.is_empty() && !headlines.is_empty(), "no FNC-1 text found in {}", dir.display());
    Ok((bodies, headlines))
}

fn synthetic_article(i: usize, bodies: &[String], headlines: &[String], rng: &mut Rng) -> (Article, Vec<(String, usize)>) {
    let body = &bodies[i % bodies.len()];
    let mut sentences: Vec<&str> = body.split_inclusive(['.', '!', '?']).map(str::trim).filter(|s| !s.is_empty()).collect();
    if sentences.len() > 2 {
        sentences.remove(rng.below(sentences.len()));
        let shift = rng.below(sentences.len());
        sentences.rotate_left(shift);
    }
    let text = sentences.join(" ");
    let day = rng.below(365);
    let (month, dom) = {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let mut d = day;
        let mut m = 0;
        while d >= lengths[m] {
            d -= lengths[m];
            m += 1;
        }
        (m + 1, d + 1)
    };
    let mut quotes = Vec::new();
    for (open, close) in [('“', '”'), ('"', '"')] {
        let mut rest = text.as_str();
        let mut offset = 0;
        while let Some(s) = rest.find(open) {
            let after = s + open.len_utf8();
            let Some(e) = rest[after..].find(close) else { break };
            let words = &rest[after..after + e];
            if words.split_whitespace().count() >= 3 {
                quotes.push((words.to_string(), text[..offset + after].chars().count()));
            }
            offset += after + e + close.len_utf8();
            rest = &rest[after + e + close.len_utf8()..];
        }
    }
    let article = Article {
        id: format!("syn{i}"),
        source: format!("synthetic/{i}.txt"),
        url: Some(format!("https://outlet{}.example/{i}", i % 40)),
        title: Some(headlines[(i * 7) % headlines.len()].clone()),
        published: Some(format!("2017-{month:02}-{dom:02}")),
        language: "en".into(),
        outlet: Some(format!("outlet{}.example", i % 40)),
        text,
        ..Default::default()
    };
    (article, quotes)
}

fn synthetic_doc(i: usize, bodies: &[String], headlines: &[String], rng: &mut Rng) -> Doc {
    let (article, quotes) = synthetic_article(i, bodies, headlines, rng);
    let quotes = quotes
        .into_iter()
        .enumerate()
        .map(|(q, (text, start))| Quote {
            id: format!("q{q}"),
            span: Span::new(start, start + text.chars().count()),
            text,
            direct: true,
            speaker: Some(SpeakerMention { span: Span::new(0, 0), text: "a spokesman".into(), entity: None }),
            cue: Some("said".into()),
            via: None,
            sentence: 0,
        })
        .collect();
    Doc { article, quotes, ..Default::default() }
}

/// The query mix: common and rare words, two- and three-word phrases, with and without filters.
fn queries() -> Vec<search::SearchQuery> {
    let q = |text: &str| search::SearchQuery { text: text.into(), limit: 20, ..Default::default() };
    let mut out = Vec::new();
    for text in ["police", "president", "islamic state", "apple watch", "\"islamic state\"", "\"told reporters\"", "ebola outbreak", "kim jong", "\"white house\"", "isis fighters killed", "banksy", "hostage video", "said", "the"] {
        out.push(q(text));
        out.push(search::SearchQuery { outlet: Some("outlet7.example".into()), ..q(text) });
        out.push(search::SearchQuery { from: Some("2017-03-01".into()), to: Some("2017-05-31".into()), ..q(text) });
        out.push(search::SearchQuery { kind: Some(search::HitKind::Quote), ..q(text) });
    }
    out
}

/// The same query for SQLite FTS5: its MATCH text and filters.
fn fts_query(q: &search::SearchQuery) -> (String, Option<String>, Option<String>, Option<String>, Option<String>) {
    let text = if q.text.starts_with('"') {
        q.text.clone()
    } else {
        q.text.split_whitespace().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" AND ")
    };
    (text, q.outlet.clone(), q.from.clone(), q.to.clone(), q.kind.map(|k| k.as_str().to_string()))
}

fn search_bench(fnc1_dir: &Path, n: usize) -> Result<()> {
    let (bodies, headlines) = fnc1(fnc1_dir)?;
    let mut rng = Rng(42);
    let docs: Vec<Doc> = (0..n).map(|i| synthetic_doc(i, &bodies, &headlines, &mut rng)).collect();
    let quotes: usize = docs.iter().map(|d| d.quotes.len()).sum();
    let dir = tempfile::tempdir()?;

    // Tantivy, as the app uses it.
    let start = Instant::now();
    let index = search::SearchIndex::open(&dir.path().join("bench.search"))?;
    for chunk in docs.chunks(5_000) {
        index.add(chunk)?;
    }
    let tantivy_index_s = start.elapsed().as_secs_f64();

    // SQLite FTS5, the peer: one row per article and per quote, the same filters.
    let start = Instant::now();
    let db = rusqlite::Connection::open(dir.path().join("fts.db"))?;
    db.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
         CREATE VIRTUAL TABLE entries USING fts5(title, body, speaker, kind UNINDEXED, article UNINDEXED, outlet UNINDEXED, day UNINDEXED);",
    )?;
    for chunk in docs.chunks(5_000) {
        let tx = db.unchecked_transaction()?;
        {
            let mut insert = tx.prepare("INSERT INTO entries (title, body, speaker, kind, article, outlet, day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
            for d in chunk {
                let a = &d.article;
                insert.execute(rusqlite::params![a.title, a.text, Option::<String>::None, "article", a.id, a.outlet, a.published])?;
                for q in &d.quotes {
                    insert.execute(rusqlite::params![a.title, q.text, q.speaker.as_ref().map(|s| s.text.clone()), "quote", a.id, a.outlet, a.published])?;
                }
            }
        }
        tx.commit()?;
    }
    let fts_index_s = start.elapsed().as_secs_f64();

    let mix = queries();
    let rounds = 5;
    let mut tantivy_ms = Vec::new();
    let mut fts_ms = Vec::new();
    let mut fts = db.prepare(
        "SELECT article, snippet(entries, 1, '<mark>', '</mark>', '…', 24) FROM entries
         WHERE entries MATCH ?1 AND (?2 IS NULL OR outlet = ?2) AND (?3 IS NULL OR day >= ?3) AND (?4 IS NULL OR day <= ?4) AND (?5 IS NULL OR kind = ?5)
         ORDER BY rank LIMIT 20",
    )?;
    let mut totals = (0usize, 0usize);
    for _ in 0..rounds {
        for q in &mix {
            let start = Instant::now();
            let r = index.search(q)?;
            tantivy_ms.push(start.elapsed().as_secs_f64() * 1000.0);
            totals.0 += r.hits.len();
            let (text, outlet, from, to, kind) = fts_query(q);
            let start = Instant::now();
            let rows: Vec<(String, String)> =
                fts.query_map(rusqlite::params![text, outlet, from, to, kind], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            fts_ms.push(start.elapsed().as_secs_f64() * 1000.0);
            totals.1 += rows.len();
        }
    }
    let (t50, t99) = median_and_p99(tantivy_ms);
    let (f50, f99) = median_and_p99(fts_ms);
    println!("search articles={n} quotes={quotes} queries={} rounds={rounds}", mix.len());
    println!("index tantivy_s={tantivy_index_s:.1} fts5_s={fts_index_s:.1}");
    println!("latency tantivy_p50_ms={t50:.2} tantivy_p99_ms={t99:.2} fts5_p50_ms={f50:.2} fts5_p99_ms={f99:.2} ratio_p50={:.2} ratio_p99={:.2}", f50 / t50.max(1e-9), f99 / t99.max(1e-9));
    println!("hits returned tantivy={} fts5={}", totals.0, totals.1);
    Ok(())
}

/// A synthetic article as a plain-text input: title, date and URL lines, then the text.
fn article_text(a: &Article) -> String {
    format!(
        "{}\n\n{}\n{}\n\n{}\n",
        a.title.as_deref().unwrap_or_default(),
        a.published.as_deref().unwrap_or_default(),
        a.url.as_deref().unwrap_or_default(),
        a.text
    )
}

fn write_articles(fnc1_dir: &Path, n: usize, out: &Path) -> Result<()> {
    let (bodies, headlines) = fnc1(fnc1_dir)?;
    std::fs::create_dir_all(out)?;
    let mut rng = Rng(99);
    for i in 0..n {
        let (a, _) = synthetic_article(i, &bodies, &headlines, &mut rng);
        let file: PathBuf = out.join(format!("{i:05}.txt"));
        std::fs::write(&file, article_text(&a))?;
    }
    Ok(())
}

/// `n` synthetic articles from `first` on, analysed by the full pipeline.
fn analysed_docs(bodies: &[String], headlines: &[String], first: usize, n: usize, rng: &mut Rng) -> Vec<Doc> {
    let texts: Vec<(String, String)> = (first..first + n)
        .map(|i| {
            let (a, _) = synthetic_article(i, bodies, headlines, rng);
            (format!("{}.txt", a.id), article_text(&a))
        })
        .collect();
    texts.iter().flat_map(|(name, text)| pipeline::read_bytes_and_analyze(name, text.as_bytes(), &ingest::Limits::default()).0).collect()
}

fn refresh(fnc1_dir: &Path, corpus_size: usize, uploads: usize) -> Result<()> {
    let (bodies, headlines) = fnc1(fnc1_dir)?;
    let mut rng = Rng(99);
    let start = Instant::now();
    let corpus_docs = analysed_docs(&bodies, &headlines, 0, corpus_size, &mut rng);
    let new_docs = analysed_docs(&bodies, &headlines, corpus_size, uploads, &mut rng);
    println!("refresh analysed={} seconds={:.1}", corpus_docs.len() + new_docs.len(), start.elapsed().as_secs_f64());
    let mut kept = pipeline::Corpus::in_memory()?;
    let mut whole = pipeline::Corpus::in_memory()?;
    kept.add(&corpus_docs, &[])?;
    whole.add(&corpus_docs, &[])?;
    let start = Instant::now();
    let first = kept.report()?;
    println!("refresh corpus={} stories={} first_report_s={:.2}", first.articles.len(), first.stories.len(), start.elapsed().as_secs_f64());
    let (mut kept_ms, mut whole_ms) = (Vec::new(), Vec::new());
    for doc in &new_docs {
        let one = std::slice::from_ref(doc);
        let start = Instant::now();
        kept.add(one, &[])?;
        let kept_report = kept.report()?;
        kept_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        whole.add(one, &[])?;
        let whole_report = whole.full_report()?;
        whole_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(*kept_report == whole_report, "the kept report differs from the whole one after {}", doc.article.id);
    }
    let (k50, k99) = median_and_p99(kept_ms.clone());
    let (w50, w99) = median_and_p99(whole_ms.clone());
    let (k_total, w_total) = (kept_ms.iter().sum::<f64>() / 1000.0, whole_ms.iter().sum::<f64>() / 1000.0);
    println!(
        "refresh uploads={} kept: p50_ms={k50:.1} p99_ms={k99:.1} total_s={k_total:.2} per_s={:.1} | whole: p50_ms={w50:.1} p99_ms={w99:.1} total_s={w_total:.2} per_s={:.2} | ratio_p50={:.0}",
        new_docs.len(),
        new_docs.len() as f64 / k_total.max(1e-9),
        new_docs.len() as f64 / w_total.max(1e-9),
        w50 / k50.max(1e-9)
    );
    Ok(())
}

/// A corpus database for the app under load. Memberships are written directly, as the story
/// index would record them: the search store groups articles by their FNC-1 body, the story
/// store puts every article in one story.
fn write_store(fnc1_dir: &Path, n: usize, db: &Path, one_analysed_story: bool) -> Result<()> {
    let (bodies, headlines) = fnc1(fnc1_dir)?;
    anyhow::ensure!(!db.exists(), "{} exists: the bench writes a new corpus", db.display());
    let mut store = store::Store::open(db)?;
    let mut rng = Rng(42);
    let start = Instant::now();
    let docs: Vec<Doc> = if one_analysed_story {
        analysed_docs(&bodies, &headlines, 0, n, &mut rng)
    } else {
        (0..n).map(|i| synthetic_doc(i, &bodies, &headlines, &mut rng)).collect()
    };
    let stored = store.transaction(|store| {
        let mut stored = 0;
        for (i, doc) in docs.iter().enumerate() {
            if store.insert(doc)? == store::Insert::Added {
                let story = if one_analysed_story { "s-bench".to_string() } else { format!("s-body{}", i % bodies.len()) };
                store.set_story(&doc.article.id, &story)?;
                stored += 1;
            }
        }
        Ok(stored)
    })?;
    println!("store db={} articles={stored} analysed={one_analysed_story} seconds={:.1}", db.display(), start.elapsed().as_secs_f64());
    Ok(())
}
