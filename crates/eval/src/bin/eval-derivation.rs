//! Derivation (copy / rewrite / translation and its direction) against the derivation set
//! built from ECB+, MEANTIME and GUM texts (see `crates/eval/src/derivation/mod.rs`).
//!
//!     cargo run --release -p eval --bin eval-derivation                # tuning and held-out tables
//!     cargo run --release -p eval --bin eval-derivation -- --sweep     # thresholds, on the tuning part
//!     cargo run --release -p eval --bin eval-derivation -- --candidates  # real ECB+ pairs to check by hand
//!     cargo run --release -p eval --bin eval-derivation -- --errors    # the held-out pairs gotten wrong
//!     cargo run --release -p eval --bin eval-derivation -- --lsh-only  # only MinHash LSH candidate pairs
//!     cargo run --release -p eval --bin eval-derivation -- --lexical   # translations on cognates, without the encoder

#[path = "../derivation/mod.rs"]
mod derivation;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::Parser;
use corroborate::{derivations, DerivationParams};
use model::{Doc, Relation};
use rayon::prelude::*;

use derivation::{Pair, Text};

#[derive(Parser)]
#[command(about = "Derivation precision and recall per relation, and direction, on the derivation set")]
struct Args {
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Sweep each threshold around its default on the tuning part.
    #[arg(long)]
    sweep: bool,
    /// List real ECB+ pairs of one sub-topic whose texts overlap, to check by hand.
    #[arg(long)]
    candidates: bool,
    /// Print the held-out pairs that are gotten wrong.
    #[arg(long)]
    errors: bool,
    /// Compare only MinHash LSH candidate pairs, as in stories larger than `all_pairs_up_to`.
    #[arg(long)]
    lsh_only: bool,
    /// Align translations on cognate anchors even when the sentence encoder is installed.
    #[arg(long)]
    lexical: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let sources = derivation::sources::load(&args.data)?;
    if args.candidates {
        return candidates(&sources);
    }
    let pairs = derivation::build(&sources)?;
    let started = Instant::now();
    let docs = analyse(&pairs);
    eprintln!("analysed {} texts in {:.1} s", docs.len(), started.elapsed().as_secs_f64());
    print_set(&pairs);
    let embeddings = !args.lexical && embed::Encoder::shared().is_some();
    println!(
        "\ntranslations aligned on {}",
        if embeddings { "multilingual sentence embeddings (models/use-m3)" } else { "cognate anchors (no sentence encoder, or --lexical)" }
    );
    let base = DerivationParams { sentence_embeddings: embeddings, ..DerivationParams::default() };
    if args.sweep {
        sweep(&pairs, &docs, base);
        return Ok(());
    }
    let params = if args.lsh_only { DerivationParams { all_pairs_up_to: 0, ..base } } else { base };
    for (part, held_out) in [("tuning", false), ("held-out", true)] {
        let part_pairs: Vec<&Pair> = pairs.iter().filter(|p| p.held_out == held_out).collect();
        let outcomes = predict(&part_pairs, &docs, &params);
        println!("\n### {part} ({} pairs)\n", part_pairs.len());
        print_scores(&part_pairs, &outcomes);
        if args.errors && held_out {
            print_errors(&part_pairs, &outcomes);
        }
    }
    Ok(())
}

/// Every distinct text through ingest (as a plain-text file) and analysis, with its set name as id.
fn analyse(pairs: &[Pair]) -> HashMap<String, Doc> {
    let mut texts: BTreeMap<&str, &Text> = BTreeMap::new();
    for p in pairs {
        texts.insert(&p.earlier.name, &p.earlier);
        texts.insert(&p.later.name, &p.later);
    }
    let limits = ingest::Limits::default();
    texts
        .into_par_iter()
        .filter_map(|(name, t)| {
            let mut article = ingest::read_bytes(name, t.text.as_bytes(), &limits).articles.into_iter().next()?;
            article.id = name.to_string();
            article.published = Some(t.published.clone());
            Some((name.to_string(), analyze::analyze(article)))
        })
        .collect()
}

/// What the engine says of a pair: the relation it finds and whether it points the right way.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Outcome {
    relation: Option<Relation>,
    /// The derived article found is the later one.
    right_way: bool,
    similarity: f64,
}

fn predict(pairs: &[&Pair], docs: &HashMap<String, Doc>, params: &DerivationParams) -> Vec<Outcome> {
    pairs
        .par_iter()
        .map(|p| {
            let (Some(earlier), Some(later)) = (docs.get(&p.earlier.name), docs.get(&p.later.name)) else {
                return Outcome { relation: None, right_way: false, similarity: 0.0 };
            };
            let input: Vec<&Doc> = if p.later_first { vec![later, earlier] } else { vec![earlier, later] };
            let found = derivations(&input, params);
            match (found.get(&p.later.name), found.get(&p.earlier.name)) {
                (Some(d), _) => Outcome { relation: Some(d[0].relation), right_way: true, similarity: d[0].similarity },
                (None, Some(d)) => Outcome { relation: Some(d[0].relation), right_way: false, similarity: d[0].similarity },
                (None, None) => Outcome { relation: None, right_way: false, similarity: 0.0 },
            }
        })
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

const RELATIONS: [Relation; 3] = [Relation::Copy, Relation::Rewrite, Relation::Translation];

/// Per relation: a true positive is the gold relation found, pointing from the later article to the earlier.
fn counts(pairs: &[&Pair], outcomes: &[Outcome]) -> Vec<Counts> {
    RELATIONS
        .iter()
        .map(|&r| {
            let mut c = Counts::default();
            for (p, o) in pairs.iter().zip(outcomes) {
                let hit = p.gold == Some(r) && o.relation == Some(r) && o.right_way;
                if hit {
                    c.tp += 1;
                } else {
                    c.fp += usize::from(o.relation == Some(r));
                    c.fn_ += usize::from(p.gold == Some(r));
                }
            }
            c
        })
        .collect()
}

fn macro_f1(pairs: &[&Pair], outcomes: &[Outcome]) -> f64 {
    counts(pairs, outcomes).iter().map(Counts::f1).sum::<f64>() / RELATIONS.len() as f64
}

fn print_set(pairs: &[Pair]) {
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for p in pairs {
        let e = by_kind.entry(&p.kind).or_default();
        if p.held_out {
            e.1 += 1;
        } else {
            e.0 += 1;
        }
    }
    println!("| pair kind | tuning | held-out |\n|---|---|---|");
    for (k, (t, h)) in &by_kind {
        println!("| {k} | {t} | {h} |");
    }
}

fn print_scores(pairs: &[&Pair], outcomes: &[Outcome]) {
    println!("| relation | gold pairs | found | precision | recall | F1 |\n|---|---|---|---|---|---|");
    for (r, c) in RELATIONS.iter().zip(counts(pairs, outcomes)) {
        println!(
            "| {r:?} | {} | {} | {:.3} | {:.3} | {:.3} |",
            c.tp + c.fn_,
            c.tp + c.fp,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    let derived_found: Vec<&Outcome> =
        pairs.iter().zip(outcomes).filter(|(p, o)| p.gold.is_some() && o.relation.is_some()).map(|(_, o)| o).collect();
    let right = derived_found.iter().filter(|o| o.right_way).count();
    let negatives: Vec<&Outcome> = pairs.iter().zip(outcomes).filter(|(p, _)| p.gold.is_none()).map(|(_, o)| o).collect();
    let false_alarms = negatives.iter().filter(|o| o.relation.is_some()).count();
    println!(
        "\nmacro F1 {:.3}; direction right in {right} of {} derived pairs found ({:.3}); negatives called derived: {false_alarms} of {} ({:.3})",
        macro_f1(pairs, outcomes),
        derived_found.len(),
        ratio(right, derived_found.len()),
        negatives.len(),
        ratio(false_alarms, negatives.len())
    );
    // Which relation each kind of pair gets.
    let mut confusion: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for (p, o) in pairs.iter().zip(outcomes) {
        let slot = match o.relation {
            Some(Relation::Copy) => 0,
            Some(Relation::Rewrite) => 1,
            Some(Relation::Translation) => 2,
            None => 3,
        };
        confusion.entry(&p.kind).or_default()[slot] += 1;
    }
    println!("\n| pair kind | → copy | → rewrite | → translation | → none |\n|---|---|---|---|---|");
    for (k, c) in &confusion {
        println!("| {k} | {} | {} | {} | {} |", c[0], c[1], c[2], c[3]);
    }
}

fn print_errors(pairs: &[&Pair], outcomes: &[Outcome]) {
    println!("\nheld-out errors:");
    for (p, o) in pairs.iter().zip(outcomes) {
        if p.gold != o.relation || (o.relation.is_some() && !o.right_way) {
            println!("  {:<28} gold {:<12} found {:<12} right way {} sim {:.3}  {} / {}", p.kind, format!("{:?}", p.gold), format!("{:?}", o.relation), o.right_way, o.similarity, p.earlier.name, p.later.name);
        }
    }
}

/// Each threshold moved alone around the defaults, scored on the tuning part by macro F1.
fn sweep(pairs: &[Pair], docs: &HashMap<String, Doc>, base: DerivationParams) {
    let tuning: Vec<&Pair> = pairs.iter().filter(|p| !p.held_out).collect();
    type Setter = fn(&mut DerivationParams, f64);
    let knobs: [(&str, Setter, &[f64]); 7] = [
        ("copy_jaccard", |p, v| p.copy_jaccard = v, &[0.3, 0.4, 0.5, 0.6, 0.7, 0.8]),
        ("copy_containment", |p, v| p.copy_containment = v, &[0.6, 0.7, 0.8, 0.85, 0.9, 0.95]),
        ("sentence_match", |p, v| p.sentence_match = v, &[0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]),
        ("anchor_match", |p, v| p.anchor_match = v, &[0.15, 0.2, 0.25, 0.3, 0.4, 0.5]),
        ("embedding_match", |p, v| p.embedding_match = v, &[0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75]),
        ("aligned_share", |p, v| p.aligned_share = v, &[0.3, 0.4, 0.5, 0.6, 0.7]),
        ("in_order_share", |p, v| p.in_order_share = v, &[0.5, 0.6, 0.7, 0.75, 0.8, 0.9]),
    ];
    println!("\n| threshold | value | copy F1 | rewrite F1 | translation F1 | macro F1 |\n|---|---|---|---|---|---|");
    for (name, set, values) in knobs {
        for &v in values {
            let mut params = base;
            set(&mut params, v);
            let outcomes = predict(&tuning, docs, &params);
            let c = counts(&tuning, &outcomes);
            println!("| {name} | {v} | {:.3} | {:.3} | {:.3} | {:.3} |", c[0].f1(), c[1].f1(), c[2].f1(), macro_f1(&tuning, &outcomes));
        }
    }
}

/// Real ECB+ pairs of one sub-topic whose texts overlap, most overlapping first.
fn candidates(sources: &[derivation::sources::Source]) -> Result<()> {
    let ecb: Vec<_> = sources.iter().filter(|s| s.topic > 0).collect();
    let mut found = Vec::new();
    for (i, a) in ecb.iter().enumerate() {
        for b in &ecb[i + 1..] {
            if a.story != b.story {
                continue;
            }
            let o = derivation::overlap(a, b);
            if o.is_candidate() {
                found.push((o, a, b));
            }
        }
    }
    found.sort_by(|x, y| (y.0.containment + y.0.aligned).total_cmp(&(x.0.containment + x.0.aligned)));
    println!("{} candidate pairs", found.len());
    for (o, a, b) in found {
        println!("{}\t{}\tcontainment {:.2}\taligned {:.2}\t{} / {}", a.name, b.name, o.containment, o.aligned, a.sentences.len(), b.sentences.len());
    }
    Ok(())
}
