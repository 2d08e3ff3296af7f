//! The real news texts the derivation set is built from: ECB+ (982 articles, 43 topics),
//! MEANTIME English (120 Wikinews articles, 4 corpus folders) and GUM news (24 Wikinews
//! articles), each as a list of sentences with its gold story and its split.

use std::path::Path;

use anyhow::{Context, Result};
use eval::ecbplus::{self, detokenize};

/// One source article.
#[derive(Debug, Clone)]
pub struct Source {
    /// `ecbplus/36_1ecb`, `meantime/100911`, `gum/GUM_news_afghan`.
    pub name: String,
    /// The gold story: ECB+ sub-topic, MEANTIME corpus folder, or the GUM file itself.
    pub story: String,
    /// ECB+ topic (0 for the Wikinews sets): topics of one kind of event share it.
    pub topic: u32,
    /// Held out from tuning: ECB+ topics 36–45, MEANTIME `gm` and `stock`, every other GUM file.
    pub held_out: bool,
    /// Headline first, then the body's sentences.
    pub sentences: Vec<String>,
}

impl Source {
    /// The article as an outlet's page would give it: the headline on its own line, then
    /// paragraphs of up to two sentences separated by blank lines.
    pub fn render(sentences: &[String]) -> String {
        let mut text = String::new();
        for (i, s) in sentences.iter().enumerate() {
            if i > 0 {
                text.push_str(if i % 2 == 1 { "\n\n" } else { " " });
            }
            text.push_str(s);
        }
        text.push('\n');
        text
    }
}

/// Every source of the three corpora under `data` (the shared data folder).
pub fn load(data: &Path) -> Result<Vec<Source>> {
    let mut out = ecb(&data.join("ecbplus/docs.tar.gz"))?;
    out.extend(meantime(&data.join("meantime-en/intra_cross-doc_annotation"))?);
    out.extend(gum(&data.join("gum-news"))?);
    Ok(out)
}

fn ecb(archive: &Path) -> Result<Vec<Source>> {
    let docs = ecbplus::read_docs(archive)?;
    Ok(docs
        .into_iter()
        .map(|d| {
            let skip = usize::from(d.url().is_some());
            let sentences: Vec<String> =
                d.sentences.iter().skip(skip).map(|s| detokenize(s)).filter(|s| !s.trim().is_empty()).collect();
            Source { name: format!("ecbplus/{}", d.name), story: d.subtopic(), topic: d.topic, held_out: d.topic >= 36, sentences }
        })
        .collect())
}

fn meantime(root: &Path) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for folder in ["corpus_airbus", "corpus_apple", "corpus_gm", "corpus_stock"] {
        let dir = root.join(folder);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| dir.display().to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
        for f in files {
            let xml = std::fs::read_to_string(&f).with_context(|| f.display().to_string())?;
            let doc = roxmltree::Document::parse(&xml).with_context(|| f.display().to_string())?;
            let sentences = ecbplus::sentences_of_tokens(&doc);
            let id = doc.root_element().attribute("doc_id").unwrap_or("?").to_string();
            out.push(Source {
                name: format!("meantime/{id}"),
                story: folder.trim_start_matches("corpus_").to_string(),
                topic: 0,
                held_out: matches!(folder, "corpus_gm" | "corpus_stock"),
                sentences: sentences.iter().map(|t| detokenize(t)).collect(),
            });
        }
    }
    Ok(out)
}

fn gum(dir: &Path) -> Result<Vec<Source>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| dir.display().to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let conllu = std::fs::read_to_string(f).with_context(|| f.display().to_string())?;
        let sentences: Vec<String> =
            conllu.lines().filter_map(|l| l.strip_prefix("# text = ")).map(|s| s.trim().to_string()).collect();
        let name = f.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        out.push(Source { story: format!("gum/{name}"), name: format!("gum/{name}"), topic: 0, held_out: i % 2 == 1, sentences });
    }
    Ok(out)
}
