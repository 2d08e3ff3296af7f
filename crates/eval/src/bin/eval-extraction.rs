//! Scores HTML article extraction (`ingest::html::extract`) against the public gold data,
//! and times it.
//!
//! `cargo run --release -p eval --bin eval-extraction` scores main text on the
//! article-extraction-benchmark (as upstream defines it) and text, title, byline and
//! date on Mozilla's readability test pages.
//! `… -- --reference ../shared/data/article-extraction-benchmark/reference-outputs/trafilatura.json`
//! scores another extractor's published output instead (scorer sanity check).
//! `… -- --bench 5` times extraction over the benchmark pages on one thread.
//!
//! The benchmark has no split; pages are split by id: ids starting with `0`–`7` are
//! the dev half (used for tuning), `8`–`f` the held-out half.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;
use eval::extraction::{byline_f1, same_day, title_matches, title_matches_without_site, PageMatch, TextMetrics, TextScorer};
use serde_json::Value;

#[derive(Parser)]
#[command(about = "HTML main-text and metadata extraction against the article-extraction benchmark and readability test pages")]
struct Args {
    /// The article-extraction-benchmark folder.
    #[arg(long, default_value = "../shared/data/article-extraction-benchmark")]
    benchmark: PathBuf,
    /// The readability test pages folder.
    #[arg(long, default_value = "../shared/data/readability-test-pages")]
    readability: PathBuf,
    /// Score this output file (upstream format: id → {articleBody}) instead of our extractor.
    #[arg(long)]
    reference: Option<PathBuf>,
    /// Write our benchmark outputs here, in the upstream format.
    #[arg(long)]
    export: Option<PathBuf>,
    /// Time extraction over the benchmark pages, this many runs; print pages/s per run.
    #[arg(long)]
    bench: Option<usize>,
    /// List the dev benchmark pages and readability pages with the lowest F1 (debugging aid;
    /// held-out pages are never listed, so that they stay unread).
    #[arg(long, default_value_t = 0)]
    worst: usize,
    /// Score the dates a page shows readers alone: pages are read with their machine-readable
    /// dates taken out (`<meta>`, JSON-LD, `datetime` attributes) and without URL, and the date
    /// found is compared with the page's own (readability: publishedTime; benchmark: the
    /// JSON-LD/meta date of the intact page).
    #[arg(long)]
    visible_dates: bool,
    /// Print the F1 of every page whose gold text is not in English, with its language.
    #[arg(long)]
    language_pages: bool,
    /// Print results as one JSON object.
    #[arg(long)]
    json: bool,
    /// Print every readability test page whose title, byline or date differs (debugging aid).
    #[arg(long)]
    metadata_misses: bool,
}

/// One benchmark page: id, URL, HTML and gold text.
struct Page {
    id: String,
    url: Option<String>,
    html: String,
    gold: String,
}

fn gunzip_bytes(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).with_context(|| format!("decompressing {}", path.display()))?;
    Ok(bytes)
}

/// A gold file, UTF-8 as the datasets say.
fn gunzip(path: &Path) -> Result<String> {
    Ok(String::from_utf8_lossy(&gunzip_bytes(path)?).into_owned())
}

/// A page as ingest reads it from a file: its bytes decoded the way ingest
/// decodes HTML (BOM, `<meta charset>`, detection), not assumed UTF-8.
fn gunzip_page(path: &Path) -> Result<String> {
    Ok(ingest::decode::decode(&gunzip_bytes(path)?, None, ingest::decode::Markup::Html).text)
}

fn load_benchmark(dir: &Path) -> Result<Vec<Page>> {
    let gold: BTreeMap<String, Value> = serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json"))?)?;
    let mut pages = Vec::new();
    for (id, record) in gold {
        let html = gunzip_page(&dir.join("html").join(format!("{id}.html.gz")))?;
        pages.push(Page {
            url: record.get("url").and_then(Value::as_str).map(str::to_string),
            gold: record.get("articleBody").and_then(Value::as_str).unwrap_or("").to_string(),
            id,
            html,
        });
    }
    Ok(pages)
}

/// Dev half of the benchmark: ids starting with a hex digit below 8.
fn is_dev(id: &str) -> bool {
    id.chars().next().is_some_and(|c| matches!(c, '0'..='7'))
}

fn extract_text(page_html: &str, url: Option<&str>) -> (String, ingest::html::HtmlArticle) {
    let article = ingest::html::extract(page_html, url);
    (article.paragraphs.join("\n"), article)
}

fn print_metrics(label: &str, m: &TextMetrics) {
    println!("{label:<28} pages {:>3}  P {:.3}  R {:.3}  F1 {:.3}  accuracy {:.3}", m.pages, m.precision, m.recall, m.f1, m.accuracy);
}

fn score_reference(pages: &[Page], reference: &Path, json: bool) -> Result<()> {
    let loaded: Value = serde_json::from_str(&std::fs::read_to_string(reference)?)?;
    let outputs = loaded.get("output").unwrap_or(&loaded);
    let (mut all, mut dev, mut held_out) = (TextScorer::default(), TextScorer::default(), TextScorer::default());
    for page in pages {
        let predicted = outputs.get(&page.id).and_then(|o| o.get("articleBody")).and_then(Value::as_str).unwrap_or("");
        all.add(&page.gold, predicted);
        if is_dev(&page.id) { dev.add(&page.gold, predicted) } else { held_out.add(&page.gold, predicted) };
    }
    if json {
        println!("{}", serde_json::json!({"all": all.metrics(), "dev": dev.metrics(), "held_out": held_out.metrics()}));
    } else {
        println!("reference {}", reference.display());
        print_metrics("benchmark all", &all.metrics());
        print_metrics("benchmark dev", &dev.metrics());
        print_metrics("benchmark held-out", &held_out.metrics());
    }
    Ok(())
}

fn bench(pages: &[Page], runs: usize, json: bool) {
    let mut rates = Vec::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let mut chars = 0usize;
        for page in pages {
            chars += extract_text(&page.html, page.url.as_deref()).0.len();
        }
        let seconds = start.elapsed().as_secs_f64();
        std::hint::black_box(chars);
        rates.push(pages.len() as f64 / seconds);
    }
    let mut sorted = rates.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let median = sorted[sorted.len() / 2];
    if json {
        println!("{}", serde_json::json!({"tool": "triangulate", "pages": pages.len(), "pages_per_second": rates, "median": median}));
    } else {
        println!("{} pages, runs (pages/s): {:?}, median {:.1}", pages.len(), rates.iter().map(|r| (r * 10.0).round() / 10.0).collect::<Vec<_>>(), median);
    }
}

/// Totals for the readability test pages.
#[derive(Default)]
struct ReadabilityScores {
    text: TextScorer,
    titles: (usize, usize),
    titles_without_site: usize,
    byline_f1_sum: f64,
    bylines: usize,
    dates: (usize, usize),
    /// Pages by where their publication date came from.
    date_sources: BTreeMap<String, usize>,
    visible_dates: VisibleDates,
    sites: (usize, usize),
    per_language: BTreeMap<String, TextScorer>,
    /// (page F1, case name) for every case.
    case_f1: Vec<(f64, String)>,
}

/// The name of where a publication date came from, "none" without one.
fn source_name(published: Option<&(String, model::PublishedSource)>) -> String {
    published.map_or_else(|| "none".to_string(), |(_, source)| format!("{source:?}").to_lowercase())
}

static MACHINE_DATES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?is)<meta\b[^>]*>|<script\b[^>]*ld\+json[^>]*>.*?</script>|\sdatetime\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)"#)
        .expect("valid machine date regex")
});

/// A page less its machine-readable dates: what a reader sees, plus the rest of the markup.
fn without_machine_dates(html: &str) -> String {
    MACHINE_DATES.replace_all(html, " ").into_owned()
}

/// Dates read from the visible page alone, against a reference date.
#[derive(Default, serde::Serialize)]
struct VisibleDates {
    /// Pages with a reference date.
    pages: usize,
    /// Pages where the visible page alone gave a date.
    found: usize,
    /// …on the reference's day.
    same_day: usize,
    /// …on the reference's day or the day before or after: a day written in the page's
    /// zone against an instant written in UTC ("9:24 pm ET" is the next day in UTC).
    within_a_day: usize,
}

/// Whether two dates (RFC 3339 or `YYYY-MM-DD`) fall on days at most one apart.
fn within_a_day(expected: &str, predicted: &str) -> bool {
    let day = |d: &str| d.get(..10).and_then(|d| timex::chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match (day(expected), day(predicted)) {
        (Some(e), Some(p)) => (e - p).num_days().abs() <= 1,
        _ => false,
    }
}

impl VisibleDates {
    fn add(&mut self, reference: &str, html: &str, label: &str, print_misses: bool) {
        self.pages += 1;
        let article = ingest::html::extract(&without_machine_dates(html), None);
        let Some((date, _)) = &article.published else { return };
        self.found += 1;
        if within_a_day(reference, date) {
            self.within_a_day += 1;
        }
        if same_day(reference, Some(date)) {
            self.same_day += 1;
        } else if print_misses {
            println!("visible date {label:<28} expected {reference:?} got {date:?}");
        }
    }

    fn print(&self, label: &str) {
        let share = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        println!(
            "{label:<28} pages {:>3}  dated from visible text {:>3} ({:.3})  same day {:>3} ({:.3})  within a day {:>3} ({:.3})",
            self.pages,
            self.found,
            share(self.found, self.pages),
            self.same_day,
            share(self.same_day, self.found),
            self.within_a_day,
            share(self.within_a_day, self.found)
        );
    }
}

fn score_readability(dir: &Path, print_misses: bool, print_language_pages: bool, visible_dates: bool) -> Result<ReadabilityScores> {
    let mut scores = ReadabilityScores::default();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("source.html.gz").exists()).collect();
    cases.sort();
    for case in cases {
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(case.join("expected-metadata.json"))?)?;
        if expected.get("readerable").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let source = gunzip_page(&case.join("source.html.gz"))?;
        let expected_html = gunzip(&case.join("expected.html.gz"))?;
        let expected_text = ingest::html::fragment_text(&expected_html).join("\n");
        let (text, article) = extract_text(&source, None);
        *scores.date_sources.entry(source_name(article.published.as_ref())).or_default() += 1;
        let m = scores.text.add(&expected_text, &text);
        scores.case_f1.push((if m.tp > 0.0 { 2.0 * m.tp / (2.0 * m.tp + m.fp + m.fn_) } else { 0.0 }, case_name(&case)));
        let language = gold_language(&expected_text);
        if print_language_pages && language != "en" {
            let f1 = scores.case_f1.last().map_or(0.0, |c| c.0);
            println!("{language} {f1:.3} P {:.3} R {:.3} readability {}", precision_of_page(&m), recall_of_page(&m), case_name(&case));
        }
        scores.per_language.entry(language).or_default().add(&expected_text, &text);
        if let Some(title) = expected.get("title").and_then(Value::as_str).filter(|t| !t.is_empty()) {
            scores.titles.1 += 1;
            let hit = title_matches(title, article.title.as_deref());
            scores.titles.0 += usize::from(hit);
            scores.titles_without_site += usize::from(hit || title_matches_without_site(title, article.title.as_deref()));
            if print_misses && !hit {
                println!("title  {:<28} expected {title:?} got {:?}", case_name(&case), article.title);
            }
        }
        if let Some(byline) = expected.get("byline").and_then(Value::as_str).filter(|t| !t.is_empty()) {
            scores.bylines += 1;
            let f1 = byline_f1(byline, &article.authors);
            scores.byline_f1_sum += f1;
            if print_misses && f1 < 1.0 {
                println!("byline {:<28} expected {byline:?} got {:?}", case_name(&case), article.authors);
            }
        }
        if let Some(date) = expected.get("publishedTime").and_then(Value::as_str).filter(|t| !t.is_empty()) {
            scores.dates.1 += 1;
            let hit = same_day(date, article.published.as_ref().map(|p| p.0.as_str()));
            scores.dates.0 += usize::from(hit);
            if print_misses && !hit {
                println!("date   {:<28} expected {date:?} got {:?}", case_name(&case), article.published);
            }
            if visible_dates {
                scores.visible_dates.add(date, &source, &case_name(&case), print_misses);
            }
        }
        if let Some(site) = expected.get("siteName").and_then(Value::as_str).filter(|t| !t.is_empty()) {
            scores.sites.1 += 1;
            scores.sites.0 += usize::from(title_matches(site, article.outlet.as_deref()));
        }
    }
    Ok(scores)
}

fn precision_of_page(m: &PageMatch) -> f64 {
    if m.tp + m.fp > 0.0 { m.tp / (m.tp + m.fp) } else { 0.0 }
}

fn recall_of_page(m: &PageMatch) -> f64 {
    if m.tp + m.fn_ > 0.0 { m.tp / (m.tp + m.fn_) } else { 0.0 }
}

/// The language of a gold text as identified from the text itself (a page's
/// declared `lang` is often missing or wrong), `?` when it cannot be told.
fn gold_language(gold: &str) -> String {
    text::detect_language(gold).unwrap_or("?").to_string()
}

fn case_name(case: &Path) -> String {
    case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn ratio((hit, total): (usize, usize)) -> f64 {
    if total == 0 { 0.0 } else { hit as f64 / total as f64 }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let pages = load_benchmark(&args.benchmark)?;
    if let Some(reference) = &args.reference {
        return score_reference(&pages, reference, args.json);
    }
    if let Some(runs) = args.bench {
        bench(&pages, runs, args.json);
        return Ok(());
    }

    let (mut all, mut dev, mut held_out) = (TextScorer::default(), TextScorer::default(), TextScorer::default());
    let mut per_language: BTreeMap<String, TextScorer> = BTreeMap::new();
    let mut page_f1 = Vec::new();
    let mut export = serde_json::Map::new();
    let mut benchmark_date_sources: BTreeMap<String, usize> = BTreeMap::new();
    for page in &pages {
        let (text, article) = extract_text(&page.html, page.url.as_deref());
        *benchmark_date_sources.entry(source_name(article.published.as_ref())).or_default() += 1;
        let m = all.add(&page.gold, &text);
        if is_dev(&page.id) { dev.add(&page.gold, &text) } else { held_out.add(&page.gold, &text) };
        let language = gold_language(&page.gold);
        per_language.entry(language.clone()).or_default().add(&page.gold, &text);
        let f1 = if m.tp > 0.0 { 2.0 * m.tp / (2.0 * m.tp + m.fp + m.fn_) } else { 0.0 };
        if args.language_pages && language != "en" {
            println!("{language} {f1:.3} P {:.3} R {:.3} benchmark {} {}", precision_of_page(&m), recall_of_page(&m), page.id, page.url.as_deref().unwrap_or(""));
        }
        page_f1.push((f1, m, page.id.clone(), page.url.clone().unwrap_or_default()));
        export.insert(page.id.clone(), serde_json::json!({"articleBody": text}));
    }
    if let Some(path) = &args.export {
        std::fs::write(path, serde_json::to_string_pretty(&Value::Object(export))?)?;
    }
    let readability = score_readability(&args.readability, args.metadata_misses, args.language_pages, args.visible_dates)?;
    let mut benchmark_visible = VisibleDates::default();
    if args.visible_dates {
        for page in &pages {
            let (_, article) = extract_text(&page.html, page.url.as_deref());
            if let Some((date, model::PublishedSource::Meta | model::PublishedSource::JsonLd)) = &article.published {
                benchmark_visible.add(date, &page.html, &page.id, args.metadata_misses && is_dev(&page.id));
            }
        }
    }

    if args.json {
        let languages: BTreeMap<&String, TextMetrics> = per_language.iter().map(|(l, s)| (l, s.metrics())).collect();
        let readability_languages: BTreeMap<&String, TextMetrics> = readability.per_language.iter().map(|(l, s)| (l, s.metrics())).collect();
        println!("{}", serde_json::json!({
            "benchmark": {"all": all.metrics(), "dev": dev.metrics(), "held_out": held_out.metrics(), "by_language": languages,
                "date_sources": benchmark_date_sources, "visible_dates": benchmark_visible},
            "readability": {
                "text": readability.text.metrics(),
                "by_language": readability_languages,
                "title_accuracy": ratio(readability.titles), "titles": readability.titles.1,
                "title_accuracy_site_name_ignored": ratio((readability.titles_without_site, readability.titles.1)),
                "byline_f1": if readability.bylines == 0 { 0.0 } else { readability.byline_f1_sum / readability.bylines as f64 }, "bylines": readability.bylines,
                "date_accuracy": ratio(readability.dates), "dates": readability.dates.1,
                "date_sources": readability.date_sources,
                "visible_dates": readability.visible_dates,
                "site_name_accuracy": ratio(readability.sites), "site_names": readability.sites.1,
            }
        }));
        return Ok(());
    }
    print_metrics("benchmark all", &all.metrics());
    print_metrics("benchmark dev", &dev.metrics());
    print_metrics("benchmark held-out", &held_out.metrics());
    for (lang, scorer) in &per_language {
        print_metrics(&format!("  lang={lang}"), &scorer.metrics());
    }
    print_metrics("readability text", &readability.text.metrics());
    for (lang, scorer) in &readability.per_language {
        print_metrics(&format!("  lang={lang}"), &scorer.metrics());
    }
    println!("readability title exact     {:.3} ({} pages)", ratio(readability.titles), readability.titles.1);
    println!("readability title, site ignored {:.3}", ratio((readability.titles_without_site, readability.titles.1)));
    println!("readability byline token F1 {:.3} ({} pages)", if readability.bylines == 0 { 0.0 } else { readability.byline_f1_sum / readability.bylines as f64 }, readability.bylines);
    println!("readability date same day   {:.3} ({} pages)", ratio(readability.dates), readability.dates.1);
    println!("readability site name       {:.3} ({} pages)", ratio(readability.sites), readability.sites.1);
    println!("date sources, benchmark     {benchmark_date_sources:?}");
    println!("date sources, readability   {:?}", readability.date_sources);
    if args.visible_dates {
        readability.visible_dates.print("visible dates, readability");
        benchmark_visible.print("visible dates, benchmark");
    }
    if args.worst > 0 {
        let mut cases = readability.case_f1.clone();
        cases.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f1, name) in cases.iter().take(args.worst) {
            println!("{f1:.3} readability {name}");
        }
        page_f1.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f1, m, id, url) in page_f1.iter().filter(|p| is_dev(&p.2)).take(args.worst) {
            println!("{f1:.3} tp {:.2} fp {:.2} fn {:.2} {id} {url}", m.tp, m.fp, m.fn_);
        }
    }
    Ok(())
}
