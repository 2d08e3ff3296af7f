//! GUM news named mentions from the CoNLL-U `Entity=` annotation.
//!
//! GUM annotates every mention (names, nominals, pronouns). A mention counts as a
//! name when it ends in a PROPN; the name is the PROPN run that ends it, function
//! words allowed inside ("Bank of America"; "Afghan Ambassador Hamdullah Mohib" →
//! "Ambassador Hamdullah Mohib" → title stripped → "Hamdullah Mohib"). A bare title
//! ("President") is not a name. Types: person → person, organization → organization, place → place,
//! event/object/abstract/substance/animal/plant → other, time → ignored (neither
//! required nor penalised, as dates are not entities here).

use std::path::Path;

use anyhow::Context;
use model::{EntityKind, Span};

use super::{normalise_gold_span, rebuild_text, resolve_nesting, GoldDoc, GoldMention};

/// GUM entity type → our kind (None: not scored).
pub fn map_type(t: &str) -> Option<EntityKind> {
    match t {
        "person" => Some(EntityKind::Person),
        "organization" => Some(EntityKind::Organization),
        "place" => Some(EntityKind::Place),
        "event" | "object" | "abstract" | "substance" | "animal" | "plant" => Some(EntityKind::Other),
        _ => None,
    }
}

struct Tok {
    form: String,
    upos: String,
    space_after: bool,
}

/// Parses one GUM CoNLL-U file.
pub fn parse(id: &str, conllu: &str) -> anyhow::Result<GoldDoc> {
    let mut sentences: Vec<Vec<Tok>> = Vec::new();
    let mut current: Vec<Tok> = Vec::new();
    // (global token index of start, end exclusive, type)
    let mut mentions: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Vec<(String, usize, String)> = Vec::new();
    let mut global = 0usize;
    for line in conllu.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || !cols[0].chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let misc = cols[9];
        let space_after = !misc.split('|').any(|f| f == "SpaceAfter=No");
        if let Some(ent) = misc.split('|').find_map(|f| f.strip_prefix("Entity=")) {
            parse_entity_field(ent, global, &mut open, &mut mentions);
        }
        current.push(Tok { form: cols[1].to_string(), upos: cols[3].to_string(), space_after });
        global += 1;
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    let flat: Vec<&Tok> = sentences.iter().flatten().collect();
    let words: Vec<Vec<String>> = sentences.iter().map(|s| s.iter().map(|t| t.form.clone()).collect()).collect();
    let (text, sentence_spans, token_spans) = rebuild_text(&words, |_, _, si, wi| {
        sentences.get(si).and_then(|s| s.get(wi.wrapping_sub(1))).is_some_and(|t| !t.space_after)
    });
    let flat_spans: Vec<Span> = token_spans.into_iter().flatten().collect();

    let nested: Vec<(usize, usize)> = mentions.iter().map(|(s, e, _)| (*s, *e)).collect();
    let mut names = Vec::new();
    for (start, end, kind) in mentions {
        let Some(toks) = flat.get(start..end) else { continue };
        // The name is the PROPN run that ends the mention, function words allowed
        // inside ("Bank of America"); modifiers before it ("Afghan Ambassador …") are not.
        if toks.last().is_none_or(|t| t.upos != "PROPN") {
            continue;
        }
        // Inside a name: "of"/"for"/"de"/"&", determiners, numbers, hyphens, and
        // capitalised adjectives ("United" in "United States" is ADJ in GUM).
        let joins = |t: &Tok| {
            matches!(t.upos.as_str(), "DET" | "NUM" | "PART")
                || matches!(t.form.as_str(), "of" | "for" | "de" | "du" | "&" | "-" | ".")
        };
        let capital_adj = |t: &Tok| t.upos == "ADJ" && t.form.chars().next().is_some_and(char::is_uppercase);
        let mut first = toks.len() - 1;
        for (j, t) in toks.iter().enumerate().rev() {
            if t.upos == "PROPN" || capital_adj(t) {
                first = j;
            } else if !joins(t) {
                break;
            }
        }
        // A person's name does not include the names that qualify it ("US" in "US
        // President Donald Trump"): start after a nested mention opening the run.
        if kind == "person" {
            while let Some(inner) = nested.iter().find(|(s, e)| *s == start + first && *e < end && *e > *s) {
                first = inner.1 - start;
            }
        }
        let (Some(s), Some(e)) = (flat_spans.get(start + first), flat_spans.get(end - 1)) else { continue };
        let kind = map_type(&kind);
        let span = normalise_gold_span(&text, Span::new(s.start, e.end), kind);
        // A bare title ("the President") is not a name.
        let bare_title = text.get(span.start..span.end).is_some_and(|t| {
            let g = entities::Recognizer::shared().gazetteer();
            let lower = t.to_lowercase();
            g.is_title(&lower) || g.is_role(&lower)
        });
        if !span.is_empty() && !bare_title {
            names.push(GoldMention { span, kind, required: kind.is_some() });
        }
    }
    let mentions = resolve_nesting(&text, names);
    Ok(GoldDoc {
        dataset: "gum",
        id: id.to_string(),
        tokens: flat.len(),
        region: Span::new(0, text.len()),
        text,
        sentences: sentence_spans,
        mentions,
    })
}

/// Reads `(id-type-…` openings and `id)` closings of one token's Entity field.
fn parse_entity_field(
    field: &str,
    token: usize,
    open: &mut Vec<(String, usize, String)>,
    out: &mut Vec<(usize, usize, String)>,
) {
    let mut rest = field;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('(') {
            let stop = after.find(['(', ')']).unwrap_or(after.len());
            let body = &after[..stop];
            let mut parts = body.split('-');
            let (id, kind) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
            if after[stop..].starts_with(')') {
                out.push((token, token + 1, kind));
                rest = &after[stop + 1..];
            } else {
                open.push((id, token, kind));
                rest = &after[stop..];
            }
        } else {
            let stop = rest.find(')').unwrap_or(rest.len());
            let id = &rest[..stop];
            if let Some(pos) = open.iter().rposition(|(o, _, _)| o == id) {
                let (_, start, kind) = open.remove(pos);
                out.push((start, token + 1, kind));
            }
            rest = rest.get(stop + 1..).unwrap_or("");
        }
    }
}

/// Loads every `GUM_news_*.conllu`, sorted by name.
pub fn load(dir: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "conllu"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)?;
            let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            parse(&id, &text).with_context(|| format!("parsing {}", p.display()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_entity_fields() {
        let mut open = Vec::new();
        let mut out = Vec::new();
        parse_entity_field("(1-event-new-x-cf2-2-sgl(2-abstract-new-x-cf5-1-coref)", 0, &mut open, &mut out);
        parse_entity_field("1)", 1, &mut open, &mut out);
        assert_eq!(out, vec![(0, 1, "abstract".to_string()), (0, 2, "event".to_string())]);
    }
}
