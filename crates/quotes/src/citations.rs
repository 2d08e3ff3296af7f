//! The sources an article credits: outlets and agencies, anonymous sources, documents and
//! recordings, and other named sources ("according to the UN").

use aho_corasick::{AhoCorasick, MatchKind};
use model::{Citation, CitationKind, Span};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::extract::sentence_of;
use crate::lexicon::LEXICON;
use crate::speaker::Tokens;
use crate::tokens::first_at_or_after;

static OUTLET_MATCHER: Lazy<Option<AhoCorasick>> = Lazy::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(LEXICON.outlets.iter().map(|(_, spelling)| spelling.as_str()))
        .ok()
});

/// Cue phrases before an outlet name, lowercase words; the longest that fits wins.
const CUES_BEFORE: &[&str] = &[
    "according to the", "according to", "seen by", "obtained by", "reviewed by", "cited by", "quoted by", "published by",
    "first reported by", "reported by", "confirmed to", "told the", "told", "said to", "in an interview with the",
    "in an interview with", "interview with", "speaking to", "spoke to", "spoke with", "a report by", "report by",
    "report from", "reporting by", "reports by", "reports from", "via", "citing", "selon", "laut", "según", "berichtete",
];

/// Verbs after an outlet that credit it; auxiliaries and adverbs before them are skipped.
const VERBS_AFTER: &[&str] = &[
    "reported", "reports", "reporting", "said", "says", "wrote", "writes", "revealed", "reveals", "published",
    "quoted", "cited", "learned", "obtained", "confirmed", "broke", "disclosed", "found", "first", "berichtete",
    "meldete", "rapporte", "informó",
];
const SKIPPED_AFTER: &[&str] = &["has", "had", "was", "also", "earlier", "previously", "first", "later", "have"];

static ANONYMOUS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(citing|according to|said|told)\s+)?((?:(?:two|three|several|multiple|many|some|a|an|one|other)\s+)?(?:(?:senior|administration|government|military|intelligence|u\.s\.|western|european|diplomatic|industry|party|campaign)\s+){0,2}(?:sources?|people|persons?|officials?|insiders?|aides?|diplomats?)(?:\s+(?:familiar with|close to|with (?:direct )?knowledge of|briefed on|knowledgeable about|involved in)\s+(?:the\s+)?(?:matter|talks|situation|discussions|negotiations|investigation|deliberations|plans?|case|thinking|process)|,?\s+who\s+(?:spoke|asked|requested)\s+(?:on\s+(?:the\s+)?condition\s+of|not\s+to\s+be\s+(?:named|identified)|for)\s*(?:anonymity)?|,?\s+speaking\s+on\s+(?:the\s+)?condition\s+of\s+anonymity))|(?-u:\b)(?:(citing|according to)\s+)?((?:anonymous|unnamed|unidentified)\s+(?:\w+\s+)?(?:sources?|officials?|people|persons?|aides?))",
    )
    .expect("anonymous-source pattern is valid")
});

static DOCUMENT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?-u:\b)(?i:(in|according to|cited in|quoted in|seen in)\s+)?((?i:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|report|document|filing|memo|memorandum|letter|video|recording|audio|transcript|study|press release|communiqué|tweet|post|survey|audit|indictment|complaint|footage))(?:\s+((?i:by|from|released by|published by|posted on|posted by|issued by|seen by|obtained by|shared on|broadcast by|aired on))\s+((?:the\s+)?\p{Lu}[\w&.-]*(?:\s+(?:of\s+(?:the\s+)?)?\p{Lu}[\w&.-]*)*))?",
    )
    .expect("document pattern is valid")
});

fn lower_words<'a>(toks: &'a Tokens<'_>, a: usize, b: usize) -> Vec<&'a str> {
    toks.toks[a.min(b)..b].iter().map(|t| t.lower.as_str()).collect()
}

fn is_own(canonical: &str, spelling: &str, own: Option<&str>) -> bool {
    let Some(own) = own.map(|o| o.trim().to_lowercase()) else { return false };
    let strip = |s: &str| s.trim().trim_start_matches("the ").to_string();
    let own = strip(&own);
    strip(&canonical.to_lowercase()) == own
        || strip(&spelling.to_lowercase()) == own
        || LEXICON.outlets.iter().any(|(c, s)| c == canonical && strip(&s.to_lowercase()) == own)
}

fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(|c| c.is_alphanumeric())
}

fn outlets(toks: &Tokens, sentences: &[Span], own: Option<&str>, out: &mut Vec<Citation>) {
    let Some(matcher) = OUTLET_MATCHER.as_ref() else { return };
    let text = toks.text;
    for m in matcher.find_iter(text) {
        if !boundary_ok(text, m.start(), m.end()) {
            continue;
        }
        let Some((canonical, spelling)) = LEXICON.outlets.get(m.pattern().as_usize()) else { continue };
        if is_own(canonical, spelling, own) {
            continue;
        }
        let first = first_at_or_after(&toks.toks, m.start());
        let last = first_at_or_after(&toks.toks, m.end());
        // A cue right before the name ("according to", "told", "seen by").
        let mut found: Option<(String, usize)> = None;
        for cue in CUES_BEFORE {
            let n = cue.split(' ').count();
            if first >= n && lower_words(toks, first - n, first) == cue.split(' ').collect::<Vec<_>>() {
                let start = toks.toks[first - n].span.start;
                found = Some((cue.trim_end_matches(" the").to_string(), start));
                break;
            }
        }
        let mut span_end = m.end();
        if found.is_none() {
            // A verb after it ("Reuters reported", "as Politico first reported", "Politico's report").
            let mut k = last;
            if toks.toks.get(k).is_some_and(|t| t.lower == "'s" || t.lower == "’s") {
                k += 1;
            }
            let possessive = text.get(m.end()..).is_some_and(|r| r.starts_with("'s") || r.starts_with("’s"));
            if possessive && toks.toks.get(last).is_some_and(|t| t.word) {
                // The tokenizer keeps "Politico's" whole: the next token is what it owns.
                k = last;
            }
            while toks.toks.get(k).is_some_and(|t| SKIPPED_AFTER.contains(&t.lower.as_str())) && k < last + 3 {
                k += 1;
            }
            if let Some(t) = toks.toks.get(k) {
                let owned_report = possessive && matches!(t.lower.as_str(), "report" | "reporting" | "analysis" | "investigation" | "interview");
                if VERBS_AFTER.contains(&t.lower.as_str()) || owned_report {
                    found = Some((t.lower.clone(), m.start()));
                    span_end = t.span.end;
                }
            }
        }
        let Some((cue, start)) = found else { continue };
        out.push(Citation {
            source: canonical.clone(),
            kind: CitationKind::Outlet,
            cue,
            span: Span::new(start.min(m.start()), span_end.max(m.end())),
            sentence: sentence_of(sentences, m.start()),
        });
    }
}

fn anonymous(text: &str, sentences: &[Span], out: &mut Vec<Citation>) {
    for caps in ANONYMOUS.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let (cue, phrase) = match (caps.get(2), caps.get(4)) {
            (Some(p), _) => (caps.get(1), p),
            (None, Some(p)) => (caps.get(3), p),
            _ => continue,
        };
        // A bare "people" or "officials" without a qualifier is not an anonymous source.
        let qualified = phrase.as_str().split_whitespace().count() >= 3 || caps.get(4).is_some();
        if !qualified {
            continue;
        }
        let cue = cue.map(|c| c.as_str().to_lowercase()).unwrap_or_else(|| {
            // The verb after the phrase ("sources familiar with the matter said").
            let rest = text.get(whole.end()..).unwrap_or("");
            let next: String = rest.trim_start_matches([',', ' ']).chars().take_while(|c| c.is_alphabetic()).collect();
            if ["said", "say", "says", "told"].contains(&next.to_lowercase().as_str()) {
                next.to_lowercase()
            } else {
                "anonymous".to_string()
            }
        });
        out.push(Citation {
            source: phrase.as_str().to_string(),
            kind: CitationKind::Anonymous,
            cue,
            span: Span::new(whole.start(), whole.end()),
            sentence: sentence_of(sentences, whole.start()),
        });
    }
}

fn is_outlet_name(name: &str) -> bool {
    let name = name.trim().trim_start_matches("the ").trim_start_matches("The ");
    LEXICON.outlets.iter().any(|(c, s)| s == name || c == name)
}

fn documents(text: &str, sentences: &[Span], out: &mut Vec<Citation>) {
    for caps in DOCUMENT.captures_iter(text) {
        let (Some(whole), Some(doc)) = (caps.get(0), caps.get(2)) else { continue };
        let lead = caps.get(1);
        let tail_cue = caps.get(3);
        let issuer = caps.get(4);
        if lead.is_none() && tail_cue.is_none() {
            continue;
        }
        if issuer.is_some_and(|i| is_outlet_name(i.as_str())) {
            continue;
        }
        let cue = match (lead, tail_cue) {
            (_, Some(t)) => t.as_str().to_lowercase(),
            (Some(l), None) => l.as_str().to_lowercase(),
            (None, None) => continue,
        };
        let source_start = doc.start();
        let source = text.get(source_start..whole.end()).unwrap_or(doc.as_str()).to_string();
        out.push(Citation {
            source,
            kind: CitationKind::Document,
            cue,
            span: Span::new(whole.start(), whole.end()),
            sentence: sentence_of(sentences, whole.start()),
        });
    }
}

/// "according to X" where X is a named organisation or person, not an outlet.
fn named_sources(toks: &Tokens, sentences: &[Span], own: Option<&str>, out: &mut Vec<Citation>) {
    for c in 0..toks.toks.len() {
        let Some(hit) = toks.cue_at(c) else { continue };
        if hit.kind != crate::lexicon::CueKind::According {
            continue;
        }
        let Some((a, b)) = toks.phrase_after(c + hit.len, toks.toks.len()) else { continue };
        // Outlets named alone are found (or, for the article's own outlet, left out) by `outlets`.
        if !(a..b).any(|k| toks.toks[k].cap) || is_outlet_name(toks.slice(a, b)) {
            continue;
        }
        let start = toks.toks[c].span.start;
        let span = toks.span(a, b);
        // "according to a New York Times/CBS poll" credits the outlet.
        let phrase = toks.slice(a, b);
        let outlet = LEXICON
            .outlets
            .iter()
            .filter(|(canonical, spelling)| spelling.len() > 3 && phrase.contains(spelling.as_str()) && !is_own(canonical, spelling, own))
            .max_by_key(|(_, spelling)| spelling.len());
        if outlet.is_none() && LEXICON.outlets.iter().any(|(c, sp)| phrase.contains(sp.as_str()) && is_own(c, sp, own)) {
            continue;
        }
        let (source, kind) = match outlet {
            Some((canonical, _)) => (canonical.clone(), CitationKind::Outlet),
            None => (phrase.trim_start_matches("the ").to_string(), CitationKind::Other),
        };
        out.push(Citation {
            source,
            kind,
            cue: toks.slice(c, c + hit.len).to_lowercase(),
            span: Span::new(start, span.end),
            sentence: sentence_of(sentences, start),
        });
    }
}

/// Every source `text` credits, in text order; `own_outlet` is never a citation of itself.
pub fn citations(text: &str, sentences: &[Span], own_outlet: Option<&str>, lang: &str) -> Vec<Citation> {
    let toks = Tokens::new(text, lang);
    let mut found = Vec::new();
    outlets(&toks, sentences, own_outlet, &mut found);
    anonymous(text, sentences, &mut found);
    documents(text, sentences, &mut found);
    named_sources(&toks, sentences, own_outlet, &mut found);
    // Earlier kinds win where two findings overlap (an outlet over "according to the AP").
    let mut out: Vec<Citation> = Vec::with_capacity(found.len());
    for c in found {
        if !out.iter().any(|o| o.span.overlaps(&c.span)) {
            out.push(c);
        }
    }
    out.sort_by_key(|c| (c.span.start, c.span.end));
    out
}
