//! `triangulate`: the command line.

mod cli;
mod run;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, Format};
use pipeline::Corpus;
use run::{exit_code, Run};

/// Exit status: every input accepted.
const EXIT_OK: u8 = 0;
/// Some inputs were rejected; the output was still written.
const EXIT_SOME_REJECTED: u8 = 1;
/// Usage error, or nothing readable at all.
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("triangulate: {e:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Analyze(args) => {
            let run = Run::new(&args.input);
            let mut corpus = match &args.db {
                Some(path) => Corpus::open(path)?,
                None => Corpus::in_memory()?,
            };
            let outcome = run.ingest_into(&args.inputs, &mut corpus)?;
            let report = write_report(&corpus, args.format, args.output.as_deref())?;
            if !args.input.quiet {
                eprintln!("{}", summary(&report, args.output.as_deref()));
            }
            Ok(exit_code(&outcome))
        }
        Command::Ingest(args) => {
            let run = Run::new(&args.input);
            let mut corpus = Corpus::open(&args.db)?;
            let outcome = run.ingest_into(&args.inputs, &mut corpus)?;
            if !args.input.quiet {
                eprintln!(
                    "triangulate: {} articles added, {} already stored, {} rejected; {} in {}",
                    outcome.added,
                    outcome.duplicates,
                    outcome.rejected,
                    corpus.article_count()?,
                    args.db.display()
                );
            }
            Ok(exit_code(&outcome))
        }
        Command::Report(args) => {
            if !args.db.exists() {
                anyhow::bail!("{}: no such store (create it with `triangulate ingest`)", args.db.display());
            }
            let corpus = Corpus::open(&args.db)?;
            write_report(&corpus, args.format, args.output.as_deref())?;
            Ok(EXIT_OK)
        }
        Command::Timex(args) => timex_command(&args),
        Command::Serve(args) => {
            web::serve(&args.db, args.addr, args.token)?;
            Ok(EXIT_OK)
        }
        Command::Extract(args) => {
            let run = Run::new(&args.input);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let outcome = run.extract(&args.inputs, |doc| {
                serde_json::to_writer(&mut out, doc)?;
                out.write_all(b"\n")?;
                Ok(())
            })?;
            out.flush()?;
            Ok(exit_code(&outcome))
        }
    }
}

/// `triangulate timex`: each input annotated as TimeML; unreadable inputs named, the others still done.
fn timex_command(args: &cli::TimexArgs) -> anyhow::Result<u8> {
    let dct = match &args.dct {
        Some(d) => Some(
            timex::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|e| anyhow::anyhow!("--dct {d:?} is not a date of the form YYYY-MM-DD ({e})"))?,
        ),
        None => None,
    };
    if args.out_dir.is_none() && args.files.len() > 1 {
        anyhow::bail!("{} inputs need --out-dir DIR (only a single input is written to stdout)", args.files.len());
    }
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: cannot create output directory: {e}", dir.display()))?;
    }
    let mut failed = 0;
    for path in &args.files {
        let result = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text ({e})")))
            .and_then(|input| timex::annotate_timeml(&input, dct, &args.lang).map_err(|e| e.to_string()));
        match result {
            Ok(timeml) => match &args.out_dir {
                Some(dir) => {
                    let name = path.file_name().unwrap_or(path.as_os_str());
                    let out = dir.join(name);
                    if let Err(e) = std::fs::write(&out, timeml) {
                        eprintln!("triangulate: {}: cannot write: {e}", out.display());
                        failed += 1;
                    }
                }
                None => std::io::stdout().write_all(timeml.as_bytes())?,
            },
            Err(reason) => {
                eprintln!("triangulate: {}: {reason}", path.display());
                failed += 1;
            }
        }
    }
    Ok(if failed == args.files.len() {
        EXIT_FAILURE
    } else if failed > 0 {
        EXIT_SOME_REJECTED
    } else {
        EXIT_OK
    })
}

/// One paragraph on what the report holds, for a person at a terminal.
fn summary(report: &model::Report, output: Option<&std::path::Path>) -> String {
    let mut outlets: Vec<&str> = report.articles.iter().filter_map(|a| a.outlet.as_deref()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    let mut text = format!(
        "triangulate: {} articles from {} outlets in {} stories, {} rejected inputs",
        report.articles.len(),
        outlets.len(),
        report.stories.len(),
        report.rejected.len()
    );
    if let Some(path) = output {
        text.push_str(&format!("; report written to {}", path.display()));
    }
    for story in &report.stories {
        text.push_str(&format!(
            "\n  - {} ({} articles, {} timeline entries, {} quotes, {} entities)",
            story.title,
            story.articles.len(),
            story.timeline.len(),
            story.quotes.len(),
            story.entities.len()
        ));
    }
    text
}

fn write_report(corpus: &Corpus, format: Format, output: Option<&std::path::Path>) -> anyhow::Result<model::Report> {
    // One report per run: corroborated whole, nothing kept for a next one.
    let report = corpus.full_report()?;
    let rendered = match format {
        Format::Json => report::to_json(&report),
        Format::Html => report::to_html(&report),
    };
    match output {
        Some(path) => std::fs::write(path, rendered).map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(rendered.as_bytes())?;
            stdout.write_all(b"\n")?;
        }
    }
    Ok(report)
}
