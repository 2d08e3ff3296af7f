//! Runs the pipeline for a command: progress on a terminal, rejected inputs named on stderr.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use model::Doc;
use pipeline::{Chunk, Corpus, Outcome};

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

    /// Reads and analyses the inputs a chunk at a time (memory stays bounded whatever their
    /// size), names each rejected input on stderr as it comes and hands each chunk to `each`.
    fn read(&self, inputs: &[PathBuf], each: &mut dyn FnMut(Chunk) -> Result<()>) -> Result<()> {
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
        let skipped = pipeline::read_and_analyze_each(inputs, &self.limits, &|| progress.inc(1), &mut |chunk| {
            for r in &chunk.rejected {
                progress.suspend(|| eprintln!("triangulate: {}: {}", r.source, r.reason));
            }
            each(chunk)
        });
        progress.finish_and_clear();
        if !self.quiet {
            for path in &skipped? {
                eprintln!("triangulate: {}: skipped: documents the folder, not an article (name it to read it)", path.display());
            }
        }
        Ok(())
    }

    /// Reads inputs into a corpus: new articles are stored and given a story; known ones are
    /// skipped. Each chunk is stored in one transaction.
    pub fn ingest_into(&self, inputs: &[PathBuf], corpus: &mut Corpus) -> Result<Outcome> {
        let mut outcome = Outcome::default();
        self.read(inputs, &mut |chunk| {
            outcome.absorb(corpus.add(&chunk.docs, &chunk.rejected)?);
            Ok(())
        })?;
        Ok(outcome)
    }

    /// Reads inputs and hands each analysed article to `emit`, in input order.
    pub fn extract(&self, inputs: &[PathBuf], mut emit: impl FnMut(&Doc) -> Result<()>) -> Result<Outcome> {
        let mut outcome = Outcome::default();
        self.read(inputs, &mut |chunk| {
            for doc in &chunk.docs {
                emit(doc)?;
            }
            outcome.absorb(Outcome { read: chunk.docs.len(), added: chunk.docs.len(), rejected: chunk.rejected.len(), ..Default::default() });
            Ok(())
        })?;
        Ok(outcome)
    }
}
