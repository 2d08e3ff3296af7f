//! Times `ingest::html::extract` (and, apart, `ingest::decode`, which turns a page's
//! bytes into the text `extract` reads) on the article-extraction benchmark pages and, on
//! request, writes every field it extracts from those pages and the readability
//! test pages, so that a speed change can be checked to leave the output unchanged
//! (two dumps must be byte-identical). Builds only `ingest`, unlike `eval-extraction`.
//!
//! `cargo run --release -p ingest --example html_extract_bench -- \
//!     ../shared/data/article-extraction-benchmark 5 [--dump out.txt ../shared/data/readability-test-pages]`

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The bytes of a gzipped file.
fn gunzip(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(bytes)
}

/// A page as ingest reads it from a file: bytes decoded by `ingest::decode`.
fn read_page(path: &Path) -> Result<String, String> {
    Ok(ingest::decode::decode(&gunzip(path)?, None, ingest::decode::Markup::Html).text)
}

/// Median of some rates, with the rates as printed.
fn summary(rates: &[f64]) -> String {
    let mut sorted = rates.to_vec();
    sorted.sort_by(f64::total_cmp);
    let shown: Vec<String> = rates.iter().map(|r| format!("{r:.1}")).collect();
    format!("runs (pages/s): {}, median {:.1}", shown.join(", "), sorted[sorted.len() / 2])
}

/// (id, URL, HTML) of every benchmark page, in id order.
fn benchmark_pages(dir: &Path) -> Result<Vec<(String, Option<String>, String)>, String> {
    let truth = dir.join("ground-truth.json");
    let text = std::fs::read_to_string(&truth).map_err(|e| format!("{}: {e}", truth.display()))?;
    let gold: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", truth.display()))?;
    gold.into_iter()
        .map(|(id, record)| {
            let url = record.get("url").and_then(|u| u.as_str()).map(str::to_string);
            let html = read_page(&dir.join("html").join(format!("{id}.html.gz")))?;
            Ok((id, url, html))
        })
        .collect()
}

/// (case name, HTML) of every readability test page, in name order.
fn readability_pages(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("source.html.gz").is_file())
        .collect();
    cases.sort();
    cases
        .into_iter()
        .map(|case| Ok((case.file_name().unwrap_or_default().to_string_lossy().into_owned(), read_page(&case.join("source.html.gz"))?)))
        .collect()
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: html_extract_bench BENCHMARK_DIR RUNS [--dump OUT READABILITY_DIR]";
    let benchmark = PathBuf::from(args.first().ok_or(usage)?);
    let runs: usize = args.get(1).ok_or(usage)?.parse().map_err(|e| format!("RUNS: {e}"))?;
    let pages = benchmark_pages(&benchmark)?;

    let mut rates = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut chars = 0usize;
        for (_, url, html) in &pages {
            chars += ingest::html::extract(html, url.as_deref()).paragraphs.iter().map(String::len).sum::<usize>();
        }
        std::hint::black_box(chars);
        rates.push(pages.len() as f64 / start.elapsed().as_secs_f64());
    }
    if !rates.is_empty() {
        println!("extract: {} pages, {}", pages.len(), summary(&rates));
        let raw: Vec<Vec<u8>> = pages
            .iter()
            .map(|(id, _, _)| gunzip(&benchmark.join("html").join(format!("{id}.html.gz"))))
            .collect::<Result<_, _>>()?;
        let mut decode_rates = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let mut chars = 0usize;
            for bytes in &raw {
                chars += ingest::decode::decode(bytes, None, ingest::decode::Markup::Html).text.len();
            }
            std::hint::black_box(chars);
            decode_rates.push(raw.len() as f64 / start.elapsed().as_secs_f64());
        }
        println!("decode: {} pages, {}", raw.len(), summary(&decode_rates));
    }

    if let Some(position) = args.iter().position(|a| a == "--dump") {
        let out = args.get(position + 1).ok_or(usage)?;
        let readability = PathBuf::from(args.get(position + 2).ok_or(usage)?);
        let mut dump = std::io::BufWriter::new(std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?);
        let write_error = |e: std::io::Error| format!("{out}: {e}");
        for (id, url, html) in &pages {
            writeln!(dump, "benchmark {id}\n{:#?}", ingest::html::extract(html, url.as_deref())).map_err(write_error)?;
        }
        for (case, html) in readability_pages(&readability)? {
            writeln!(dump, "readability {case}\n{:#?}", ingest::html::extract(&html, None)).map_err(write_error)?;
            writeln!(dump, "fragment text {case}\n{:#?}", ingest::html::fragment_text(&html)).map_err(write_error)?;
        }
        dump.flush().map_err(write_error)?;
    }
    Ok(())
}

fn main() {
    if let Err(message) = run() {
        eprintln!("html_extract_bench: {message}");
        std::process::exit(1);
    }
}
