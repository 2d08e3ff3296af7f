//! Scores the temporal tagger.
//!
//! `cargo run --release -p eval --bin eval-timex -- tempeval --split dev`
//! `cargo run --release -p eval --bin eval-timex -- meantime | esc | ordering | german | publication`
//! `cargo run --release -p eval --bin eval-timex -- all`
//! `cargo run --release -p eval --bin eval-timex -- sentences --out s.jsonl` (benchmark input)
//! `cargo run --release -p eval --bin eval-timex -- bench --input s.jsonl` (sentences/s)
//! `cargo run --release -p eval --bin eval-timex -- tempeval --predictions p.json` (another tagger)

use std::path::PathBuf;

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use eval::timex::publication::evaluate_publication;
use eval::timex::{evaluate, evaluate_valued, is_dev, load_esc, load_meantime, load_timeml_dir, ordering, score_doc, GoldDoc, SystemTimex, TimexError, TimexScores};
use model::{Span, TimexType};
use timex::Tagger;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Dataset {
    /// TempEval-3 Task A on TBAQ-cleaned (TimeBank + AQUAINT), train/dev split by name hash.
    Tempeval,
    /// TIMEX3 of MEANTIME English (120 Wikinews articles).
    Meantime,
    /// Time expressions of the Event StoryLine Corpus v1.5.
    Esc,
    /// Cross-document event ordering on MEANTIME.
    Ordering,
    /// Our German gold set (crates/eval/data/timex-de).
    German,
    /// Publication-date inference with the DCT hidden (TempEval split, MEANTIME).
    Publication,
    /// Every range the tagger links on the TempEval split and MEANTIME, for checking by hand.
    Ranges,
    /// Everything above.
    All,
    /// Writes every TempEval sentence with its document and DCT as JSON lines (`--out`).
    Sentences,
    /// Tags the sentences of `--input` one call per sentence, single thread; sentences/s.
    Bench,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Split {
    Train,
    Dev,
    All,
}

#[derive(Parser)]
#[command(about = "TIMEX3 extents, types and values against TempEval-3, MEANTIME, ESC and a German gold set")]
struct Args {
    dataset: Dataset,
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// The German gold set.
    #[arg(long, default_value = "crates/eval/data/timex-de")]
    german: PathBuf,
    /// TempEval split (the others have no training use and are scored whole).
    #[arg(long, value_enum, default_value = "dev")]
    split: Split,
    /// Print this many errors (extent or value) after the scores.
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
    /// TempEval: score these predictions instead of the tagger (JSON: document id → list of
    /// {start, end, value, type?}, offsets in code points of the document text).
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Output file of `sentences`.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Input file of `bench`.
    #[arg(long)]
    input: Option<PathBuf>,
    /// Timed runs of `bench` (the median is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

fn report(name: &str, scores: &TimexScores, errors: &[TimexError], args: &Args) {
    if args.json {
        println!("{}", serde_json::json!({ "dataset": name, "scores": scores.to_json() }));
    } else {
        println!("== {name}\n{scores}\n");
    }
    for e in errors.iter().take(args.errors) {
        let show = |x: &Option<(String, String)>| x.as_ref().map_or("-".to_string(), |(t, v)| format!("{t:?} {v}"));
        println!("{}\tgold {}\tours {}\t{}", e.doc, show(&e.gold), show(&e.system), e.context);
    }
}

fn run_timeml(name: &str, docs: Vec<GoldDoc>, tagger: &Tagger, args: &Args) -> Result<()> {
    let docs: Vec<GoldDoc> = docs
        .into_iter()
        .filter(|d| match args.split {
            Split::Train => !is_dev(&d.id),
            Split::Dev => is_dev(&d.id),
            Split::All => true,
        })
        .collect();
    let mut errors = Vec::new();
    let scores = match &args.predictions {
        Some(path) => {
            let predictions = load_predictions(path)?;
            let mut total = TimexScores::default();
            for doc in &docs {
                let system = predictions.get(&doc.id).map(|p| to_system(doc, p)).unwrap_or_default();
                total.add(&score_doc(doc, &system, &mut errors));
            }
            total
        }
        None => evaluate(tagger, &docs, &mut errors),
    };
    report(name, &scores, &errors, args);
    Ok(())
}

/// One expression of another tagger, offsets in code points.
#[derive(serde::Deserialize)]
struct ExternalTimex {
    start: usize,
    end: usize,
    value: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

fn load_predictions(path: &std::path::Path) -> Result<HashMap<String, Vec<ExternalTimex>>> {
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

fn to_system(doc: &GoldDoc, predictions: &[ExternalTimex]) -> Vec<SystemTimex> {
    let bytes: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).chain(std::iter::once(doc.text.len())).collect();
    predictions
        .iter()
        .filter_map(|p| {
            let kind = match p.kind.as_deref() {
                Some("DATE") => Some(TimexType::Date),
                Some("TIME") => Some(TimexType::Time),
                Some("DURATION") => Some(TimexType::Duration),
                Some("SET") => Some(TimexType::Set),
                _ => None,
            };
            Some(SystemTimex { span: Span::new(*bytes.get(p.start)?, *bytes.get(p.end)?), kind, value: p.value.clone() })
        })
        .collect()
}

/// One benchmark sentence.
#[derive(serde::Serialize, serde::Deserialize)]
struct BenchSentence {
    doc: String,
    dct: Option<String>,
    /// Offset of the sentence in the document text, in code points.
    start: usize,
    text: String,
}

fn write_sentences(docs: &[GoldDoc], out: &std::path::Path) -> Result<usize> {
    let mut lines = String::new();
    let mut count = 0;
    for doc in docs {
        for s in text::sentences(&doc.text) {
            let Some(sentence) = doc.text.get(s.start..s.end) else { continue };
            let start = doc.text[..s.start].chars().count();
            let record = BenchSentence { doc: doc.id.clone(), dct: doc.dct.map(|d| d.to_string()), start, text: sentence.to_string() };
            lines.push_str(&serde_json::to_string(&record)?);
            lines.push('\n');
            count += 1;
        }
    }
    std::fs::write(out, lines)?;
    Ok(count)
}

fn bench(tagger: &Tagger, input: &std::path::Path, runs: usize) -> Result<()> {
    let sentences: Vec<(BenchSentence, Option<timex::NaiveDate>, Vec<Span>)> = std::fs::read_to_string(input)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let s: BenchSentence = serde_json::from_str(l)?;
            let dct = s.dct.as_deref().and_then(|d| timex::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let spans = text::sentences(&s.text);
            Ok((s, dct, spans))
        })
        .collect::<Result<_>>()?;
    // One untimed pass first: the regexes' lazy DFAs fill their caches on first use.
    for (s, dct, spans) in &sentences {
        tagger.tag(&s.text, spans, *dct);
    }
    let mut rates = Vec::new();
    let mut found = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        found = 0;
        for (s, dct, spans) in &sentences {
            found += tagger.tag(&s.text, spans, *dct).len();
        }
        rates.push(sentences.len() as f64 / start.elapsed().as_secs_f64());
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    let median = rates[rates.len() / 2];
    println!("{}", serde_json::json!({"tool": "triangulate-timex", "sentences": sentences.len(), "expressions": found, "runs": rates.len(), "sentences_per_s_median": median, "sentences_per_s_all": rates}));
    Ok(())
}

fn main() -> Result<()> {
    let args = Args::parse();
    let Some(en) = Tagger::for_language("en") else { bail!("English rules failed to compile") };
    match args.dataset {
        Dataset::Sentences => {
            let out = args.out.as_ref().context("sentences needs --out FILE")?;
            let docs = load_timeml_dir(&args.data.join("tempeval3/Training/TBAQ-cleaned"))?;
            let n = write_sentences(&docs, out)?;
            eprintln!("{n} sentences written to {}", out.display());
            return Ok(());
        }
        Dataset::Bench => return bench(&en, args.input.as_ref().context("bench needs --input FILE")?, args.runs),
        _ => {}
    }
    let want = |d: Dataset| args.dataset == d || args.dataset == Dataset::All;
    if want(Dataset::Tempeval) {
        let docs = load_timeml_dir(&args.data.join("tempeval3/Training/TBAQ-cleaned"))?;
        let split = match args.split {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::All => "all",
        };
        run_timeml(&format!("TempEval-3 TBAQ-cleaned ({split})"), docs, &en, &args)?;
    }
    if want(Dataset::Meantime) {
        let docs = load_meantime(&args.data.join("meantime-en"))?;
        let mut errors = Vec::new();
        let scores = evaluate_valued(&en, &docs, &mut errors);
        report("MEANTIME English (all 120 documents)", &scores, &errors, &args);
    }
    if want(Dataset::Esc) {
        let docs = load_esc(&args.data.join("eventstoryline/annotated_v1.5.tar.gz"))?;
        let mut errors = Vec::new();
        let scores = evaluate_valued(&en, &docs, &mut errors);
        report("Event StoryLine v1.5 (all 258 documents)", &scores, &errors, &args);
    }
    if want(Dataset::Ordering) {
        let scores = ordering::evaluate_ordering(&en, &args.data.join("meantime-en"))?;
        if args.json {
            println!(
                "{}",
                serde_json::json!({"dataset": "MEANTIME ordering", "pairs": scores.pairs, "ours": scores.ours(), "gold_timex": scores.ceiling(),
                    "anchored_instances": scores.anchored_instances, "linked_instances": scores.linked_instances})
            );
        } else {
            println!("== MEANTIME cross-document event ordering\n{scores}\n");
        }
    }
    if want(Dataset::Publication) {
        let split = |d: &GoldDoc| match args.split {
            Split::Train => !is_dev(&d.id),
            Split::Dev => is_dev(&d.id),
            Split::All => true,
        };
        let tempeval: Vec<GoldDoc> = load_timeml_dir(&args.data.join("tempeval3/Training/TBAQ-cleaned"))?.into_iter().filter(split).collect();
        let meantime = load_meantime(&args.data.join("meantime-en"))?;
        for (name, docs) in [("TempEval-3 TBAQ-cleaned", &tempeval), ("MEANTIME English", &meantime)] {
            let mut errors = Vec::new();
            let (aware, blind) = evaluate_publication(&en, docs, &mut errors);
            for e in errors.iter().take(args.errors) {
                println!("{e}");
            }
            if args.json {
                println!("{}", serde_json::json!({"dataset": format!("publication {name}"), "tense_aware": aware.to_json(), "tense_blind": blind.to_json()}));
            } else {
                println!("== publication date, DCT hidden: {name} ({} docs)\ntense-aware (Tagger::infer_publication):\n{aware}\ntense-blind (latest absolute mention):\n{blind}\n", docs.len());
            }
        }
    }
    if args.dataset == Dataset::Ranges {
        let tempeval = load_timeml_dir(&args.data.join("tempeval3/Training/TBAQ-cleaned"))?;
        let meantime = load_meantime(&args.data.join("meantime-en"))?;
        let chosen = tempeval.iter().filter(|d| match args.split {
            Split::Train => !is_dev(&d.id),
            Split::Dev => is_dev(&d.id),
            Split::All => true,
        });
        let mut count = 0;
        for doc in chosen.chain(meantime.iter()) {
            let times = en.tag(&doc.text, &doc.sentence_spans(), doc.dct);
            for pair in times.windows(2).filter(|p| p[0].range_end.is_some() && p[1].ends_range) {
                count += 1;
                let (start, end) = (pair[0].span.start, pair[1].span.end);
                let context = doc.text.get(start.saturating_sub(40)..(end + 20).min(doc.text.len())).unwrap_or("").replace('\n', " ");
                println!("{}\t{} .. {}\t{:?}\t{context}", doc.id, pair[0].value, pair[1].value, &doc.text[start..end]);
            }
        }
        println!("{count} ranges");
    }
    if want(Dataset::German) {
        let Some(de) = Tagger::for_language("de") else { bail!("German rules failed to compile") };
        let docs = load_timeml_dir(&args.german)?;
        let mut errors = Vec::new();
        let scores = evaluate(&de, &docs, &mut errors);
        report("German gold set (all documents)", &scores, &errors, &args);
    }
    Ok(())
}
