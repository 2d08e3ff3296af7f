//! In-article entity merging and role descriptions.
//!
//! Names merge when they are equal, when a single word is the surname or first name of
//! a person named in full ("Angela Merkel … Merkel"), or when one is the acronym of the
//! other ("European Union … EU"). Titles before a name ("German Chancellor Angela
//! Merkel") and appositions ("Jens Stoltenberg, NATO's secretary general,") become
//! descriptions; later role phrases with a definite article ("the chancellor", "the
//! ministry spokeswoman") whose role noun heads exactly one entity's descriptions become
//! nominal mentions of it.

use std::collections::{HashMap, HashSet};

use model::{Entity, EntityKind, Mention, Span};

use crate::gazetteer::{phrase_key, Gazetteer};
use crate::tokenize::Token;
use crate::{Found, SentenceTokens};

struct Draft {
    kind: EntityKind,
    /// Kind votes of the names merged so far (multi-word names count double).
    votes: [usize; 4],
    name: String,
    variants: Vec<String>,
    /// `norm` of each variant, kept so that looking a name up does not normalise every
    /// variant of every entity again.
    normalised_variants: Vec<String>,
    descriptions: Vec<String>,
    first_start: usize,
}

/// Lower-cased, dots removed: "U.S." and "US" compare equal.
fn norm(s: &str) -> String {
    s.chars().filter(|c| *c != '.').flat_map(char::to_lowercase).collect()
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// The acronym form of a name when it is one ("EU", "U.N."): 2–6 capitals, dots allowed.
fn as_acronym(s: &str) -> Option<String> {
    let letters: String = s.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    ((2..=6).contains(&n) && letters.chars().all(|c| c.is_uppercase())).then_some(letters)
}

/// Initials of the capitalised words of a multi-word name: "European Union" → "EU".
fn initials(s: &str) -> Option<String> {
    let ws = words(s);
    if ws.len() < 2 {
        return None;
    }
    let out: String = ws
        .iter()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "the" | "and" | "for" | "de" | "du" | "&" | "on"))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    (out.chars().count() >= 2).then_some(out)
}

fn find_entity(drafts: &[Draft], name: &str, kind: EntityKind, gazetteer: &Gazetteer) -> Option<usize> {
    let n = norm(name);
    // The same name is the same entity whatever kind the tagger gave this occurrence.
    if let Some(i) = drafts.iter().rposition(|d| d.normalised_variants.contains(&n)) {
        return Some(i);
    }
    let ws = words(name);
    if ws.len() == 1 && (kind == EntityKind::Person || gazetteer.lookup(name).is_none()) {
        let w = n.as_str();
        let matches_person = |d: &Draft| {
            let dw = words(&d.name);
            d.kind == EntityKind::Person
                && dw.len() >= 2
                && (dw.last().is_some_and(|x| norm(x) == w) || dw.first().is_some_and(|x| norm(x) == w))
        };
        if let Some(i) = drafts.iter().rposition(matches_person) {
            return Some(i);
        }
    }
    if kind == EntityKind::Person && ws.len() >= 2 {
        let last = ws.last().map(|w| norm(w)).unwrap_or_default();
        if let Some(i) = drafts.iter().rposition(|d| d.kind != EntityKind::Place && words(&d.name).len() == 1 && norm(&d.name) == last) {
            return Some(i);
        }
    }
    if kind != EntityKind::Person {
        if let Some(acr) = as_acronym(name) {
            if let Some(i) = drafts.iter().rposition(|d| d.kind != EntityKind::Person && initials(&d.name).is_some_and(|x| x == acr)) {
                return Some(i);
            }
        }
        if let Some(ini) = initials(name) {
            if let Some(i) = drafts.iter().rposition(|d| d.kind != EntityKind::Person && as_acronym(&d.name).is_some_and(|x| x == ini)) {
                return Some(i);
            }
        }
    }
    None
}

/// A mention before the entities are numbered for output.
struct DraftMention {
    span: Span,
    text: String,
    entity: usize,
    sentence: usize,
    /// A role phrase linked to the entity, not a name.
    nominal: bool,
}

fn slice(text: &str, start: usize, end: usize) -> Option<String> {
    text.get(start..end).map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn is_lower_word(t: &Token) -> bool {
    t.text.chars().next().is_some_and(char::is_lowercase)
}

/// A title run ending right before token `end` ("Chancellor", "Prime Minister"),
/// extended back over demonyms and possessive names ("German", "NATO's").
fn title_before(text: &str, tokens: &[Token], end: usize, g: &Gazetteer) -> Option<String> {
    let mut start = end;
    'outer: while start > 0 {
        for n in (1..=3.min(start)).rev() {
            let phrase = phrase_key(&tokens[start - n..start]);
            if g.is_title(&phrase) {
                start -= n;
                continue 'outer;
            }
        }
        break;
    }
    if start == end {
        return None;
    }
    let mut ext = start;
    let capitalised = |t: &Token| t.text.chars().next().is_some_and(char::is_uppercase);
    while ext > 0 {
        let t = &tokens[ext - 1];
        // "NATO's": the possessive only with a capitalised owner before it.
        let possessive = matches!(t.text, "'s" | "’s") && ext >= 2 && capitalised(&tokens[ext - 2]);
        let owner = ext < start && matches!(tokens[ext].text, "'s" | "’s") && capitalised(t);
        if g.is_demonym(&t.text.to_lowercase()) || possessive || owner {
            ext -= 1;
        } else {
            break;
        }
    }
    slice(text, tokens[ext].span.start, tokens[end - 1].span.end)
}

/// Words that open a clause or a prepositional phrase, not an apposition.
const STOP_APPOSITION: &[&str] = &[
    "who", "which", "that", "and", "but", "or", "said", "says", "told", "when", "where", "while", "if", "to", "of", "in",
    "on", "at", "for", "with", "by", "from", "as", "being", "is", "was", "are", "were", "has", "had", "have", "because",
    "after", "before", "since", "although", "though", "so", "then", "not", "also", "including", "like",
];

/// Courtesy titles say nothing about a role.
fn is_courtesy(description: &str) -> bool {
    matches!(description.to_lowercase().trim_end_matches('.'), "mr" | "mrs" | "ms" | "miss" | "sir" | "dame" | "madam" | "mme" | "m")
}

fn is_boundary(t: &str) -> bool {
    matches!(t, "," | "." | ";" | ":" | "(" | ")" | "—" | "–" | "\"" | "“" | "”" | "?" | "!")
}

/// "Name, PHRASE," where PHRASE ends in a role noun: "NATO's secretary general".
fn apposition_after(text: &str, tokens: &[Token], end: usize, g: &Gazetteer) -> Option<String> {
    if tokens.get(end)?.text != "," {
        return None;
    }
    let start = end + 1;
    let mut stop = start;
    while stop < tokens.len() && !is_boundary(tokens[stop].text) && stop - start < 12 {
        stop += 1;
    }
    role_phrase(text, &tokens[start..stop], g)
}

/// "PHRASE, Name" where PHRASE opens the sentence or follows a comma: "The German chancellor, Angela Merkel".
fn apposition_before(text: &str, tokens: &[Token], start: usize, g: &Gazetteer) -> Option<String> {
    if start == 0 || tokens.get(start - 1)?.text != "," {
        return None;
    }
    let end = start - 1;
    let mut begin = end;
    while begin > 0 && !is_boundary(tokens[begin - 1].text) && end - begin < 10 {
        begin -= 1;
    }
    if begin > 0 && !is_boundary(tokens[begin - 1].text) {
        return None;
    }
    role_phrase(text, &tokens[begin..end], g)
}

/// Words that open a noun phrase in an apposition ("the law professor", "his adviser").
const PHRASE_OPENERS: &[&str] = &["the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "former", "then"];

fn role_phrase(text: &str, phrase: &[Token], g: &Gazetteer) -> Option<String> {
    let (first, last) = (phrase.first()?, phrase.last()?);
    let first_lower = first.text.to_lowercase();
    if STOP_APPOSITION.contains(&first_lower.as_str()) || phrase.iter().any(|t| g.is_saying_verb(&t.text.to_lowercase())) {
        return None;
    }
    // A noun phrase opens with a determiner, a possessive, or a capitalised name or
    // demonym ("NATO's secretary general", "German chancellor"), not with a clause.
    let opens_phrase = PHRASE_OPENERS.contains(&first_lower.as_str())
        || (first.text.chars().next().is_some_and(char::is_uppercase) && !matches!(first_lower.as_str(), "he" | "she" | "it" | "they" | "we" | "i" | "you"));
    if !opens_phrase {
        return None;
    }
    if !is_lower_word(last) || !g.is_role(&last.text.to_lowercase()) {
        return None;
    }
    slice(text, first.span.start, last.span.end)
}

/// The role noun heading a description ("chancellor" in "the German chancellor").
fn role_head(description: &str, g: &Gazetteer) -> Option<String> {
    let last = description.split_whitespace().next_back()?.to_lowercase();
    g.is_role(&last).then_some(last)
}

pub(crate) fn merge(text: &str, sentences: &[SentenceTokens], mut found: Vec<Found>, g: &Gazetteer) -> (Vec<Mention>, Vec<Entity>) {
    // Full names first, so that "Trump" in a headline joins "Donald Trump" further down.
    found.sort_by_key(|f| (f.tokens.1 - f.tokens.0 < 2, f.span.start));
    let by_index: HashMap<usize, &SentenceTokens> = sentences.iter().map(|s| (s.index, s)).collect();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut raw: Vec<DraftMention> = Vec::new();
    for f in &found {
        let Some(name) = slice(text, f.span.start, f.span.end) else { continue };
        let entity = match find_entity(&drafts, &name, f.kind, g) {
            Some(i) => i,
            None => {
                drafts.push(Draft {
                    kind: f.kind,
                    votes: [0; 4],
                    name: name.clone(),
                    variants: Vec::new(),
                    normalised_variants: Vec::new(),
                    descriptions: Vec::new(),
                    first_start: f.span.start,
                });
                drafts.len() - 1
            }
        };
        let d = &mut drafts[entity];
        d.first_start = d.first_start.min(f.span.start);
        d.votes[kind_index(f.kind)] += if words(&name).len() > 1 { 2 } else { 1 };
        // "Mike Pence" is a person even when "PENCE" in capitals was tagged otherwise.
        let ws = words(&name);
        if ws.len() > 1 && ws.first().is_some_and(|w| g.lookup(w) == Some(crate::gazetteer::Category::FirstName)) {
            d.votes[kind_index(EntityKind::Person)] += 3;
        }
        d.kind = vote(&d.votes, d.kind);
        if !d.variants.contains(&name) {
            d.normalised_variants.push(norm(&name));
            d.variants.push(name.clone());
        }
        let fuller = |a: &str, b: &str| (words(a).len(), a.len()) > (words(b).len(), b.len());
        if fuller(&name, &d.name) {
            d.name = name.clone();
        }
        let mut descriptions = Vec::new();
        if let Some(st) = by_index.get(&f.sentence) {
            let (s, e) = f.tokens;
            match &f.title {
                Some(t) => {
                    // The title was inside the tagged span; extend it with what precedes.
                    let title_start = st.tokens.iter().position(|tok| tok.span.start >= f.span.start).unwrap_or(s);
                    let extended = title_before(text, &st.tokens, title_start, g);
                    descriptions.push(extended.filter(|x| x.len() >= t.len()).unwrap_or_else(|| t.clone()));
                }
                None => descriptions.extend(title_before(text, &st.tokens, s, g)),
            }
            // Places and things are not described by role nouns.
            if matches!(f.kind, EntityKind::Person | EntityKind::Organization) {
                descriptions.extend(apposition_after(text, &st.tokens, e, g));
                descriptions.extend(apposition_before(text, &st.tokens, s, g));
            }
        }
        let d = &mut drafts[entity];
        for desc in descriptions.into_iter().filter(|x| !is_courtesy(x)) {
            if !d.descriptions.iter().any(|x| x.eq_ignore_ascii_case(&desc)) {
                d.descriptions.push(desc);
            }
        }
        raw.push(DraftMention { span: f.span, text: name, entity, sentence: f.sentence, nominal: false });
    }
    // Entities numbered in order of first mention.
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&i| drafts[i].first_start);
    let mut renumber = vec![0; drafts.len()];
    for (new, &old) in order.iter().enumerate() {
        renumber[old] = new;
    }
    let mut slots: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
    let drafts: Vec<Draft> = order.iter().filter_map(|&i| slots[i].take()).collect();
    for r in &mut raw {
        r.entity = renumber[r.entity];
    }
    let repeated = repeated_names(sentences, &drafts, &raw);
    raw.extend(repeated);
    raw.extend(role_mentions(sentences, &drafts, &raw, g));
    raw.sort_by_key(|m| m.span.start);

    let mut mentions = Vec::with_capacity(raw.len());
    let mut entity_mentions: Vec<Vec<usize>> = vec![Vec::new(); drafts.len()];
    for (i, m) in raw.into_iter().enumerate() {
        let kind = drafts[m.entity].kind;
        mentions.push(Mention { span: m.span, text: m.text, kind, entity: m.entity, sentence: m.sentence, nominal: m.nominal });
        entity_mentions[m.entity].push(i);
    }
    let entities = drafts
        .into_iter()
        .zip(entity_mentions)
        .enumerate()
        .map(|(i, (d, m))| Entity {
            id: format!("e{i}"),
            name: d.name,
            kind: d.kind,
            variants: d.variants,
            descriptions: d.descriptions,
            mentions: m,
        })
        .collect();
    (mentions, entities)
}

fn kind_index(kind: EntityKind) -> usize {
    crate::tagger::KINDS.iter().position(|k| *k == kind).unwrap_or(3)
}

/// The kind most names of an entity were tagged with; ties keep the current kind.
fn vote(votes: &[usize; 4], current: EntityKind) -> EntityKind {
    let best = votes.iter().copied().max().unwrap_or(0);
    if votes[kind_index(current)] == best {
        return current;
    }
    crate::tagger::KINDS.iter().zip(votes).find(|(_, v)| **v == best).map_or(current, |(k, _)| *k)
}

/// Occurrences the tagger missed of a name it found elsewhere in the article: an
/// exact variant, or the surname of a person named in full.
fn repeated_names(
    sentences: &[SentenceTokens],
    drafts: &[Draft],
    names: &[DraftMention],
) -> Vec<DraftMention> {
    let mut known: HashMap<String, Option<usize>> = HashMap::new();
    let mut add = |form: &str, entity: usize| {
        let slot = known.entry(form.to_string()).or_insert(Some(entity));
        if *slot != Some(entity) {
            *slot = None;
        }
    };
    for (i, d) in drafts.iter().enumerate() {
        for v in &d.variants {
            add(v, i);
        }
        let ws = words(&d.name);
        if d.kind == EntityKind::Person && ws.len() >= 2 {
            if let Some(last) = ws.last() {
                add(last, i);
            }
        }
    }
    known.retain(|form, e| e.is_some() && form.chars().count() >= 2 && form.chars().next().is_some_and(char::is_uppercase));
    let max_words = known.keys().map(|k| words(k).len()).max().unwrap_or(0);
    let mut out = Vec::new();
    for st in sentences {
        let toks = &st.tokens;
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].text.chars().next().is_some_and(char::is_uppercase) {
                i += 1;
                continue;
            }
            let covered = |s: &Span| names.iter().any(|n| n.span.overlaps(s));
            let hit = (1..=max_words.min(toks.len() - i)).rev().find_map(|n| {
                let span = Span::new(toks[i].span.start, toks[i + n - 1].span.end);
                let form = toks[i..i + n].iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
                match known.get(&form) {
                    Some(Some(e)) if !covered(&span) => Some((n, span, form, *e)),
                    _ => None,
                }
            });
            match hit {
                Some((n, span, form, e)) => {
                    out.push(DraftMention { span, text: form, entity: e, sentence: st.index, nominal: false });
                    i += n;
                }
                None => i += 1,
            }
        }
    }
    out
}

/// Words that may stand between "the" and a role noun without appearing in the entity's
/// descriptions: they say when someone held the role, not which role it is.
const TIME_MODIFIERS: &[&str] = &["former", "current", "new", "outgoing", "incoming", "then", "longtime", "embattled", "veteran"];

/// Most words between "the" and the role noun ("the foreign ministry spokeswoman").
const MAX_MODIFIERS: usize = 3;

/// Words that make another role of a role noun: a vice president is not the president.
const SUB_ROLES: &[&str] = &["vice", "deputy", "assistant", "associate", "lieutenant", "under", "co"];

/// The key a description is owned under: its role noun, with a sub-role word before it
/// ("vice president") when there is one.
fn role_key(description: &str, g: &Gazetteer) -> Option<String> {
    let head = role_head(description, g)?;
    let before = description.split_whitespace().rev().nth(1).map(str::to_lowercase);
    Some(match before {
        Some(w) if SUB_ROLES.contains(&w.as_str()) => format!("{w} {head}"),
        _ => head,
    })
}

/// Nominal mentions: "the chancellor", "the ministry spokeswoman", "the former president"
/// after an entity was described with that role noun, when no other entity of the article
/// carries it. Words before the role noun must come from that entity's descriptions (or say
/// when: "former"), so "the French president" does not join the entity described as "U.S.
/// President", nor "the deputy minister" the minister. Not taken: a role phrase in
/// apposition to a name just before it ("Tom Fitton, the president of Judicial Watch"),
/// which describes that name, and a role with a restrictive clause ("the candidate who
/// wins"), which is generic.
fn role_mentions(sentences: &[SentenceTokens], drafts: &[Draft], names: &[DraftMention], g: &Gazetteer) -> Vec<DraftMention> {
    let mut owner: HashMap<String, Option<usize>> = HashMap::new();
    for (i, d) in drafts.iter().enumerate() {
        for desc in &d.descriptions {
            if let Some(key) = role_key(desc, g) {
                let slot = owner.entry(key).or_insert(Some(i));
                if *slot != Some(i) {
                    *slot = None;
                }
            }
        }
    }
    let mut out = Vec::new();
    if owner.is_empty() {
        return out;
    }
    let description_words: Vec<HashSet<String>> = drafts
        .iter()
        .map(|d| {
            d.descriptions
                .iter()
                .flat_map(|x| x.split_whitespace())
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
                .collect()
        })
        .collect();
    for st in sentences {
        let toks = &st.tokens;
        for i in 1..toks.len() {
            let t = &toks[i];
            if !is_lower_word(t) {
                continue;
            }
            let head = t.text.to_lowercase();
            let key = match toks[i - 1].text.to_lowercase() {
                w if SUB_ROLES.contains(&w.as_str()) => format!("{w} {head}"),
                _ => head,
            };
            let Some(Some(entity)) = owner.get(&key) else { continue };
            // The role noun ends the phrase: not a title before a name ("the chancellor
            // Angela Merkel"), not "chief" in "the chief executive", no restrictive clause.
            if toks.get(i + 1).is_some_and(|n| {
                n.text.chars().next().is_some_and(char::is_uppercase)
                    || (is_lower_word(n) && g.is_role(&n.text.to_lowercase()))
                    || matches!(n.text, "who" | "whom" | "whose" | "that" | "which")
            }) {
                continue;
            }
            let mut start = i;
            while start > 0 && i - start < MAX_MODIFIERS {
                let word = toks[start - 1].text.to_lowercase();
                let modifier = (is_lower_word(&toks[start - 1]) || g.is_demonym(&word))
                    && word != "the"
                    && (description_words[*entity].contains(&word) || TIME_MODIFIERS.contains(&word.as_str()));
                if !modifier {
                    break;
                }
                start -= 1;
            }
            if start == 0 || !toks[start - 1].text.eq_ignore_ascii_case("the") {
                continue;
            }
            // "Name, the ROLE": an apposition describing the name before it.
            if start >= 3 && toks[start - 2].text == "," && names.iter().any(|n| !n.nominal && n.span.end == toks[start - 3].span.end) {
                continue;
            }
            let span = Span::new(toks[start].span.start, t.span.end);
            if span.start < drafts[*entity].first_start || names.iter().any(|n| n.span.overlaps(&span)) {
                continue;
            }
            let text = toks[start..=i].iter().map(|x| x.text).collect::<Vec<_>>().join(" ");
            out.push(DraftMention { span, text, entity: *entity, sentence: st.index, nominal: true });
        }
    }
    out
}
