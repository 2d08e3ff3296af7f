//! A story's account: what its articles say, merged.

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(crate) mod overlap;

use overlap::{jaccard, union, SetIndex, WordSet, Words};

use model::{
    CitationKind, Derivation, Disagreement, DisagreementKind, Doc, Evidence, Position, Story, StoryCitation, StoryFigure,
    TimelineEntry, TimexType,
};

/// Builds the story `id` from its documents (in article order) and the derivations among them.
pub fn build_story(id: &str, docs: &[&Doc], derivations: &HashMap<String, Vec<Derivation>>) -> Story {
    let merge = crate::entities::merge_entities(docs);
    let sources = Independence::of(docs, derivations);
    let mut words = Words::default();
    let (figures, mut disagreements) = figures(docs, &sources, &mut words);
    let (timeline, date_disagreements) = timeline(docs, &merge, &sources, &mut words);
    let (mut quotes, quote_disagreements) = align_quotes(docs, &merge);
    for q in &mut quotes {
        let articles: Vec<String> = q.variants.iter().flat_map(|v| v.articles.iter().cloned()).collect();
        q.sources = sources.count(&articles);
    }
    disagreements.extend(quote_disagreements);
    disagreements.extend(date_disagreements);
    disagreements.extend(denials(docs, &sources, &mut words));
    Story {
        id: id.to_string(),
        title: title(docs),
        articles: docs.iter().map(|d| d.article.id.clone()).collect(),
        entities: merge.entities().to_vec(),
        timeline,
        quotes,
        figures,
        citations: citations(docs),
        disagreements,
    }
}

/// The story's quotes aligned across outlets. In a story told in more than one language the
/// multilingual encoder (when installed) adds its signal, so a translated quote joins its
/// original; within one language the lexical signals decide, because encoding every quote of
/// every story would cost more than the whole rest of the account.
fn align_quotes(docs: &[&Doc], merge: &crate::entities::EntityMerge) -> (Vec<model::StoryQuote>, Vec<Disagreement>) {
    // An undetermined language ("und") is no sign of a translation.
    let languages: BTreeSet<&str> =
        docs.iter().map(|d| d.article.language.as_str()).filter(|l| !l.is_empty() && *l != "und").collect();
    let encoder = if languages.len() > 1 { embed::Encoder::shared() } else { None };
    let Some(encoder) = encoder else {
        return crate::quotes::align_quotes(docs, merge);
    };
    let encode = |texts: &[&str]| -> Vec<Vec<f32>> { encoder.encode(texts).iter().map(|v| v.to_vec()).collect() };
    crate::quotes::align_quotes_encoded(docs, merge, &crate::quotes::QuoteParams::default(), Some(&encode))
}

/// Which articles are one source: copies, rewrites and translations of one article, and
/// articles that credit the same news agency or outlet, are joined (union–find).
struct Independence<'a> {
    group: HashMap<&'a str, usize>,
    published: HashMap<&'a str, Option<&'a str>>,
}

impl<'a> Independence<'a> {
    fn of(docs: &[&'a Doc], derivations: &HashMap<String, Vec<Derivation>>) -> Independence<'a> {
        let index: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.article.id.as_str(), i)).collect();
        let mut parent: Vec<usize> = (0..docs.len()).collect();
        fn find(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        fn union(a: usize, b: usize, parent: &mut [usize]) {
            let (ra, rb) = (find(parent, a), find(parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        for (i, doc) in docs.iter().enumerate() {
            for d in derivations.get(&doc.article.id).into_iter().flatten() {
                if let Some(&j) = index.get(d.article.as_str()) {
                    union(i, j, &mut parent);
                }
            }
        }
        // Articles crediting the same outlet or agency pass on one source's reporting.
        let mut by_outlet: HashMap<String, usize> = HashMap::new();
        for (i, doc) in docs.iter().enumerate() {
            let own = doc.article.outlet.as_deref().map(str::to_lowercase);
            for c in doc.citations.iter().filter(|c| c.kind == CitationKind::Outlet) {
                let key = c.source.to_lowercase();
                if own.as_deref() == Some(key.as_str()) {
                    continue;
                }
                match by_outlet.get(&key) {
                    Some(&j) => union(i, j, &mut parent),
                    None => {
                        by_outlet.insert(key, i);
                    }
                }
            }
        }
        let group = docs.iter().enumerate().map(|(i, d)| (d.article.id.as_str(), find(&mut parent, i))).collect();
        let published = docs.iter().map(|d| (d.article.id.as_str(), d.article.published.as_deref())).collect();
        Independence { group, published }
    }

    /// How many independent sources among these articles.
    fn count(&self, articles: &[String]) -> usize {
        let groups: BTreeSet<usize> =
            articles.iter().enumerate().map(|(i, a)| self.group.get(a.as_str()).copied().unwrap_or(usize::MAX - i)).collect();
        groups.len()
    }

    /// The earliest known publication date among these articles.
    fn first_published(&self, articles: &[String]) -> Option<String> {
        articles.iter().filter_map(|a| self.published.get(a.as_str()).copied().flatten()).min().map(String::from)
    }

    /// The latest known publication date among these articles.
    fn last_published(&self, articles: &[String]) -> Option<String> {
        articles.iter().filter_map(|a| self.published.get(a.as_str()).copied().flatten()).max().map(String::from)
    }

    fn position(&self, text: String, articles: Vec<String>) -> Position {
        Position { sources: self.count(&articles), first_published: self.first_published(&articles), text, articles }
    }
}

/// The title of the earliest article that has one.
fn title(docs: &[&Doc]) -> String {
    let mut dated: Vec<&&Doc> = docs.iter().filter(|d| d.article.title.is_some()).collect();
    dated.sort_by(|a, b| {
        let ka = a.article.published.as_deref().unwrap_or("9999");
        let kb = b.article.published.as_deref().unwrap_or("9999");
        ka.cmp(kb)
    });
    dated
        .first()
        .and_then(|d| d.article.title.clone())
        .or_else(|| docs.first().map(|d| first_words(&d.article.text, 12)))
        .unwrap_or_default()
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

/// Words that put a date on something other than an event.
const NON_EVENT_CUES: &[&str] = &["as of", "published", "updated", "posted", "last modified", "copyright"];

fn timeline(
    docs: &[&Doc],
    ids: &crate::entities::EntityMerge,
    sources: &Independence,
    vocabulary: &mut Words,
) -> (Vec<TimelineEntry>, Vec<Disagreement>) {
    // Candidate evidence grouped by calendar value and, for ranges, the end's value.
    let mut by_date: BTreeMap<(String, Option<String>), Vec<Item>> = BTreeMap::new();
    for doc in docs {
        for (i, t) in doc.times.iter().enumerate() {
            // The end of a range is told with its beginning.
            if t.kind != TimexType::Date || t.ends_range || !is_calendar_value(&t.value) {
                continue;
            }
            let range_end = doc.times.get(i + 1).filter(|e| e.ends_range && t.range_end.as_deref().is_some_and(is_calendar_value));
            let expression = match range_end {
                Some(e) => doc.article.text.chars().skip(t.span.start).take(e.span.end.saturating_sub(t.span.start)).collect(),
                None => t.text.clone(),
            };
            let sentence = doc.sentence_text(t.sentence);
            if sentence.split_whitespace().count() < 5 {
                continue; // a dateline or a heading, not a sentence about an event
            }
            let lower = sentence.to_lowercase();
            if NON_EVENT_CUES.iter().any(|c| lower.contains(&format!("{c} {}", t.text.to_lowercase()))) {
                continue;
            }
            let participants: Vec<String> = doc
                .mentions
                .iter()
                .filter(|m| m.sentence == t.sentence)
                .filter_map(|m| doc.entities.get(m.entity))
                .filter_map(|e| ids.story_entity(&doc.article.id, &e.id).map(String::from))
                .collect();
            let words = vocabulary.content_words(&sentence);
            by_date.entry((t.value.clone(), range_end.and(t.range_end.clone()))).or_default().push((
                Evidence { article: doc.article.id.clone(), sentence, expression: Some(expression) },
                words,
                participants,
            ));
        }
    }
    let mut entries = Vec::new();
    let mut event_words: Vec<WordSet> = Vec::new();
    for ((date, end), items) in by_date {
        for cluster in cluster_by_overlap(items, vocabulary) {
            event_words.push(cluster.iter().fold(WordSet::new(), |all, (_, w, _)| union(&all, w)));
            let summary = medoid_sentence(&cluster);
            let mut participants: Vec<String> = Vec::new();
            let mut evidence = Vec::new();
            let mut articles = Vec::new();
            for (ev, _, ps) in cluster {
                for p in ps {
                    push_unique(&mut participants, &p);
                }
                push_unique(&mut articles, &ev.article);
                if !evidence.iter().any(|e: &Evidence| e.article == ev.article && e.sentence == ev.sentence) {
                    evidence.push(ev);
                }
            }
            entries.push(TimelineEntry {
                approximate: date.len() < 10 || end.as_ref().is_some_and(|e| e.len() < 10),
                date: date.clone(),
                end: end.clone(),
                summary,
                participants,
                sources: sources.count(&articles),
                evidence,
            });
        }
    }
    let disagreements = date_disagreements(&entries, &event_words, vocabulary, sources);
    (entries, disagreements)
}

/// Two timeline entries with different exact days, told by different articles in nearly the same
/// words, are one event dated differently.
fn date_disagreements(
    entries: &[TimelineEntry],
    words: &[WordSet],
    vocabulary: &Words,
    sources: &Independence,
) -> Vec<Disagreement> {
    const SAME_EVENT_OTHER_DATE: f32 = 0.5;
    let mut index = SetIndex::default();
    for (i, w) in words.iter().enumerate() {
        index.insert(i as u32, w);
    }
    let mut out = Vec::new();
    for i in 0..entries.len() {
        if entries[i].approximate {
            continue;
        }
        let later = index.candidates(vocabulary, &words[i], SAME_EVENT_OTHER_DATE).into_iter().map(|j| j as usize).filter(|&j| j > i);
        for j in later {
            let (a, b) = (&entries[i], &entries[j]);
            if a.date == b.date || a.approximate || b.approximate || jaccard(&words[i], &words[j]) < SAME_EVENT_OTHER_DATE {
                continue;
            }
            let arts = |e: &TimelineEntry| -> Vec<String> {
                let mut v: Vec<String> = e.evidence.iter().map(|ev| ev.article.clone()).collect();
                v.dedup();
                v
            };
            let (aa, ba) = (arts(a), arts(b));
            if aa.iter().any(|x| ba.contains(x)) {
                continue; // one article telling two steps of a story
            }
            out.push(Disagreement {
                kind: DisagreementKind::Date,
                about: a.summary.clone(),
                positions: vec![sources.position(a.date.clone(), aa), sources.position(b.date.clone(), ba)],
                update: false,
            });
        }
    }
    out
}

fn is_calendar_value(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(|c| c.is_ascii_digit()));
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// Evidence of a date: the sentence, its content words, the story entities it names.
type Item = (Evidence, WordSet, Vec<String>);

/// Sentences about one date that share enough words describe the same event: each joins the
/// cluster whose words it overlaps most (the clusters that can reach the bar are found through
/// an index of their words).
fn cluster_by_overlap(items: Vec<Item>, vocabulary: &Words) -> Vec<Vec<Item>> {
    const SAME_EVENT: f32 = 0.2;
    let mut clusters: Vec<(WordSet, Vec<Item>)> = Vec::new();
    let mut index = SetIndex::default();
    for item in items {
        let best = index
            .candidates(vocabulary, &item.1, SAME_EVENT)
            .into_iter()
            .map(|i| (i as usize, jaccard(&clusters[i as usize].0, &item.1)))
            .filter(|&(_, s)| s >= SAME_EVENT)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, _)) => {
                let words = &mut clusters[i].0;
                let new: WordSet = item.1.iter().copied().filter(|w| words.binary_search(w).is_err()).collect();
                index.insert(i as u32, &new);
                *words = union(words, &new);
                clusters[i].1.push(item);
            }
            None => {
                index.insert(clusters.len() as u32, &item.1);
                clusters.push((item.1.clone(), vec![item]));
            }
        }
    }
    clusters.into_iter().map(|(_, c)| c).collect()
}

/// The sentence closest to all others of the cluster: the most representative wording.
fn medoid_sentence(cluster: &[Item]) -> String {
    let closeness: Vec<f32> = cluster.iter().map(|a| cluster.iter().map(|o| jaccard(&a.1, &o.1)).sum()).collect();
    cluster
        .iter()
        .zip(&closeness)
        .max_by(|(a, sa), (b, sb)| sa.total_cmp(sb).then(b.0.sentence.len().cmp(&a.0.sentence.len())))
        .map(|(i, _)| i.0.sentence.clone())
        .unwrap_or_default()
}

/// A figure as one article states it, with the words around it that say what it measures.
struct FigureClaim<'a> {
    figure: &'a model::Figure,
    article: &'a str,
    context: WordSet,
}

/// What makes two stated figures one story figure: the same value (NaN is none), unit and thing counted.
type FigureKey = (u64, Option<String>, Option<String>);

fn figures(docs: &[&Doc], sources: &Independence, vocabulary: &mut Words) -> (Vec<StoryFigure>, Vec<Disagreement>) {
    let mut merged: Vec<StoryFigure> = Vec::new();
    let mut by_key: HashMap<FigureKey, usize> = HashMap::new();
    let mut claims: Vec<FigureClaim> = Vec::new();
    for doc in docs {
        for f in &doc.figures {
            // `+ 0.0` makes -0 and 0 one key, as `==` would.
            let key: Option<FigureKey> = (!f.value.is_nan()).then(|| ((f.value + 0.0).to_bits(), f.unit.clone(), f.counted.clone()));
            match key.as_ref().and_then(|k| by_key.get(k)) {
                Some(&m) => push_unique(&mut merged[m].articles, &doc.article.id),
                None => {
                    if let Some(k) = key {
                        by_key.insert(k, merged.len());
                    }
                    merged.push(StoryFigure {
                    value: f.value,
                    unit: f.unit.clone(),
                    counted: f.counted.clone(),
                    text: f.text.clone(),
                    articles: vec![doc.article.id.clone()],
                    sources: 0,
                    })
                }
            }
            if f.counted.is_some() {
                let mut context = vocabulary.content_words(&doc.sentence_text(f.sentence));
                let own = own_words(vocabulary, &f.text);
                context.retain(|w| !own.contains(w));
                claims.push(FigureClaim { figure: f, article: &doc.article.id, context });
            }
        }
    }
    for f in &mut merged {
        f.sources = sources.count(&f.articles);
    }
    merged.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.articles.len().cmp(&a.articles.len())));
    (merged, figure_disagreements(&claims, vocabulary, sources))
}

/// The ids of a phrase's content words that the vocabulary knows (the others are in no set).
fn own_words(vocabulary: &Words, text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .filter_map(|w| vocabulary.lookup(&w.to_lowercase()))
        .collect()
}

/// Whether two stated values can both be true: "at least 3" and "4" can; "3" and "4" cannot.
fn compatible(a: &model::Figure, b: &model::Figure) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 0.05 * x.abs().max(y.abs());
    if close(a.value, b.value) {
        return true;
    }
    let (lo_a, hi_a) = bounds(a);
    let (lo_b, hi_b) = bounds(b);
    lo_a <= hi_b && lo_b <= hi_a
}

/// The interval a figure allows, from its approximation words.
fn bounds(f: &model::Figure) -> (f64, f64) {
    let v = f.value;
    let hi = f.value_max.unwrap_or(v);
    match f.approximation.as_deref().map(str::to_lowercase).as_deref() {
        Some("more than" | "over" | "at least" | "above" | "upwards of" | "mehr als" | "plus de" | "más de") => (v, f64::INFINITY),
        Some("less than" | "fewer than" | "under" | "at most" | "up to" | "below" | "weniger als" | "moins de" | "menos de") => (f64::NEG_INFINITY, hi),
        Some(_) => (v * 0.8, hi * 1.2),
        None => (v, hi),
    }
}

/// Figures that count the same thing in nearly the same words, with values that cannot both be
/// right. When every article of the newer value was published after every article of the older
/// one, it is an update, not a contradiction.
fn figure_disagreements(claims: &[FigureClaim], vocabulary: &Words, sources: &Independence) -> Vec<Disagreement> {
    const SAME_THING: f32 = 0.25;
    // Each claim joins the earliest group holding a claim about the same thing; the claims
    // that can be are found through an index of their context words.
    let mut groups: Vec<Vec<&FigureClaim>> = Vec::new();
    let mut group_of: Vec<usize> = Vec::with_capacity(claims.len());
    let mut index = SetIndex::default();
    for (i, c) in claims.iter().enumerate() {
        let home = index
            .candidates(vocabulary, &c.context, SAME_THING)
            .into_iter()
            .map(|o| o as usize)
            .filter(|&o| {
                let o = &claims[o];
                o.figure.counted == c.figure.counted && o.figure.unit == c.figure.unit && jaccard(&o.context, &c.context) >= SAME_THING
            })
            .map(|o| group_of[o])
            .min();
        match home {
            Some(g) => {
                groups[g].push(c);
                group_of.push(g);
            }
            None => {
                group_of.push(groups.len());
                groups.push(vec![c]);
            }
        }
        index.insert(i as u32, &c.context);
    }
    let mut out = Vec::new();
    for g in groups {
        // Positions: distinct values, each with the articles that state it.
        let mut positions: Vec<(&model::Figure, Vec<String>)> = Vec::new();
        for c in &g {
            match positions.iter_mut().find(|(f, _)| compatible(f, c.figure)) {
                Some((_, arts)) => push_unique(arts, c.article),
                None => positions.push((c.figure, vec![c.article.to_string()])),
            }
        }
        if positions.len() < 2 {
            continue;
        }
        let distinct_articles: BTreeSet<&str> = g.iter().map(|c| c.article).collect();
        if distinct_articles.len() < 2 {
            continue; // one article giving two counts of one thing is usually two moments, not a dispute
        }
        let mut dated: Vec<(Option<String>, Option<String>)> =
            positions.iter().map(|(_, a)| (sources.first_published(a), sources.last_published(a))).collect();
        let update = dated.iter().all(|(f, _)| f.is_some()) && {
            let mut order: Vec<usize> = (0..dated.len()).collect();
            order.sort_by(|&i, &j| dated[i].0.cmp(&dated[j].0));
            order.windows(2).all(|w| dated[w[0]].1 < dated[w[1]].0)
        };
        dated.clear();
        let counted = g[0].figure.counted.clone().unwrap_or_default();
        out.push(Disagreement {
            kind: DisagreementKind::Figure,
            about: match &g[0].figure.unit {
                Some(u) => format!("{counted} ({u})"),
                None => counted,
            },
            positions: positions.into_iter().map(|(f, arts)| sources.position(f.text.clone(), arts)).collect(),
            update,
        });
    }
    out
}

/// Words by which one source denies what another asserts.
const DENIAL_CUES: &[&str] = &[
    "denied", "denies", "deny", "denying", "false", "untrue", "not true", "fabricated", "baseless", "fake news",
    "dismissed", "rejected the report", "rejected claims", "refuted", "dementiert", "falsch", "démenti", "dément", "faux",
    "desmintió", "falso",
];

/// Facts one article asserts and another denies ("the ministry called the report false").
fn denials(docs: &[&Doc], sources: &Independence, vocabulary: &mut Words) -> Vec<Disagreement> {
    const SAME_CLAIM: f32 = 0.2;
    struct Sentence<'a> {
        article: &'a str,
        text: String,
        words: WordSet,
        /// The first denial cue the sentence holds.
        denial: Option<&'static str>,
    }
    let sentences: Vec<Sentence> = docs
        .iter()
        .flat_map(|d| (0..d.sentences.len()).map(move |i| (d.article.id.as_str(), d.sentence_text(i))))
        .map(|(article, text)| {
            let lower = text.to_lowercase();
            let denial = DENIAL_CUES.iter().find(|c| contains_word(&lower, c)).copied();
            Sentence { article, words: vocabulary.content_words(&text), text, denial }
        })
        .collect();
    // Sentences that deny nothing, by their words: the assertions a denial may answer.
    let mut assertions = SetIndex::default();
    for (i, s) in sentences.iter().enumerate().filter(|(_, s)| s.denial.is_none()) {
        assertions.insert(i as u32, &s.words);
    }
    let mut out = Vec::new();
    for denying in &sentences {
        let Some(cue) = denying.denial else { continue };
        let cue_words = own_words(vocabulary, cue);
        let claim_words: WordSet = denying.words.iter().copied().filter(|w| !cue_words.contains(w)).collect();
        let asserted: Vec<&Sentence> = assertions
            .candidates(vocabulary, &claim_words, SAME_CLAIM)
            .into_iter()
            .map(|i| &sentences[i as usize])
            .filter(|s| s.article != denying.article && jaccard(&claim_words, &s.words) >= SAME_CLAIM)
            .collect();
        if let Some(best) = asserted.iter().max_by(|a, b| jaccard(&claim_words, &a.words).total_cmp(&jaccard(&claim_words, &b.words))) {
            let mut asserting: Vec<String> = Vec::new();
            for a in &asserted {
                push_unique(&mut asserting, a.article);
            }
            out.push(Disagreement {
                kind: DisagreementKind::Fact,
                about: best.text.clone(),
                positions: vec![
                    sources.position(best.text.clone(), asserting),
                    sources.position(denying.text.clone(), vec![denying.article.to_string()]),
                ],
                update: false,
            });
        }
    }
    out
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = haystack[i + needle.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

fn citations(docs: &[&Doc]) -> Vec<StoryCitation> {
    let mut merged: BTreeMap<String, StoryCitation> = BTreeMap::new();
    for doc in docs {
        for c in &doc.citations {
            let entry = merged.entry(c.source.to_lowercase()).or_insert_with(|| StoryCitation {
                source: c.source.clone(),
                articles: Vec::new(),
                evidence: Vec::new(),
            });
            push_unique(&mut entry.articles, &doc.article.id);
            entry.evidence.push(Evidence {
                article: doc.article.id.clone(),
                sentence: doc.sentence_text(c.sentence),
                expression: Some(c.cue.clone()),
            });
        }
    }
    let mut list: Vec<StoryCitation> = merged.into_values().collect();
    list.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then(a.source.cmp(&b.source)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Article, Citation, Figure, Relation, Span};

    /// A document whose sentences are split at ". " and whose spans are already code points.
    fn doc(id: &str, outlet: &str, published: &str, text: &str) -> Doc {
        let mut sentences = Vec::new();
        let mut start = 0;
        let chars: Vec<char> = text.chars().collect();
        for i in 0..chars.len() {
            if chars[i] == '.' && (i + 1 == chars.len() || chars[i + 1] == ' ') {
                sentences.push(Span::new(start, i + 1));
                start = i + 2;
            }
        }
        Doc {
            article: Article {
                id: id.into(),
                outlet: Some(outlet.into()),
                published: Some(published.into()),
                language: "en".into(),
                text: text.into(),
                ..Default::default()
            },
            sentences,
            ..Default::default()
        }
    }

    fn figure(doc: &mut Doc, phrase: &str, value: f64, counted: &str, approximation: Option<&str>) {
        let text: String = doc.article.text.clone();
        let start = text.find(phrase).expect("phrase in text");
        let start_chars = text[..start].chars().count();
        let sentence = doc.sentences.iter().position(|s| s.start <= start_chars && start_chars < s.end).unwrap_or(0);
        doc.figures.push(Figure {
            value,
            value_max: None,
            approximation: approximation.map(String::from),
            unit: None,
            counted: Some(counted.into()),
            text: phrase.into(),
            span: Span::new(start_chars, start_chars + phrase.chars().count()),
            sentence,
        });
    }

    #[test]
    fn counts_copies_and_shared_wire_sources_once() {
        let mut a = doc("a", "Reuters", "2020-03-03T10:00:00Z", "Three people were killed in the blast in the capital.");
        let mut b = doc("b", "Daily", "2020-03-03T11:00:00Z", "Three people were killed in the blast in the capital, Reuters reported.");
        let mut c = doc("c", "Herald", "2020-03-03T12:00:00Z", "Three people were killed in the blast in the capital, Reuters reported.");
        let mut d = doc("d", "Courier", "2020-03-03T12:30:00Z", "Three people were killed in the blast in the capital, police said.");
        for x in [&mut a, &mut b, &mut c, &mut d] {
            figure(x, "Three people", 3.0, "people", None);
        }
        for x in [&mut b, &mut c] {
            x.citations.push(Citation { source: "Reuters".into(), kind: CitationKind::Outlet, cue: "reported".into(), span: Span::new(0, 1), sentence: 0 });
        }
        let derivations: HashMap<String, Vec<Derivation>> =
            [("d".to_string(), vec![Derivation { article: "a".into(), relation: Relation::Rewrite, similarity: 0.8 }])].into();
        let docs = [&a, &b, &c, &d];
        let story = build_story("s", &docs, &derivations);
        let f = &story.figures[0];
        assert_eq!(f.articles.len(), 4);
        // b and c pass on Reuters; a is Reuters' own report, d rewrites a: b+c one source, a+d another.
        assert_eq!(f.sources, 2, "{story:?}");
    }

    #[test]
    fn conflicting_casualty_counts_are_a_disagreement_and_later_ones_an_update() {
        let mut a = doc("a", "One", "2020-03-03T10:00:00Z", "Three people were killed in the blast at the market.");
        let mut b = doc("b", "Two", "2020-03-03T10:30:00Z", "Five people were killed in the blast at the market.");
        figure(&mut a, "Three people", 3.0, "people", None);
        figure(&mut b, "Five people", 5.0, "people", None);
        let story = build_story("s", &[&a, &b], &HashMap::new());
        let d = story.disagreements.iter().find(|d| d.kind == DisagreementKind::Figure).expect("a figure disagreement");
        assert_eq!(d.positions.len(), 2);
        // Published one after the other with no overlap: the later number updates the earlier.
        assert!(d.update);

        let mut c = doc("c", "Three", "2020-03-03T10:00:00Z", "At least three people were killed in the blast at the market.");
        figure(&mut c, "At least three people", 3.0, "people", Some("at least"));
        let story = build_story("s", &[&c, &b], &HashMap::new());
        assert!(story.disagreements.iter().all(|d| d.kind != DisagreementKind::Figure), "at least 3 and 5 agree");
    }

    #[test]
    fn unrelated_counts_of_the_same_noun_are_not_compared() {
        let mut a = doc("a", "One", "2020-03-03T10:00:00Z", "Three people were killed in the blast at the market.");
        let mut b = doc("b", "Two", "2020-03-03T10:30:00Z", "Around 20 more people had to be ushered to safety by firefighters.");
        figure(&mut a, "Three people", 3.0, "people", None);
        figure(&mut b, "20 more people", 20.0, "people", None);
        let story = build_story("s", &[&a, &b], &HashMap::new());
        assert!(story.disagreements.is_empty(), "{:?}", story.disagreements);
    }

    #[test]
    fn a_range_is_one_timeline_entry_with_its_end() {
        let text = "The summit took place from March 3 to 5 in the capital.";
        let mut a = doc("a", "One", "2020-03-06T10:00:00Z", text);
        let at = |s: &str| text.find(s).expect("in text");
        let time = |s: &str, value: &str| model::TimeExpr {
            span: Span::new(at(s), at(s) + s.len()),
            text: s.into(),
            kind: TimexType::Date,
            value: value.into(),
            modifier: None,
            quant: None,
            freq: None,
            sentence: 0,
            range_end: None,
            ends_range: false,
        };
        a.times = vec![
            model::TimeExpr { range_end: Some("2020-03-05".into()), ..time("March 3", "2020-03-03") },
            model::TimeExpr { ends_range: true, ..time("5 in", "2020-03-05") },
        ];
        a.times[1].span.end -= 3;
        let story = build_story("s", &[&a], &HashMap::new());
        assert_eq!(story.timeline.len(), 1, "{:?}", story.timeline);
        let entry = &story.timeline[0];
        assert_eq!((entry.date.as_str(), entry.end.as_deref(), entry.approximate), ("2020-03-03", Some("2020-03-05"), false));
        assert_eq!(entry.evidence[0].expression.as_deref(), Some("March 3 to 5"));
    }

    #[test]
    fn a_denial_is_a_disagreement_of_fact() {
        let a = doc("a", "One", "2020-03-03T10:00:00Z", "The army shelled the hospital in the north of the city.");
        let b = doc("b", "Two", "2020-03-03T11:00:00Z", "The defence ministry denied that the army shelled the hospital.");
        let story = build_story("s", &[&a, &b], &HashMap::new());
        let d = story.disagreements.iter().find(|d| d.kind == DisagreementKind::Fact).expect("a fact disagreement");
        assert_eq!(d.positions[0].articles, vec!["a".to_string()]);
        assert_eq!(d.positions[1].articles, vec!["b".to_string()]);
    }
}
