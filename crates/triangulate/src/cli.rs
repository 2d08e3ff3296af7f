//! Command-line arguments (clap). Keep these stable: they are the contract.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "triangulate", version, about = "Turns many news articles about the same events into one source-attributed account.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Read inputs, analyse them, group them into stories and write the report.
    Analyze(AnalyzeArgs),
    /// Read inputs and write one analysed article per line (JSON Lines) to stdout.
    Extract(ExtractArgs),
    /// Add inputs to a stored corpus.
    Ingest(IngestArgs),
    /// Write the report of a stored corpus.
    Report(ReportArgs),
    /// Tag temporal expressions and write TimeML (TempEval-3 form) with inline TIMEX3 values.
    Timex(TimexArgs),
    /// Serve a stored corpus as a local web app with search and a JSON API.
    Serve(ServeArgs),
}

/// Options shared by every command that reads inputs.
#[derive(Args)]
pub struct InputOptions {
    /// No progress bar and no summary on stderr (rejected inputs are still named there).
    #[arg(short, long)]
    pub quiet: bool,
    /// Largest single-article input (HTML or text file) accepted, in bytes; feeds and WARC archives stream whatever their size.
    #[arg(long, value_name = "BYTES", default_value_t = ingest::Limits::default().max_article_bytes)]
    pub max_article_bytes: u64,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Html,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files or directories (read recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Write the report here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also add the articles to this stored corpus and report on all of it.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputOptions,
}

#[derive(Args)]
pub struct ExtractArgs {
    /// Files or directories (read recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputOptions,
}

#[derive(Args)]
pub struct IngestArgs {
    /// Files or directories (read recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// The corpus file (SQLite); created when missing.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    #[command(flatten)]
    pub input: InputOptions,
}

#[derive(Args)]
pub struct ReportArgs {
    /// The corpus file written by `triangulate ingest`.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Write the report here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args)]
pub struct TimexArgs {
    /// Plain text, or TimeML with <DCT> and <TEXT> (the TempEval-3 input form).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Document creation time (YYYY-MM-DD); overrides the DCT of TimeML input. Without one,
    /// relative expressions keep TIMEX3 X placeholders.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub dct: Option<String>,
    /// Write one file per input here, with the input's file name; without it the only input goes to stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Language of the texts (ISO 639-1): en, de.
    #[arg(long, default_value = "en")]
    pub lang: String,
}

#[derive(Args)]
pub struct ServeArgs {
    /// The corpus file (SQLite); created when missing.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Bearer token required by POST /api/articles; required when not bound to loopback.
    #[arg(long, value_name = "TOKEN", env = "TRIANGULATE_TOKEN")]
    pub token: Option<String>,
}
