//! Reader for ECB+ (`../shared/data/ecbplus/docs.tar.gz`): documents as
//! token sentences, with topic and sub-topic (`ecb` / `ecbplus` half).

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};

/// One ECB+ document.
#[derive(Debug, Clone)]
pub struct EcbDoc {
    /// File name without extension, e.g. `36_1ecbplus`.
    pub name: String,
    pub topic: u32,
    /// `true` for the `ecbplus` half of the topic (the second event of the same kind).
    pub plus: bool,
    /// Token texts per sentence, in order; for `ecbplus` files sentence 0 is the source URL.
    pub sentences: Vec<Vec<String>>,
    /// The raw XML, for readers of the mention layers.
    pub xml: String,
}

impl EcbDoc {
    /// The gold story: the topic and its half.
    pub fn subtopic(&self) -> String {
        format!("{}{}", self.topic, if self.plus { "plus" } else { "" })
    }

    /// The source URL (sentence 0 of `ecbplus` files), tokens rejoined.
    pub fn url(&self) -> Option<String> {
        if !self.plus {
            return None;
        }
        let url: String = self.sentences.first()?.concat();
        url.starts_with("http").then_some(url)
    }

    /// The text as a plain-text article: the headline, the URL as a header line, then the body,
    /// each sentence detokenised — what an outlet's page would have given.
    pub fn as_plain_text(&self) -> String {
        let skip = usize::from(self.url().is_some());
        let mut lines: Vec<String> = self.sentences.iter().skip(skip).map(|s| detokenize(s)).collect();
        if let Some(url) = self.url() {
            lines.insert(1.min(lines.len()), url);
        }
        let mut text = String::new();
        for (i, line) in lines.iter().enumerate() {
            text.push_str(line);
            text.push_str(if i < 2 { "\n" } else { "\n\n" });
        }
        text
    }
}

/// Joins tokens with the spacing of ordinary prose.
pub fn detokenize(tokens: &[String]) -> String {
    let mut out = String::new();
    let mut quote_open = false;
    let mut prev = "";
    for tok in tokens {
        let t = tok.as_str();
        let no_space_before = matches!(t, "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "%" | "'s" | "n't" | "'re" | "'ve" | "'ll" | "'d" | "'m")
            || (t == "\"" && quote_open);
        let no_space_after_prev = matches!(prev, "(" | "[" | "$") || (prev == "\"" && quote_open);
        if !out.is_empty() && !no_space_before && !no_space_after_prev {
            out.push(' ');
        }
        if t == "\"" {
            quote_open = !quote_open;
        }
        out.push_str(t);
        prev = t;
    }
    out
}

/// Reads every document of the archive, sorted by topic then name.
pub fn read_docs(archive: &Path) -> Result<Vec<EcbDoc>> {
    let file = std::fs::File::open(archive).with_context(|| format!("{}", archive.display()))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut docs = Vec::new();
    for entry in tar.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().to_string();
        if !path.ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        entry.read_to_string(&mut xml)?;
        let name = path.rsplit('/').next().unwrap_or(&path).trim_end_matches(".xml").to_string();
        let topic: u32 = name.split('_').next().and_then(|t| t.parse().ok()).with_context(|| format!("topic of {path}"))?;
        let sentences = token_sentences(&xml).with_context(|| format!("parsing {path}"))?;
        docs.push(EcbDoc { plus: name.ends_with("ecbplus"), name, topic, sentences, xml });
    }
    docs.sort_by(|a, b| (a.topic, natural_key(&a.name)).cmp(&(b.topic, natural_key(&b.name))));
    Ok(docs)
}

/// `36_10ecb` sorts after `36_9ecb`.
fn natural_key(name: &str) -> (bool, u32, String) {
    let rest = name.split('_').nth(1).unwrap_or("");
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    (rest.ends_with("ecbplus"), digits.parse().unwrap_or(0), name.to_string())
}

fn token_sentences(xml: &str) -> Result<Vec<Vec<String>>> {
    Ok(sentences_of_tokens(&roxmltree::Document::parse(xml)?))
}

/// The `<token sentence="N">` elements of an ECB+ or MEANTIME (CAT) document, grouped by
/// sentence in document order.
pub fn sentences_of_tokens(doc: &roxmltree::Document) -> Vec<Vec<String>> {
    let mut sentences: Vec<(u32, Vec<String>)> = Vec::new();
    for tok in doc.descendants().filter(|n| n.has_tag_name("token")) {
        let s: u32 = tok.attribute("sentence").and_then(|v| v.parse().ok()).unwrap_or(0);
        let text = tok.text().unwrap_or("").to_string();
        match sentences.last_mut() {
            Some((n, toks)) if *n == s => toks.push(text),
            _ => sentences.push((s, vec![text])),
        }
    }
    sentences.into_iter().map(|(_, t)| t).collect()
}

/// The default location of the archive, beside the repository.
pub fn default_archive() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ecbplus/docs.tar.gz")
}
