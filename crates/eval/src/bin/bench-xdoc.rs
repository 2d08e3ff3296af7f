//! Scale benchmark of the cross-document stage, and corpus-wide near-duplicate detection
//! for the side-by-side run with datasketch (`scripts/bench-xdoc.sh`).
//!
//!     bench-xdoc prepare --cache target/bench-xdoc-cache              # analyse every news text once
//!     bench-xdoc run --cache target/bench-xdoc-cache --n 100000       # stories + corroborate, timed
//!     bench-xdoc texts --cache target/bench-xdoc-cache --n 100000 --out texts.jsonl
//!     bench-xdoc near-dup --texts texts.jsonl --out ours.tsv # MinHash LSH pairs, timed
//!     bench-xdoc compare --texts texts.jsonl --ours ours.tsv --theirs datasketch.tsv
//!
//! The corpus: every news text in `../shared/data` (ECB+, MEANTIME, GUM, PolNeAR, FNC-1 bodies,
//! the article-extraction benchmark's bodies, TempEval-3), analysed once and cached as JSON
//! Lines of Docs. Larger corpora repeat it with controlled variation (`vary`): copy `v` of an
//! article is dated `21 × v` days later, so its stories are new stories, and every ASCII word of
//! five letters or more is replaced by another word of the corpus of the same length (a rotation
//! of the words of that length, by an offset drawn from `v`), keeping capitals. Byte and
//! code-point lengths are unchanged, so every span of the analysis stays valid, word statistics
//! keep their shape, and copies of one text in two variants are no longer near-duplicates of
//! each other, while copies within a variant are.

#[path = "../derivation/sources.rs"]
#[allow(dead_code)]
mod sources;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use corroborate::near_dup::{word_shingles, MinHashLsh};
use corroborate::StoryIndex;
use model::Doc;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Parser)]
#[command(about = "Cross-document stage at scale, and near-duplicate detection beside datasketch")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse every news text of the shared data once and cache the Docs.
    Prepare {
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        #[arg(long)]
        cache: PathBuf,
    },
    /// Story assignment and the cross-document stage on `n` articles, timed.
    Run {
        #[arg(long)]
        cache: PathBuf,
        #[arg(long)]
        n: usize,
    },
    /// The texts of the `n`-article corpus as JSON Lines `{"id", "text"}`.
    Texts {
        #[arg(long)]
        cache: PathBuf,
        #[arg(long)]
        n: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// Near-duplicate pairs by MinHash LSH over word 5-gram shingles, timed; pairs to `out`.
    NearDup {
        #[arg(long)]
        texts: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
    },
    /// Agreement of two pair lists, with the exact shingle Jaccard of every pair found.
    Compare {
        #[arg(long)]
        texts: PathBuf,
        #[arg(long)]
        ours: PathBuf,
        #[arg(long)]
        theirs: PathBuf,
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
    },
}

/// One cached analysed article and the story key of its dataset (for dating copies together).
#[derive(Serialize, Deserialize)]
struct Cached {
    group: String,
    doc: Doc,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Prepare { data, cache } => prepare(&data, &cache),
        Command::Run { cache, n } => run(&cache, n),
        Command::Texts { cache, n, out } => texts(&cache, n, &out),
        Command::NearDup { texts, out, threshold } => near_dup(&texts, &out, threshold),
        Command::Compare { texts, ours, theirs, threshold } => compare(&texts, &ours, &theirs, threshold),
    }
}

/// (story key, source name, text) of every news text.
fn news_texts(data: &Path) -> Result<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    for s in sources::load(data)? {
        out.push((s.story.clone(), s.name.clone(), sources::Source::render(&s.sentences)));
    }
    for split in ["train", "dev"] {
        let dir = data.join("polnear").join(split).join("text");
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&dir).with_context(|| dir.display().to_string())?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).with_context(|| f.display().to_string())?;
            let name = f.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            out.push((format!("polnear/{name}"), format!("polnear/{name}"), text));
        }
    }
    let mut bodies = csv::Reader::from_path(data.join("fnc1/competition_test_bodies.csv"))?;
    for row in bodies.records() {
        let row = row?;
        out.push((format!("fnc1/{}", &row[0]), format!("fnc1/{}", &row[0]), row[1].to_string()));
    }
    let truth: HashMap<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(data.join("article-extraction-benchmark/ground-truth.json"))?)?;
    let mut keys: Vec<&String> = truth.keys().collect();
    keys.sort();
    for k in keys {
        if let Some(body) = truth[k]["articleBody"].as_str() {
            out.push((format!("aeb/{k}"), format!("aeb/{k}"), body.to_string()));
        }
    }
    let tags = regex::Regex::new(r"<[^>]*>")?;
    let mut tml: Vec<PathBuf> = Vec::new();
    let mut stack = vec![data.join("tempeval3")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir)?.filter_map(|e| e.ok()) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tml") {
                tml.push(p);
            }
        }
    }
    tml.sort();
    for f in tml {
        let xml = std::fs::read_to_string(&f)?;
        let Some(body) = xml.split_once("<TEXT>").and_then(|(_, rest)| rest.split_once("</TEXT>")).map(|(b, _)| b) else {
            continue;
        };
        let name = f.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        out.push((format!("tempeval3/{name}"), format!("tempeval3/{name}"), tags.replace_all(body, "").trim().to_string()));
    }
    Ok(out)
}

fn prepare(data: &Path, cache: &Path) -> Result<()> {
    let texts = news_texts(data)?;
    let started = Instant::now();
    let limits = ingest::Limits::default();
    let docs: Vec<Cached> = texts
        .par_iter()
        .filter_map(|(group, name, text)| {
            let article = ingest::read_bytes(name, text.as_bytes(), &limits).articles.into_iter().next()?;
            Some(Cached { group: group.clone(), doc: analyze::analyze(article) })
        })
        .collect();
    eprintln!("analysed {} of {} texts in {:.1} s", docs.len(), texts.len(), started.elapsed().as_secs_f64());
    std::fs::create_dir_all(cache)?;
    let path = cache.join("base.jsonl");
    let mut w = BufWriter::new(std::fs::File::create(&path).with_context(|| path.display().to_string())?);
    for d in &docs {
        serde_json::to_writer(&mut w, d)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

fn load(cache: &Path) -> Result<Vec<Cached>> {
    let path = cache.join("base.jsonl");
    let file = std::fs::File::open(&path).with_context(|| format!("{} (run `bench-xdoc prepare` first)", path.display()))?;
    let mut out: Vec<Cached> = Vec::new();
    // The same text in two datasets has one article id (ids are content hashes); a corpus
    // holds it once, as the store keeps an article it already has. Kept twice, the two would
    // collide in the maps keyed by article id, and which one won would change from run to run.
    let mut seen = HashSet::new();
    let mut repeated = 0;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        let cached: Cached = serde_json::from_str(&line).with_context(|| format!("{} line {}", path.display(), i + 1))?;
        if seen.insert(cached.doc.article.id.clone()) {
            out.push(cached);
        } else {
            repeated += 1;
        }
    }
    if repeated > 0 {
        eprintln!("{}: {repeated} documents repeat an article already read and are left out", path.display());
    }
    if out.is_empty() {
        bail!("{} holds no documents", path.display());
    }
    Ok(out)
}

fn fnv(s: &str) -> u64 {
    corroborate::near_dup::stable_hash(s)
}

/// The words of five ASCII letters or more, by length, sorted: what variation rotates.
struct Vocabulary {
    by_length: HashMap<usize, (Vec<String>, HashMap<String, usize>)>,
}

impl Vocabulary {
    fn of(base: &[Cached]) -> Vocabulary {
        let mut words: BTreeMap<usize, HashSet<String>> = BTreeMap::new();
        for c in base {
            for w in c.doc.article.text.split(|ch: char| !ch.is_ascii_alphabetic()).filter(|w| w.len() >= 5) {
                words.entry(w.len()).or_default().insert(w.to_ascii_lowercase());
            }
        }
        let by_length = words
            .into_iter()
            .map(|(len, set)| {
                let mut list: Vec<String> = set.into_iter().collect();
                list.sort();
                let index = list.iter().enumerate().map(|(i, w)| (w.clone(), i)).collect();
                (len, (list, index))
            })
            .collect();
        Vocabulary { by_length }
    }

    /// The text with every known word of five letters or more rotated for variant `v` (0: unchanged).
    fn vary(&self, text: &str, v: usize) -> String {
        if v == 0 {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while !rest.is_empty() {
            let start = rest.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(rest.len());
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
            let word = &rest[..end];
            out.push_str(&self.rotate(word, v));
            rest = &rest[end..];
        }
        out
    }

    fn rotate(&self, word: &str, v: usize) -> String {
        let Some((list, index)) = self.by_length.get(&word.len()).filter(|_| word.len() >= 5) else {
            return word.to_string();
        };
        let Some(&i) = index.get(&word.to_ascii_lowercase()) else {
            return word.to_string();
        };
        let offset = 1 + (fnv(&format!("{v}/{}", word.len())) as usize % (list.len().max(2) - 1));
        let new = &list[(i + offset) % list.len()];
        // Keep the capitals where they were.
        word.chars().zip(new.chars()).map(|(o, n)| if o.is_ascii_uppercase() { n.to_ascii_uppercase() } else { n }).collect()
    }
}

/// The `n`-article corpus: copies of the base in variants 0, 1, 2, ..., in publication order.
fn corpus(base: &[Cached], n: usize) -> Vec<Doc> {
    let vocabulary = Vocabulary::of(base);
    let mut docs: Vec<Doc> = (0..n)
        .into_par_iter()
        .map(|k| {
            let (v, c) = (k / base.len(), &base[k % base.len()]);
            let mut doc = c.doc.clone();
            let vary = |s: &str| vocabulary.vary(s, v);
            let a = &mut doc.article;
            a.id = model::stable_id("a", &[&a.id, &v.to_string()]);
            a.text = vary(&a.text);
            a.title = a.title.as_deref().map(vary);
            a.url = a.url.as_ref().map(|u| format!("{u}#v{v}"));
            // Copies of one story keep close dates: the story key fixes the day, the variant the 21-day window.
            let day = 15_706 + 21 * v as i64 + (fnv(&c.group) % 14) as i64 + (fnv(&a.id) % 2) as i64;
            a.published = Some(format!("{}T{:02}:00:00Z", civil(day), fnv(&a.id) % 24));
            a.published_source = None;
            a.published_latest = None;
            for m in &mut doc.mentions {
                m.text = vary(&m.text);
            }
            for e in &mut doc.entities {
                e.name = vary(&e.name);
                e.variants = e.variants.iter().map(|x| vary(x)).collect();
                e.descriptions = e.descriptions.iter().map(|x| vary(x)).collect();
            }
            for q in &mut doc.quotes {
                q.text = vary(&q.text);
                q.id = model::stable_id("q", &[&q.id, &v.to_string()]);
                for s in q.speaker.iter_mut().chain(q.via.iter_mut()) {
                    s.text = vary(&s.text);
                }
            }
            for c in &mut doc.citations {
                c.source = vary(&c.source);
            }
            for f in &mut doc.figures {
                f.text = vary(&f.text);
                f.counted = f.counted.as_deref().map(vary);
            }
            for t in &mut doc.times {
                t.text = vary(&t.text);
            }
            doc
        })
        .collect();
    docs.sort_by(|a, b| a.article.published.cmp(&b.article.published));
    docs
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn run(cache: &Path, n: usize) -> Result<()> {
    let base = load(cache)?;
    let docs = corpus(&base, n);
    drop(base);
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let mut index = StoryIndex::new();
    let assigned: Vec<(String, String)> = docs.iter().map(|d| d.article.id.clone()).zip(index.assign_all(&docs)).collect();
    // An article that joined a story merged later is in the story it was merged into.
    let members: Vec<(String, String)> =
        assigned.into_iter().map(|(article, story)| (article, index.current_id(&story).to_string())).collect();
    let assign_s = started.elapsed().as_secs_f64();
    let assign_cpu_s = cpu_seconds() - cpu_started;
    // Derivation alone, stories in parallel as `corroborate` runs them, to tell its share of the stage.
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let mut groups: HashMap<&str, Vec<&Doc>> = HashMap::new();
    for (doc, (_, story)) in docs.iter().zip(&members) {
        groups.entry(story.as_str()).or_default().push(doc);
    }
    let groups: Vec<&Vec<&Doc>> = groups.values().collect();
    let derived: usize =
        groups.par_iter().map(|g| corroborate::derivations(g, &corroborate::DerivationParams::default()).len()).sum();
    let derivation_s = started.elapsed().as_secs_f64();
    let derivation_cpu_s = cpu_seconds() - cpu_started;
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let result = corroborate::corroborate(&docs, &members);
    let corroborate_s = started.elapsed().as_secs_f64();
    let corroborate_cpu_s = cpu_seconds() - cpu_started;
    let largest = result.stories.iter().map(|s| s.articles.len()).max().unwrap_or(0);
    let mut relations: BTreeMap<String, usize> = BTreeMap::new();
    for d in result.derivations.values().flatten() {
        *relations.entry(format!("{:?}", d.relation).to_lowercase()).or_default() += 1;
    }
    // Digests that tell two runs apart: which article is in which story, which article derives
    // from which (with relation and similarity), and the stories' accounts as serialised.
    let mut assignment = members.clone();
    assignment.sort();
    let mut derivation_list: Vec<(&String, &Vec<model::Derivation>)> = result.derivations.iter().collect();
    derivation_list.sort_by(|a, b| a.0.cmp(b.0));
    let digest = |json: serde_json::Result<String>| -> Result<String> {
        Ok(format!("{:016x}", corroborate::near_dup::stable_hash(&json?)))
    };
    let (assignment_digest, derivations_digest, stories_digest) = (
        digest(serde_json::to_string(&assignment))?,
        digest(serde_json::to_string(&derivation_list))?,
        digest(serde_json::to_string(&result.stories))?,
    );
    println!(
        "{}",
        serde_json::json!({
            "articles": docs.len(),
            "assign_s": assign_s,
            "corroborate_s": corroborate_s,
            "of_which_derivation_s": derivation_s,
            "derived_articles": derived,
            "total_s": assign_s + corroborate_s,
            "cpu_s": {"assign": assign_cpu_s, "corroborate": corroborate_cpu_s, "of_which_derivation": derivation_cpu_s},
            "stories": result.stories.len(),
            "largest_story": largest,
            "derivations": relations,
            "digests": {"assignment": assignment_digest, "derivations": derivations_digest, "stories": stories_digest},
        })
    );
    Ok(())
}

/// CPU time of this process so far (user + system, all threads), from `/proc/self/stat` in
/// clock ticks of 1/100 s (Linux's USER_HZ); 0 where that file is not. On a machine shared with
/// other work, wall time measures the load as much as the code: CPU time measures the work.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which may hold spaces, so split after its closing ')').
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    // utime and stime are fields 14 and 15 of the line: 11 and 12 counting from 0 after the name.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn texts(cache: &Path, n: usize, out: &Path) -> Result<()> {
    let base = load(cache)?;
    let docs = corpus(&base, n);
    let mut w = BufWriter::new(std::fs::File::create(out).with_context(|| out.display().to_string())?);
    for d in &docs {
        serde_json::to_writer(&mut w, &serde_json::json!({"id": d.article.id, "text": d.article.text}))?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

fn read_texts(path: &Path) -> Result<Vec<(String, String)>> {
    let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        out.push((v["id"].as_str().unwrap_or_default().to_string(), v["text"].as_str().unwrap_or_default().to_string()));
    }
    Ok(out)
}

/// Shingling shared with `scripts/bench_minhash.py`: lowercased alphanumeric words, 5-grams.
const SHINGLE: usize = 5;

fn near_dup(texts: &Path, out: &Path, threshold: f64) -> Result<()> {
    let texts = read_texts(texts)?;
    let started = Instant::now();
    let shingles: Vec<HashSet<u64>> = texts.par_iter().map(|(_, t)| word_shingles(t, SHINGLE)).collect();
    let shingle_s = started.elapsed().as_secs_f64();
    let mut lsh = MinHashLsh::new(threshold);
    let signatures: Vec<Vec<u32>> = shingles.par_iter().map(|s| lsh.signature(s)).collect();
    let signature_s = started.elapsed().as_secs_f64() - shingle_s;
    let mut pairs = Vec::new();
    for (j, (set, signature)) in shingles.iter().zip(signatures).enumerate() {
        if set.is_empty() {
            continue;
        }
        pairs.extend(lsh.query(&signature).into_iter().map(|i| (i, j)));
        lsh.insert(j, signature);
    }
    let total_s = started.elapsed().as_secs_f64();
    let mut w = BufWriter::new(std::fs::File::create(out).with_context(|| out.display().to_string())?);
    for (i, j) in &pairs {
        writeln!(w, "{}\t{}", texts[*i].0, texts[*j].0)?;
    }
    w.flush()?;
    println!(
        "{}",
        serde_json::json!({"tool": "triangulate", "texts": texts.len(), "threads": rayon::current_num_threads(), "shingle_s": shingle_s, "signature_s": signature_s, "index_query_s": total_s - shingle_s - signature_s, "total_s": total_s, "pairs": pairs.len()})
    );
    Ok(())
}

fn read_pairs(path: &Path) -> Result<HashSet<(String, String)>> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    Ok(text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| if a <= b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) })
        .collect())
}

fn compare(texts: &Path, ours: &Path, theirs: &Path, threshold: f64) -> Result<()> {
    let texts: HashMap<String, String> = read_texts(texts)?.into_iter().collect();
    let (a, b) = (read_pairs(ours)?, read_pairs(theirs)?);
    let exact = |p: &(String, String)| -> f64 {
        let (x, y) = (word_shingles(&texts[&p.0], SHINGLE), word_shingles(&texts[&p.1], SHINGLE));
        let inter = x.intersection(&y).count() as f64;
        let union = (x.len() + y.len()) as f64 - inter;
        if union == 0.0 {
            0.0
        } else {
            inter / union
        }
    };
    let all: Vec<&(String, String)> = a.union(&b).collect();
    let above: HashSet<&(String, String)> = all.par_iter().filter(|p| exact(p) >= threshold).copied().collect();
    let found = |s: &HashSet<(String, String)>| s.iter().filter(|p| above.contains(p)).count();
    println!(
        "{}",
        serde_json::json!({
            "ours": a.len(), "theirs": b.len(), "both": a.intersection(&b).count(),
            "union_exact_jaccard_at_or_above_threshold": above.len(),
            "ours_true": found(&a), "theirs_true": found(&b),
        })
    );
    Ok(())
}
