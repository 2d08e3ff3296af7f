//! Per-article analysis: a pure function from an [`Article`] to a [`Doc`].
//!
//! Each analyser is a crate of its own; this one only decides their order —
//! sentences first; time expressions against the publication date; entities
//! before quotes, whose speakers resolve to them — fills in a publication date
//! inferred from the text when the article has none, and converts every span
//! to code-point offsets at the end.

use model::{Article, Doc, PublishedSource};
use timex::NaiveDate;

/// Analyses one article. Deterministic and independent of other articles, so
/// batches run in parallel.
pub fn analyze(article: Article) -> Doc {
    analyze_batch(vec![article]).pop().unwrap_or_default()
}

/// Analyses several articles, in order: each `Doc` is exactly what [`analyze`] gives for
/// its article alone, but the title-and-lead embeddings are computed together, which
/// streams the sentence encoder's weights once per batch instead of once per article
/// (most of the analysis time when the encoder is installed). Runs on the calling
/// thread; callers parallelise over batches.
pub fn analyze_batch(articles: Vec<Article>) -> Vec<Doc> {
    let mut docs: Vec<Doc> = articles.into_iter().map(analyze_text).collect();
    // Title and lead as one multilingual vector: the story signal that lets a translation
    // join the story of its original (none without the model; said once on stderr).
    if let Some(encoder) = embed::Encoder::shared() {
        let leads: Vec<Vec<&str>> = docs
            .iter()
            .map(|d| d.sentences.iter().take(8).filter_map(|s| d.article.text.get(s.start..s.end)).collect())
            .collect();
        let inputs: Vec<(Option<&str>, &[&str])> =
            docs.iter().zip(&leads).map(|(d, lead)| (d.article.title.as_deref(), lead.as_slice())).collect();
        let vectors = encoder.encode_articles(&inputs);
        for (doc, vector) in docs.iter_mut().zip(&vectors) {
            doc.embedding = Some(model::Embedding::quantize(vector));
        }
    }
    for doc in &mut docs {
        doc.spans_to_chars();
    }
    docs
}

/// Every analyser but the embedding, spans still in bytes.
fn analyze_text(mut article: Article) -> Doc {
    let text = article.text.as_str();
    let lang = article.language.as_str();
    let sentences = text::sentences(text);
    let dct = article.published.as_deref().filter(|_| article.published_source != Some(PublishedSource::Inferred)).and_then(day_of);
    let tagger = timex::Tagger::for_language(lang);
    let times = tagger.map(|t| t.tag(text, &sentences, dct)).unwrap_or_default();
    let (mentions, entities) = entities::Recognizer::shared().recognize(text, &sentences, lang);
    let quotes = quotes::extract(text, &sentences, &mentions, &entities, lang);
    let citations = quotes::citations(text, &sentences, article.outlet.as_deref(), lang);
    let figures = figures::extract(text, &sentences, lang);
    if article.published.is_none() {
        if let Some(range) = tagger.and_then(|t| t.infer_publication(text, &sentences, &times)) {
            article.published = Some(range.earliest);
            article.published_latest = range.latest;
            article.published_source = Some(PublishedSource::Inferred);
        }
    }
    Doc { article, sentences, times, mentions, entities, quotes, citations, figures, embedding: None }
}

/// The calendar day of an RFC 3339 date-time or a `YYYY-MM-DD` date, as written (local to its offset).
fn day_of(published: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(published.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str, published: Option<&str>) -> Article {
        Article {
            id: "a".into(),
            source: "t".into(),
            language: "en".into(),
            published: published.map(String::from),
            published_source: published.map(|_| PublishedSource::Meta),
            outlet: Some("Reuters".into()),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn runs_every_analyser_with_code_point_offsets() {
        let text = "Müller met Chancellor Angela Merkel in Berlin on Tuesday. \"We will not step back from this,\" Merkel said, according to the Associated Press. More than 1,000 troops took part.";
        let doc = analyze(article(text, Some("2020-03-05T09:00:00+01:00")));
        assert!(doc.sentences.len() >= 3);
        let tuesday = doc.times.iter().find(|t| t.text == "Tuesday").expect("Tuesday found");
        assert_eq!(tuesday.value, "2020-03-03");
        let chars: Vec<char> = doc.article.text.chars().collect();
        let span_text = |s: model::Span| chars[s.start..s.end].iter().collect::<String>();
        assert_eq!(span_text(tuesday.span), "Tuesday", "spans count code points (Müller has a 2-byte ü)");
        assert!(doc.entities.iter().any(|e| e.name == "Angela Merkel"), "{:?}", doc.entities);
        let quote = doc.quotes.iter().find(|q| q.direct).expect("a direct quote");
        assert_eq!(quote.text, "We will not step back from this,");
        assert!(doc.citations.iter().any(|c| c.source.contains("Associated Press")), "{:?}", doc.citations);
        assert!(doc.figures.iter().any(|f| f.value == 1000.0), "{:?}", doc.figures);
    }

    #[test]
    fn a_batch_gives_what_each_article_gives_alone() {
        let texts = [
            "Müller met Chancellor Angela Merkel in Berlin on Tuesday. \"We will not step back,\" Merkel said.",
            "",
            "The summit took place on March 3, 2020. Leaders met again on 12 March 2020.",
            "Le président Emmanuel Macron a rencontré Olaf Scholz à Paris lundi.",
        ];
        let articles: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Article { title: (i % 2 == 0).then(|| format!("Headline {i}")), ..article(t, None) })
            .collect();
        let together = analyze_batch(articles.clone());
        assert_eq!(together.len(), articles.len());
        for (article, doc) in articles.into_iter().zip(&together) {
            // With the sentence encoder installed, the embeddings too, bit for bit.
            assert_eq!(&analyze(article), doc);
        }
        assert!(analyze_batch(Vec::new()).is_empty());
    }

    #[test]
    fn infers_a_publication_date_only_when_none_is_given() {
        let text = "The summit took place on March 3, 2020. Leaders met again on 12 March 2020.";
        let doc = analyze(article(text, None));
        assert_eq!(doc.article.published_source, Some(PublishedSource::Inferred));
        assert_eq!(doc.article.published.as_deref(), Some("2020-03-12"));
        let doc = analyze(article(text, Some("2021-01-01")));
        assert_eq!(doc.article.published.as_deref(), Some("2021-01-01"));
    }

    #[test]
    fn a_date_still_to_come_bounds_the_inferred_publication_date() {
        let text = "The talks began on March 3, 2020. The leaders will meet again on 12 March 2020.";
        let doc = analyze(article(text, None));
        assert_eq!(doc.article.published.as_deref(), Some("2020-03-03"));
        assert_eq!(doc.article.published_latest.as_deref(), Some("2020-03-12"));
        // Relative dates need the publication date itself: they bound nothing.
        let doc = analyze(article("The talks began on March 3, 2020. The leaders will meet again on Tuesday.", None));
        assert_eq!(doc.article.published_latest, None);
    }
}
