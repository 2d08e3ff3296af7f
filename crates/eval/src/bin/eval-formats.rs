//! Input formats: feed fields against feedparser's conformance feeds, and
//! every record of warcio's test archives read or cleanly rejected.
//!
//! `cargo run --release -p eval --bin eval-formats -- --split dev`

use std::path::PathBuf;

use anyhow::Result;
use clap::Parser;
use eval::formats::{read_archives, read_pages, score_feeds, Split};

#[derive(Parser)]
#[command(about = "Feed field mapping and WARC/ARC robustness")]
struct Args {
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// train, dev or all (of the feed conformance files).
    #[arg(long, default_value = "dev")]
    split: String,
    /// Print every failing feed case.
    #[arg(long)]
    verbose: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let split = match args.split.as_str() {
        "train" => Split::Train,
        "dev" => Split::Dev,
        "all" => Split::All,
        other => anyhow::bail!("unknown split {other:?} (train, dev or all)"),
    };
    let feeds = score_feeds(&args.data.join("feedparser-feeds"), split);
    let counted = feeds.pass + feeds.fail.len();
    println!("## Feeds ({} split): {} files", args.split, feeds.files);
    println!(
        "field expectations passed: {}/{} = {:.1}%",
        feeds.pass,
        counted,
        100.0 * feeds.pass as f64 / counted.max(1) as f64
    );
    for (why, n) in &feeds.out_of_scope {
        println!("out of scope: {n} ({why})");
    }
    println!("read through ingest::read_path without panic: {}/{}", feeds.read_without_panic, feeds.files);
    if args.verbose {
        for (file, why) in &feeds.fail {
            println!("FAIL {}: {why}", file.display());
        }
    }
    println!("\n## WARC/ARC fixtures");
    let mut panics = 0;
    for result in read_archives(&args.data.join("warc-fixtures")) {
        let name = result.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if result.panicked {
            panics += 1;
            println!("{name}: PANIC");
            continue;
        }
        println!("{name}: {} article(s), {} rejection(s)", result.articles.len(), result.rejected.len());
        for (source, url, published, words) in &result.articles {
            println!("  article {source} url={} published={} words={words}", url.as_deref().unwrap_or("-"), published.as_deref().unwrap_or("-"));
        }
        for (source, reason) in &result.rejected {
            println!("  rejected {source}: {reason}");
        }
    }
    println!("panics: {panics}");
    println!("\n## Real pages (gzip-compressed HTML)");
    let pages = read_pages(&args.data.join("article-extraction-benchmark").join("html"));
    println!(
        "{} files ({:.1} MB compressed): {} articles, {} rejections, {} panics, {:.2} s ({:.1} ms/file)",
        pages.files,
        pages.bytes as f64 / 1e6,
        pages.articles,
        pages.rejected.len(),
        pages.panics,
        pages.seconds,
        1000.0 * pages.seconds / pages.files.max(1) as f64
    );
    for (source, reason) in &pages.rejected {
        println!("  rejected {source}: {reason}");
    }
    Ok(())
}
