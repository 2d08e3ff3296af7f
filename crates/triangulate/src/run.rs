//! Runs the pipeline for a command: progress on a terminal, rejected inputs named on stderr.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use model::{Doc, Rejected};
use pipeline::{Corpus, Outcome};

use crate::cli::InputOptions;
use crate::{EXIT_FAILURE, EXIT_OK, EXIT_SOME_REJECTED};

/// The exit status for a batch: nothing read is a failure, some rejected is 1.
pub fn exit_code(outcome: &Outcome) -> u8 {
    if outcome.read == 0 {
        EXIT_FAILURE
    } else if outcome.rejected > 0 {
        EXIT_SOME_REJECTED
    } else {
        EXIT_OK
    }
}

/// Settings of one command run over inputs.
pub struct Run {
    limits: ingest::Limits,
    quiet: bool,
}

/// Below this many inputs a progress bar is more noise than help.
const PROGRESS_MIN_INPUTS: usize = 20;

impl Run {
    pub fn new(options: &InputOptions) -> Run {
        Run { limits: ingest::Limits { max_article_bytes: options.max_article_bytes }, quiet: options.quiet }
    }

    fn read(&self, inputs: &[PathBuf]) -> (Vec<Doc>, Vec<Rejected>) {
        let progress = if self.quiet || inputs.len() < PROGRESS_MIN_INPUTS && inputs.iter().all(|p| p.is_file()) || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} inputs read {elapsed}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        let batch = pipeline::read_and_analyze(inputs, &self.limits, &|| progress.inc(1));
        progress.finish_and_clear();
        for r in &batch.rejected {
            eprintln!("triangulate: {}: {}", r.source, r.reason);
        }
        if !self.quiet {
            for path in &batch.skipped {
                eprintln!("triangulate: {}: skipped: documents the folder, not an article (name it to read it)", path.display());
            }
        }
        (batch.docs, batch.rejected)
    }

    /// Reads inputs into a corpus: new articles are stored and given a story; known ones are skipped.
    pub fn ingest_into(&self, inputs: &[PathBuf], corpus: &mut Corpus) -> Result<Outcome> {
        let (docs, rejected) = self.read(inputs);
        corpus.add(&docs, &rejected)
    }

    /// Reads inputs and hands each analysed article to `emit`, in input order.
    pub fn extract(&self, inputs: &[PathBuf], mut emit: impl FnMut(&Doc) -> Result<()>) -> Result<Outcome> {
        let (docs, rejected) = self.read(inputs);
        for doc in &docs {
            emit(doc)?;
        }
        Ok(Outcome { read: docs.len(), added: docs.len(), rejected: rejected.len(), ..Default::default() })
    }
}
