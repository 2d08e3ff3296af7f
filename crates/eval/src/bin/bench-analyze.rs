//! Times the whole per-article analysis — HTML bytes in, finished `Doc` out (`ingest`
//! then `analyze`: sentences, time expressions, entities, quotes, citations, figures) —
//! on one thread, over the pages of the article-extraction benchmark.
//!
//! `cargo run --release -p eval --bin bench-analyze -- --runs 5` prints articles per CPU
//! second (and per wall-clock second) for each run and the median, for the whole path and
//! for its two halves, and the share of each analyser (timed in a separate pass, so that
//! the whole-path runs carry no per-stage timer calls). `--export-texts FILE` writes the
//! extracted texts (JSON Lines: id, text) so that the peer pipeline can be timed on exactly
//! the same texts; `--export-docs FILE` writes the analysed documents of the first pass
//! (JSON Lines), to check that a speed change leaves the output byte for byte the same;
//! `--batch N` analyses N articles at a time (default 16; 1 for one at a time);
//! `--json` prints one JSON object for `scripts/bench-analyze.sh` (the report in words then
//! goes to stderr).
//! Model loading (the NER model, the time-expression grammar, the sentence encoder when
//! installed) happens once before timing, as the peer's `spacy.load` is outside its timing too.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Parser;
use model::{Article, PublishedSource};
use serde_json::{json, Value};

#[derive(Parser)]
#[command(about = "Whole per-article analysis speed (HTML → ingest → analyze) on one thread")]
struct Args {
    /// The article-extraction-benchmark folder (html/<id>.html.gz, ground-truth.json).
    #[arg(long, default_value = "../shared/data/article-extraction-benchmark")]
    benchmark: PathBuf,
    /// Timed passes over all pages; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Articles analysed together (`analyze::analyze_batch`, which embeds their titles and
    /// leads in one pass of the sentence encoder, as the pipeline does); 1 analyses each
    /// article alone (`analyze::analyze`). The output is the same either way.
    #[arg(long, default_value_t = 16)]
    batch: usize,
    /// Write the extracted article texts here (JSON Lines: {"id", "text"}).
    #[arg(long)]
    export_texts: Option<PathBuf>,
    /// Write the analysed documents of the first pass here (JSON Lines, one `Doc` per
    /// article), so that a speed change can be checked to leave the output unchanged.
    #[arg(long)]
    export_docs: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// One benchmark page: its id and the decompressed HTML bytes, as a crawler would hand them over.
struct Page {
    id: String,
    html: Vec<u8>,
}

fn load_pages(dir: &Path) -> Result<Vec<Page>> {
    let gold_path = dir.join("ground-truth.json");
    let gold: BTreeMap<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(&gold_path).with_context(|| format!("reading {}", gold_path.display()))?,
    )
    .with_context(|| format!("parsing {}", gold_path.display()))?;
    let mut pages = Vec::with_capacity(gold.len());
    for id in gold.into_keys() {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let file = std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(file).read_to_end(&mut html).with_context(|| format!("decompressing {}", path.display()))?;
        pages.push(Page { id, html });
    }
    if pages.is_empty() {
        bail!("no pages listed in {}", gold_path.display());
    }
    Ok(pages)
}

fn ingest_page(page: &Page) -> Vec<Article> {
    ingest::read_bytes(&page.id, &page.html, &ingest::Limits::default()).articles
}

/// What one pass produced, summed: keeps the work observable (and not optimised away)
/// and lets the script print both sides' output sizes next to their speed.
#[derive(Default, Clone, Copy, PartialEq)]
struct Totals {
    articles: usize,
    chars: usize,
    sentences: usize,
    times: usize,
    mentions: usize,
    entities: usize,
    quotes: usize,
    citations: usize,
    figures: usize,
}

impl Totals {
    fn add(&mut self, doc: &model::Doc) {
        self.articles += 1;
        self.chars += doc.article.text.chars().count();
        self.sentences += doc.sentences.len();
        self.times += doc.times.len();
        self.mentions += doc.mentions.len();
        self.entities += doc.entities.len();
        self.quotes += doc.quotes.len();
        self.citations += doc.citations.len();
        self.figures += doc.figures.len();
    }

    fn to_json(self) -> Value {
        json!({
            "articles": self.articles, "chars": self.chars, "sentences": self.sentences, "times": self.times,
            "mentions": self.mentions, "entities": self.entities, "quotes": self.quotes,
            "citations": self.citations, "figures": self.figures,
        })
    }
}

/// CPU time of the calling thread so far, in seconds (Linux: `/proc/thread-self/schedstat`,
/// nanoseconds on the CPU). On a shared machine wall time counts the time other processes
/// hold the core; CPU time is what one core spends on the work, for both sides alike.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}

/// Wall and CPU time since it was started.
struct Stopwatch {
    wall: Instant,
    cpu: Option<f64>,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch { wall: Instant::now(), cpu: thread_cpu_seconds() }
    }

    /// (wall seconds, CPU seconds; the wall time when CPU time cannot be read).
    fn seconds(&self) -> (f64, f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = match (self.cpu, thread_cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => wall,
        };
        (wall, cpu)
    }
}

/// Articles per second over repeated passes, by wall clock and by CPU time.
#[derive(Default)]
struct Rates {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

impl Rates {
    fn push(&mut self, articles: usize, watch: &Stopwatch) {
        let (wall, cpu) = watch.seconds();
        self.wall.push(articles as f64 / wall);
        self.cpu.push(articles as f64 / cpu);
    }

    fn to_json(&self) -> Value {
        json!({"wall": self.wall, "wall_median": median(&self.wall), "cpu": self.cpu, "cpu_median": median(&self.cpu)})
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// CPU seconds spent in each step of `analyze::analyze`, called one by one in the same order.
#[derive(Default)]
struct StageTimes {
    sentences: f64,
    timex: f64,
    entities: f64,
    quotes: f64,
    citations: f64,
    figures: f64,
    offsets: f64,
}

/// The analysers `analyze::analyze` runs, each timed, in the same order.
fn analyze_by_stage(article: Article, t: &mut StageTimes) -> model::Doc {
    let text = article.text.as_str();
    let lang = article.language.as_str();
    let watch = Stopwatch::start();
    let sentences = text::sentences(text);
    t.sentences += watch.seconds().1;
    let dct = article
        .published
        .as_deref()
        .filter(|_| article.published_source != Some(PublishedSource::Inferred))
        .and_then(|p| timex::NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok());
    let watch = Stopwatch::start();
    let times = timex::Tagger::for_language(lang).map(|tagger| tagger.tag(text, &sentences, dct)).unwrap_or_default();
    t.timex += watch.seconds().1;
    let watch = Stopwatch::start();
    let (mentions, entities) = entities::Recognizer::shared().recognize(text, &sentences, lang);
    t.entities += watch.seconds().1;
    let watch = Stopwatch::start();
    let quotes = quotes::extract(text, &sentences, &mentions, &entities, lang);
    t.quotes += watch.seconds().1;
    let watch = Stopwatch::start();
    let citations = quotes::citations(text, &sentences, article.outlet.as_deref(), lang);
    t.citations += watch.seconds().1;
    let watch = Stopwatch::start();
    let figures = figures::extract(text, &sentences, lang);
    t.figures += watch.seconds().1;
    let watch = Stopwatch::start();
    // Steps `analyze` may run besides these (the title-and-lead embedding, when a model is
    // installed) are left at their defaults: their time shows as the rest of `analyze`.
    let mut doc = model::Doc { article, sentences, times, mentions, entities, quotes, citations, figures, ..Default::default() };
    doc.spans_to_chars();
    t.offsets += watch.seconds().1;
    doc
}

/// `analyze::analyze_batch` on `batch` articles at a time, or `analyze::analyze` on each when `batch` is 1.
fn analyze_articles(articles: Vec<Article>, batch: usize) -> Vec<model::Doc> {
    if batch <= 1 {
        return articles.into_iter().map(analyze::analyze).collect();
    }
    let mut docs = Vec::with_capacity(articles.len());
    let mut articles = articles.into_iter().peekable();
    while articles.peek().is_some() {
        docs.extend(analyze::analyze_batch(articles.by_ref().take(batch).collect()));
    }
    docs
}

fn main() -> Result<()> {
    let args = Args::parse();
    let pages = load_pages(&args.benchmark)?;
    let runs = args.runs.max(1);

    // Load the models once, outside the timing, and check the path works on every page.
    let mut reference = Totals::default();
    let mut articles: Vec<Article> = Vec::new();
    let mut docs_out = match &args.export_docs {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => None,
    };
    for page in &pages {
        for article in ingest_page(page) {
            articles.push(article.clone());
            let doc = analyze::analyze(article);
            reference.add(&doc);
            if let (Some(out), Some(path)) = (&mut docs_out, &args.export_docs) {
                serde_json::to_writer(&mut *out, &doc).with_context(|| format!("writing {}", path.display()))?;
                out.write_all(b"\n").with_context(|| format!("writing {}", path.display()))?;
            }
        }
    }
    if let (Some(mut out), Some(path)) = (docs_out, &args.export_docs) {
        out.flush().with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &args.export_texts {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?);
        for a in &articles {
            serde_json::to_writer(&mut out, &json!({"id": a.source, "text": a.text}))?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }

    // Whole path, HTML bytes to Doc, `batch` pages at a time.
    let batch = args.batch.max(1);
    let mut whole = Rates::default();
    for _ in 0..runs {
        let mut totals = Totals::default();
        let watch = Stopwatch::start();
        for pages in pages.chunks(batch) {
            for doc in analyze_articles(pages.iter().flat_map(ingest_page).collect(), batch) {
                totals.add(&doc);
            }
        }
        whole.push(totals.articles, &watch);
        if totals != reference {
            bail!("a timed pass gave different output than the first pass (the analysis must be deterministic)");
        }
    }
    // The halves: ingest alone, analysis alone on the ingested articles.
    let (mut ingest_rates, mut analyze_rates) = (Rates::default(), Rates::default());
    for _ in 0..runs {
        let watch = Stopwatch::start();
        let n: usize = pages.iter().map(|p| black_box(ingest_page(p)).len()).sum();
        ingest_rates.push(n, &watch);
        let copies = articles.clone();
        let watch = Stopwatch::start();
        let mut totals = Totals::default();
        for doc in analyze_articles(copies, batch) {
            totals.add(&doc);
        }
        analyze_rates.push(totals.articles, &watch);
    }
    // Where the analysis time goes: a separate pass, so the timer calls stay out of the runs above.
    let mut stages = StageTimes::default();
    for _ in 0..runs {
        for article in articles.clone() {
            black_box(analyze_by_stage(article, &mut stages));
        }
    }
    // CPU seconds per pass: ingest, each analyser, and the rest of `analyze` (what it runs
    // besides the analysers timed one by one: the embedding when a model is installed).
    let per_pass = |cpu: f64| cpu / runs as f64;
    let mut shares: Vec<(&str, f64)> = vec![
        ("ingest", reference.articles as f64 / median(&ingest_rates.cpu)),
        ("sentences", per_pass(stages.sentences)),
        ("timex", per_pass(stages.timex)),
        ("entities", per_pass(stages.entities)),
        ("quotes", per_pass(stages.quotes)),
        ("citations", per_pass(stages.citations)),
        ("figures", per_pass(stages.figures)),
        ("offsets", per_pass(stages.offsets)),
    ];
    let staged: f64 = shares[1..].iter().map(|(_, s)| s).sum();
    let analyze_seconds = reference.articles as f64 / median(&analyze_rates.cpu);
    shares.push(("rest", (analyze_seconds - staged).max(0.0)));
    let total: f64 = shares.iter().map(|(_, s)| s).sum();

    // The report in words goes to stdout, or to stderr when stdout carries the JSON.
    let mut report: Box<dyn Write> = if args.json { Box::new(std::io::stderr()) } else { Box::new(std::io::stdout()) };
    let round = |v: &[f64]| v.iter().map(|r| (r * 10.0).round() / 10.0).collect::<Vec<_>>();
    writeln!(report, "{} pages → {} articles, {} chars; analysed {batch} at a time", pages.len(), reference.articles, reference.chars)?;
    for (label, r) in [("whole (HTML → Doc)", &whole), ("ingest only", &ingest_rates), ("analyze only", &analyze_rates)] {
        writeln!(
            report,
            "{label:<20} articles/CPU-s per run {:?}, median {:.1}; by wall clock median {:.1}",
            round(&r.cpu),
            median(&r.cpu),
            median(&r.wall)
        )?;
    }
    writeln!(report, "CPU time of one pass ({total:.3} s):")?;
    for (name, s) in &shares {
        writeln!(report, "  {name:<10} {s:>8.3} s {:>5.1}%", 100.0 * s / total)?;
    }
    let t = reference;
    writeln!(
        report,
        "output: {} sentences, {} times, {} mentions, {} entities, {} quotes, {} citations, {} figures",
        t.sentences, t.times, t.mentions, t.entities, t.quotes, t.citations, t.figures
    )?;
    if args.json {
        let share_json: serde_json::Map<String, Value> = shares.iter().map(|(n, s)| (n.to_string(), json!(s))).collect();
        let out = json!({
            "tool": "triangulate",
            "pages": pages.len(),
            "batch": batch,
            "totals": reference.to_json(),
            "whole": whole.to_json(),
            "ingest": ingest_rates.to_json(),
            "analyze": analyze_rates.to_json(),
            "cpu_seconds_per_pass": share_json,
        });
        println!("{out}");
    }
    Ok(())
}
