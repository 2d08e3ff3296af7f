//! Scores the NER on the fixed dev split (MEANTIME named mentions in the annotated
//! region, GUM news names), optionally side by side with a peer's predictions
//! (`scripts/bench-entities.sh` runs en_core_web_sm through `scripts/bench_entities.py`).
//!
//! cargo run --release -p eval --bin eval-entities -- --data ../shared/data

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use entities::Recognizer;
use eval::entities::score::{Counts, Scores};
use eval::entities::{load_gold, normalise_gold_span, silver, split, GoldDoc};
use model::{EntityKind, Span};
use serde::Deserialize;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// A model file to evaluate instead of the embedded one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Write the dev texts as JSONL for the peer and exit.
    #[arg(long)]
    export_dev: Option<PathBuf>,
    /// Peer predictions (JSONL: dataset, id, ents as [start, end, spaCy label] in code points).
    #[arg(long)]
    peer: Option<PathBuf>,
    /// Peer timing (JSON: seconds, tokens).
    #[arg(long)]
    peer_timing: Option<PathBuf>,
    /// Runs over the dev texts for the speed figure.
    #[arg(long, default_value_t = 5)]
    repeat: usize,
    /// Score the train split instead (sanity check of fit; never for reporting).
    #[arg(long)]
    train_split: bool,
    /// Print our false positives and false negatives (overlap matching) to stderr.
    #[arg(long)]
    errors: bool,
    /// Print the nominal mentions ("the ministry spokeswoman" → its entity) found in the
    /// .txt files of this folder, with their sentences, for checking by hand, and exit.
    #[arg(long)]
    show_nominal: Option<PathBuf>,
}

#[derive(Deserialize)]
struct PeerDoc {
    dataset: String,
    id: String,
    ents: Vec<(usize, usize, String)>,
}

#[derive(Deserialize)]
struct PeerTiming {
    seconds: f64,
    tokens: usize,
}

fn cell(c: &Counts) -> String {
    format!("{:.3}", c.f1())
}

fn print_rows(out: &mut impl Write, dataset: &str, system: &str, s: &Scores) -> std::io::Result<()> {
    for (name, per, total) in [("exact", &s.exact, s.exact_total()), ("overlap", &s.overlap, s.overlap_total())] {
        writeln!(
            out,
            "| {dataset} | {system} | {name} | {} | {} | {} | {} | {:.3} / {:.3} / **{:.3}** |",
            cell(&per[0]),
            cell(&per[1]),
            cell(&per[2]),
            cell(&per[3]),
            total.precision(),
            total.recall(),
            total.f1()
        )?;
    }
    Ok(())
}

fn print_errors(d: &GoldDoc, preds: &[(Span, EntityKind)]) {
    let show = |s: &Span| d.text.get(s.start..s.end).unwrap_or("").replace('\n', " ");
    for (s, k) in preds.iter().filter(|(s, _)| d.region.contains(s)) {
        let matched = d.mentions.iter().any(|g| g.span.overlaps(s) && (!g.required || g.kind == Some(*k)));
        if !matched {
            let gold = d.mentions.iter().find(|g| g.span.overlaps(s));
            let note = gold.map(|g| format!(" (gold {:?} {:?})", show(&g.span), g.kind)).unwrap_or_default();
            eprintln!("FP {} {:?} {:?}{note}", d.id, show(s), k);
        }
    }
    for g in d.mentions.iter().filter(|g| g.required && g.kind.is_some()) {
        if !preds.iter().any(|(s, k)| g.span.overlaps(s) && g.kind == Some(*k)) {
            eprintln!("FN {} {:?} {:?}", d.id, show(&g.span), g.kind);
        }
    }
}

/// Nominal mentions of the texts of a folder, one per line: file, mention, entity name and
/// descriptions, sentence. Returns (nominal mentions, texts).
fn show_nominal(dir: &std::path::Path) -> anyhow::Result<(usize, usize)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut found = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path)?;
        let sentences = text::sentences(&text);
        let (mentions, entities) = Recognizer::shared().recognize(&text, &sentences, "en");
        for m in mentions.iter().filter(|m| m.nominal) {
            found += 1;
            let e = &entities[m.entity];
            let sentence = sentences.get(m.sentence).and_then(|s| text.get(s.start..s.end)).unwrap_or("");
            println!(
                "{}\t{}\t{} [{}]\t{}",
                path.file_name().unwrap_or_default().to_string_lossy(),
                m.text,
                e.name,
                e.descriptions.join("; "),
                sentence.replace('\n', " ")
            );
        }
    }
    Ok((found, paths.len()))
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(dir) = &args.show_nominal {
        let (found, texts) = show_nominal(dir)?;
        eprintln!("{found} nominal mentions in {texts} texts");
        return Ok(());
    }
    let (train, dev) = split(load_gold(&args.data)?);
    let docs: Vec<GoldDoc> = if args.train_split { train } else { dev };

    if let Some(path) = &args.export_dev {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        for d in &docs {
            let line = serde_json::json!({"dataset": d.dataset, "id": d.id, "text": d.text, "tokens": d.tokens});
            writeln!(f, "{line}")?;
        }
        eprintln!("{} dev texts written to {}", docs.len(), path.display());
        return Ok(());
    }

    let owned;
    let recognizer = match &args.model {
        Some(p) => {
            owned = Recognizer::from_model_bytes(&std::fs::read(p)?).map_err(anyhow::Error::msg)?;
            &owned
        }
        None => Recognizer::shared(),
    };

    let mut ours: HashMap<&str, Scores> = HashMap::new();
    for d in &docs {
        let (mentions, _) = recognizer.recognize(&d.text, &d.sentences, "en");
        let preds: Vec<(Span, EntityKind)> =
            mentions.iter().filter(|m| !m.nominal).map(|m| (m.span, m.kind)).collect();
        if args.errors {
            print_errors(d, &preds);
        }
        ours.entry(d.dataset).or_default().add_doc(d, &preds);
    }
    let tokens: usize = docs.iter().map(|d| d.tokens).sum::<usize>() * args.repeat;
    let started = Instant::now();
    for _ in 0..args.repeat {
        for d in &docs {
            std::hint::black_box(recognizer.recognize(&d.text, &d.sentences, "en"));
        }
    }
    let our_speed = tokens as f64 / started.elapsed().as_secs_f64();

    let mut theirs: HashMap<&str, Scores> = HashMap::new();
    if let Some(path) = &args.peer {
        let mut by_id: HashMap<(String, String), Vec<(usize, usize, String)>> = HashMap::new();
        for line in std::fs::read_to_string(path)?.lines() {
            let p: PeerDoc = serde_json::from_str(line)?;
            by_id.insert((p.dataset, p.id), p.ents);
        }
        for d in &docs {
            let bytes: Vec<usize> = d.text.char_indices().map(|(b, _)| b).chain([d.text.len()]).collect();
            let preds: Vec<(Span, EntityKind)> = by_id
                .get(&(d.dataset.to_string(), d.id.clone()))
                .map(|ents| {
                    ents.iter()
                        .filter_map(|(s, e, l)| {
                            let kind = silver::map_label(l)?;
                            let span = Span::new(*bytes.get(*s)?, *bytes.get(*e)?);
                            Some((normalise_gold_span(&d.text, span, Some(kind)), kind))
                        })
                        .collect()
                })
                .unwrap_or_default();
            theirs.entry(d.dataset).or_default().add_doc(d, &preds);
        }
    }

    let mut out = std::io::stdout().lock();
    let split_name = if args.train_split { "train" } else { "dev" };
    writeln!(out, "NER mention F1 on the {split_name} split (per kind F1; all: P / R / F1)\n")?;
    writeln!(out, "| dataset | system | match | person | organization | place | other | all P / R / F1 |")?;
    writeln!(out, "|---|---|---|---|---|---|---|---|")?;
    for dataset in ["meantime", "gum"] {
        if let Some(s) = ours.get(dataset) {
            print_rows(&mut out, dataset, "triangulate", s)?;
        }
        if let Some(s) = theirs.get(dataset) {
            print_rows(&mut out, dataset, "en_core_web_sm", s)?;
        }
    }
    let gold: usize = docs.iter().map(|d| d.required_mentions().len()).sum();
    writeln!(out, "\n{} documents, {} gold names, {} tokens", docs.len(), gold, tokens / args.repeat.max(1))?;
    writeln!(out, "\n| system | tokens/s (one core) |\n|---|---|\n| triangulate | {our_speed:.0} |")?;
    if let Some(path) = &args.peer_timing {
        let t: PeerTiming = serde_json::from_str(&std::fs::read_to_string(path)?)?;
        let peer_speed = t.tokens as f64 / t.seconds.max(1e-9);
        writeln!(out, "| en_core_web_sm | {peer_speed:.0} |\n\nspeed ratio: {:.1}×", our_speed / peer_speed)?;
    }
    Ok(())
}
