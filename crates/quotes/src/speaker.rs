//! Speaker phrases around a cue ("X said", "said X", "according to X"), and their resolution
//! to entities of the article (names, pronouns, role nouns).

use std::collections::HashMap;

use model::{Entity, EntityKind, Mention, SpeakerMention, Span};

use crate::lexicon::{Cue, CueKind, PronounClass, LEXICON};
use crate::tokens::Token;

/// Words that start a noun phrase and belong to it ("the president", "his lawyer").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "der", "die", "das", "le", "la", "les", "l", "el", "los",
    "las", "un", "une", "una", "ein", "eine", "some", "many", "several", "most", "other", "another", "one", "two",
    "three", "both", "each", "every", "these", "those",
];

/// Lowercase words that may link the capitalized words of one name ("Secretary of State", "Charles de Gaulle").
const CONNECTORS: &[&str] = &["of", "for", "de", "von", "van", "da", "di", "du", "bin", "al", "del", "der", "la", "le", "y"];

/// Tokens of a text with the cue list of its language.
pub struct Tokens<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    /// Cues by their first word, longest first.
    cues: HashMap<&'static str, Vec<&'static Cue>>,
}

/// A cue found at a token: how many tokens it spans and its kind.
#[derive(Debug, Clone, Copy)]
pub struct CueHit {
    pub len: usize,
    pub kind: CueKind,
}

impl<'a> Tokens<'a> {
    /// Tokenizes `text` and picks the cues of `lang`.
    pub fn new(text: &'a str, lang: &str) -> Self {
        let mut cues: HashMap<&'static str, Vec<&'static Cue>> = HashMap::new();
        for cue in LEXICON.cues_for(lang) {
            if let Some(first) = cue.words.first() {
                cues.entry(first.as_str()).or_default().push(cue);
            }
        }
        Tokens { text, toks: crate::tokens::tokenize(text), cues }
    }

    /// The cue that starts at token `i`, if any.
    pub fn cue_at(&self, i: usize) -> Option<CueHit> {
        let first = self.toks.get(i)?;
        if !first.word {
            return None;
        }
        // A capitalized cue word inside a sentence is a name ("the United States", "Says Who").
        if first.cap && i > 0 {
            let prev = &self.toks[i - 1];
            if prev.word && !first.para_start {
                return None;
            }
        }
        let candidates = self.cues.get(first.lower.as_str())?;
        'cues: for cue in candidates {
            for (k, w) in cue.words.iter().enumerate() {
                match self.toks.get(i + k) {
                    Some(t) if t.word && t.lower == *w => {}
                    _ => continue 'cues,
                }
            }
            return Some(CueHit { len: cue.words.len(), kind: cue.kind });
        }
        None
    }

    /// The text of tokens `[a, b)`.
    pub fn slice(&self, a: usize, b: usize) -> &'a str {
        match (self.toks.get(a), b.checked_sub(1).and_then(|l| self.toks.get(l))) {
            (Some(s), Some(e)) if a < b => self.text.get(s.span.start..e.span.end).unwrap_or(""),
            _ => "",
        }
    }

    /// Byte span of tokens `[a, b)`.
    pub fn span(&self, a: usize, b: usize) -> Span {
        match (self.toks.get(a), b.checked_sub(1).and_then(|l| self.toks.get(l))) {
            (Some(s), Some(e)) if a < b => Span::new(s.span.start, e.span.end),
            _ => Span::new(0, 0),
        }
    }

    fn is_function(&self, i: usize) -> bool {
        LEXICON.function_words.contains(&self.toks[i].lower)
    }

    fn is_pronoun(&self, i: usize) -> bool {
        let t = &self.toks[i];
        // A capitalized "It"/"I" mid-sentence is still a pronoun; "US" is not "us".
        t.word && LEXICON.pronoun(&t.lower).is_some() && !(t.lower.len() > 1 && t.lower.chars().all(|c| c.is_lowercase()) && self.slice(i, i + 1).chars().all(|c| c.is_uppercase()))
    }

    /// Whether token `i` is a determiner ("the", "a", "his", …).
    pub fn is_determiner_at(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|_| self.is_determiner(i))
    }

    fn is_determiner(&self, i: usize) -> bool {
        DETERMINERS.contains(&self.toks[i].lower.as_str())
    }

    fn is_role(&self, i: usize) -> bool {
        LEXICON.roles.contains(&self.toks[i].lower)
    }

    /// Whether tokens `[a, b)` hold a name, a pronoun or a role: someone who can speak.
    pub fn can_speak(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| (self.toks[k].cap && !self.is_determiner(k)) || self.is_pronoun(k) || self.is_role(k))
    }

    /// The nearest personal subject pronoun ("he", "she", "they", "I", "we") before token `c`,
    /// not before `lo`.
    pub fn personal_pronoun_before(&self, c: usize, lo: usize) -> Option<(usize, usize)> {
        (lo..c).rev().find(|&k| self.is_pronoun(k) && self.toks[k].lower != "it").map(|k| (k, k + 1))
    }

    /// Whether tokens `[a, b)` look like a speaker: a name, a role, or a determiner phrase.
    fn plausible(&self, a: usize, b: usize) -> bool {
        if a >= b {
            return false;
        }
        // "during a Sunday", "Speaking in his real voice", "Specifically, …": times, participles
        // and sentence adverbs are not speakers.
        let head = &self.toks[b - 1].lower;
        // Right beside a cue, such a word is a name ("Kelly said", "said King").
        let beside_cue = || self.cue_at(b).is_some() || (a.saturating_sub(3)..a).any(|k| self.cue_at(k).is_some_and(|hit| k + hit.len == a));
        if is_time_word(head)
            || (b - a == 1 && self.toks[a].cap && (head.ends_with("ly") || head.ends_with("ing") || OPENING_PARTICIPLES.contains(&head.as_str())) && !beside_cue())
        {
            return false;
        }
        let any_cap = (a..b).any(|k| self.toks[k].cap && !self.is_determiner(k));
        let any_role = (a..b).any(|k| self.is_role(k));
        let starts_det = self.is_determiner(a) || self.toks[a].lower.ends_with("'s") || self.toks[a].lower.ends_with("’s");
        let no_digits_head = !self.toks[b - 1].lower.chars().all(|c| c.is_ascii_digit());
        no_digits_head && (any_cap || any_role || (starts_det && b - a >= 2))
    }

    /// The speaker phrase that ends right before token `cue` ("White House press secretary Josh Earnest said"),
    /// not reaching before token `lo`. Adverbs and auxiliaries in between are skipped; an apposition
    /// between commas ("Flynn, a top Trump surrogate, said") gives the name before it.
    pub fn phrase_before(&self, cue: usize, lo: usize) -> Option<(usize, usize)> {
        let mut j = cue;
        while j > lo && self.toks[j - 1].word && LEXICON.skip_words.contains(&self.toks[j - 1].lower) {
            j -= 1;
        }
        if j <= lo {
            return None;
        }
        let h = j - 1;
        // "Beck, who said there were “too many …”": the relative pronoun is the speaker as
        // written (PolNeAR's Source, and the guide's: no coreference in the span); it resolves
        // to the name before it.
        // Also right after a name, without a comma ("a tweet from Rikkie Wells who tweeted").
        if matches!(self.toks[h].lower.as_str(), "who" | "which") && h > lo && (self.toks[h - 1].is(',') || (self.toks[h].lower == "who" && self.toks[h - 1].cap)) {
            return Some((h, h + 1));
        }
        if self.toks[h].is(')') {
            // "Sen. Chuck Schumer (D-N.Y.) said": the name before the parenthesis.
            let open = (lo..h).rev().take(12).find(|&p| self.toks[p].is('('))?;
            return self.phrase_ending_at(open, lo);
        }
        if self.toks[h].is('-') || self.toks[h].is('—') || self.toks[h].is('–') {
            // "A former Republican presidential candidate -- John McCain, who lost in 2008 -- said":
            // the name after the opening dash, else the phrase before it.
            let is_dash = |k: usize| self.toks[k].is('-') || self.toks[k].is('—') || self.toks[k].is('–');
            let mut close = h;
            while close > lo && is_dash(close - 1) {
                close -= 1;
            }
            let mut open = (lo..close).rev().take(30).find(|&p| is_dash(p))?;
            let after_open = open + 1;
            while open > lo && is_dash(open - 1) {
                open -= 1;
            }
            if let Some(name) = self.phrase_after(after_open, close).filter(|&(a, b)| (a..b).any(|k| self.toks[k].cap)) {
                return Some(name);
            }
            return self.phrase_ending_at(open, lo);
        }
        if self.toks[h].is(',') {
            // Apposition: the name before the previous comma, else the apposition itself.
            // Only a determiner phrase is an apposition (", a top Trump surrogate,").
            let earlier_comma = (lo..h).rev().take(12).find(|&p| self.toks[p].is(','));
            // "Rep. Duncan Hunter’s chief of staff, Joe Kasper, told": a name between the commas;
            // not the second part of a place ("in Columbus, Ohio, said").
            let place_part = |p: usize| p > lo && self.toks[p - 1].cap;
            if let Some(p) = earlier_comma.filter(|&p| h - p - 1 <= 4 && !place_part(p) && (p + 1..h).all(|k| self.toks[k].cap && self.toks[k].word)) {
                return Some((p + 1, h));
            }
            let earlier = earlier_comma.filter(|&p| p + 1 < h && self.is_determiner(p + 1));
            if let Some(p) = earlier {
                if let Some(name) = self.phrase_ending_at(p, lo).filter(|&(a, b)| (a..b).any(|k| self.toks[k].cap)) {
                    return Some(name);
                }
                return self.phrase_ending_at(h, p + 1);
            }
            // "Clinton, during a town hall meeting in Columbus, Ohio, said": the subject before
            // the interjected phrase.
            return self.subject(lo, h).filter(|&(_, b)| self.toks.get(b).is_some_and(|t| t.is(',') || t.is('(')));
        }
        self.phrase_ending_at(j, lo)
    }

    /// The noun phrase whose last token is `end - 1`.
    fn phrase_ending_at(&self, end: usize, lo: usize) -> Option<(usize, usize)> {
        if end <= lo {
            return None;
        }
        let h = end - 1;
        let head = &self.toks[h];
        if !head.word {
            return None;
        }
        if self.is_pronoun(h) {
            return Some((h, end));
        }
        if self.is_function(h) || self.is_determiner(h) {
            return None;
        }
        let mut k = h;
        while k > lo && end - k < 9 {
            let t = &self.toks[k - 1];
            if !t.word {
                break;
            }
            if self.is_determiner(k - 1) {
                k -= 1;
                break;
            }
            if CONNECTORS.contains(&t.lower.as_str()) && self.toks[k].cap && k - 1 > lo && self.toks[k - 2].cap {
                k -= 1;
                continue;
            }
            if self.is_function(k - 1) || self.is_pronoun(k - 1) {
                break;
            }
            k -= 1;
        }
        self.plausible(k, end).then_some((k, end))
    }

    /// The subject of the clause that starts at token `lo` ("Clinton celebrated in Florida, declaring …",
    /// "On Monday, Trump said …"), not reaching token `hi`.
    pub fn subject(&self, lo: usize, hi: usize) -> Option<(usize, usize)> {
        // Conjunctions and adverbs opening the sentence ("But Sen. Richard J. Durbin, …, said",
        // "And then Trump went on the attack, saying", "Even a top GOP strategist said").
        let mut lo = lo;
        while lo + 1 < hi && matches!(self.toks[lo].lower.as_str(), "but" | "and" | "so" | "yet" | "still" | "then" | "now" | "meanwhile" | "even" | "also" | "later" | "finally") {
            lo += 1;
        }
        let usable = |&(a, b): &(usize, usize)| (!self.is_function(a) || self.is_pronoun(a)) && !(a..b).all(|k| is_time_word(&self.toks[k].lower));
        // A dateline ("WASHINGTON, Dec. 8 (UPI) — …") is no subject.
        let dateline = |&(a, b): &(usize, usize)| {
            b - a == 1 && self.slice(a, b).chars().filter(|c| c.is_alphabetic()).count() > 2 && self.slice(a, b).chars().all(|c| !c.is_lowercase())
        };
        // Nor is any part of it ("Dec.", "Ill."): the clause starts after the dash that closes it.
        let lo = if lo < hi && dateline(&(lo, lo + 1)) {
            (lo + 1..hi.min(lo + 12)).find(|&k| self.toks[k].is('—') || self.toks[k].is('–') || self.toks[k].is('-')).map_or(lo, |dash| dash + 1)
        } else {
            lo
        };
        if let Some(found) = self.phrase_after(lo, hi).filter(usable).filter(|p| !dateline(p)) {
            return Some(found);
        }
        // After an opening phrase ("In a wide-ranging, in-prison interview last year, Lazar said"):
        // the first phrase after one of its commas that can be a subject; the second part of a
        // place ("Speaking in Salem, New Hampshire, Trump went after Bush") is none.
        // A day or month before the comma ("On Sunday, Trump, who …, tweeted") is no place.
        let place_part = |&(a, b): &(usize, usize)| {
            a >= 2 && self.toks[a - 2].cap && !is_time_word(&self.toks[a - 2].lower) && self.toks.get(b).is_some_and(|t| t.is(','))
        };
        (lo..hi.min(lo + 20))
            .filter(|&k| self.toks[k].is(','))
            .find_map(|comma| self.phrase_after(comma + 1, hi).filter(usable).filter(|p| !place_part(p) && !dateline(p)))
    }

    /// The speaker phrase that starts at token `i` ("said Clinton campaign manager Robby Mook in a statement"
    /// gives "Clinton campaign manager Robby Mook"), not reaching token `hi`.
    pub fn phrase_after(&self, i: usize, hi: usize) -> Option<(usize, usize)> {
        let hi = hi.min(self.toks.len());
        if i >= hi || !self.toks[i].word {
            return None;
        }
        if self.is_pronoun(i) {
            return Some((i, i + 1));
        }
        let mut k = i;
        if self.is_determiner(k) {
            k += 1;
            // "one of those advisers", "some of his supporters".
            if k + 1 < hi && self.toks[k].lower == "of" && self.is_determiner(k + 1) {
                k += 2;
            }
        }
        while k < hi && k - i < 10 {
            let t = &self.toks[k];
            if !t.word {
                break;
            }
            if CONNECTORS.contains(&t.lower.as_str()) && k > i && self.toks[k - 1].cap && self.toks.get(k + 1).is_some_and(|n| n.cap) {
                k += 1;
                continue;
            }
            if self.is_function(k) || self.is_determiner(k) {
                break;
            }
            // Lowercase words after a name end the phrase ("said Trump supporters" keeps both,
            // "said Trump yesterday" stops): only role words may follow a capitalized word, or
            // the head noun of a determiner phrase ("reads a Wednesday editorial in …").
            if k > i && self.toks[k - 1].cap && !t.cap && !self.is_role(k) {
                if self.is_determiner(i) && (i + 1..k).all(|m| self.toks[m].cap) && !self.is_function(k) {
                    k += 1;
                }
                break;
            }
            k += 1;
        }
        self.plausible(i, k).then_some((i, k))
    }
}

/// Participles that open a sentence and are never a speaker on their own ("Asked which county
/// was his favorite, he demurred: …").
const OPENING_PARTICIPLES: &[&str] = &[
    "asked", "pressed", "questioned", "reached", "contacted", "interviewed", "confronted", "challenged", "told", "prompted",
];

/// Days, months and relative time words: never a speaker ("On Friday, calling them …").
fn is_time_word(lower: &str) -> bool {
    matches!(
        lower,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | "january" | "february"
            | "march" | "april" | "may" | "june" | "july" | "august" | "september" | "october" | "november"
            | "december" | "sunday's" | "today" | "yesterday" | "tomorrow" | "tonight" | "early" | "late" | "last" | "next"
            | "week" | "month" | "year" | "morning" | "evening" | "night" | "afternoon" | "seconds" | "minutes" | "hours"
            | "days" | "weeks" | "months" | "years" | "moments"
    )
}

/// Gender hints in an entity's descriptions and names.
fn entity_gender(entity: &Entity) -> Option<PronounClass> {
    let words = entity.descriptions.iter().chain(entity.variants.iter()).chain(std::iter::once(&entity.name));
    let mut female = false;
    let mut male = false;
    for phrase in words {
        for w in phrase.split(|c: char| !c.is_alphanumeric()) {
            match w.to_lowercase().as_str() {
                "mrs" | "ms" | "spokeswoman" | "chairwoman" | "congresswoman" | "businesswoman" | "wife" | "mother" | "daughter" | "queen" | "madame" | "mme" | "frau" => female = true,
                "mr" | "spokesman" | "chairman" | "congressman" | "businessman" | "husband" | "father" | "son" | "king" | "monsieur" | "herr" => male = true,
                _ => {}
            }
        }
    }
    match (male, female) {
        (true, false) => Some(PronounClass::Male),
        (false, true) => Some(PronounClass::Female),
        _ => None,
    }
}

fn compatible(class: PronounClass, entity: &Entity) -> bool {
    match class {
        PronounClass::Male | PronounClass::Female => {
            entity.kind == EntityKind::Person && entity_gender(entity).map_or(true, |g| g == class)
        }
        PronounClass::Plural => matches!(entity.kind, EntityKind::Person | EntityKind::Organization),
        PronounClass::Neuter => entity.kind == EntityKind::Organization,
        PronounClass::First => false,
    }
}

/// Content words of a role phrase, lowercased, without determiners.
fn role_words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !DETERMINERS.contains(&w.as_str()) && !LEXICON.function_words.contains(w))
        .collect()
}

/// Resolves a speaker phrase to an entity id: a mention inside it, a pronoun's nearest compatible
/// mention before it, or the entity whose descriptions match a role phrase.
pub fn resolve(text: &str, span: Span, mentions: &[Mention], entities: &[Entity]) -> Option<String> {
    let entity_id = |idx: usize| entities.get(idx).map(|e| e.id.clone());
    // A mention overlapping the phrase: the last one (the head of "Trump campaign manager Kellyanne Conway").
    if let Some(m) = mentions.iter().filter(|m| m.span.overlaps(&span)).max_by_key(|m| m.span.end) {
        return entity_id(m.entity);
    }
    let written = text.get(span.start..span.end)?.trim();
    let lower = written.to_lowercase();
    // A relative pronoun ("Beck, who said …") stands for the mention right before its comma.
    if lower == "who" || lower == "which" {
        let before = text.get(..span.start)?.trim_end().strip_suffix(',')?.trim_end().len();
        return mentions.iter().filter(|m| m.span.end == before).max_by_key(|m| m.span.end).and_then(|m| entity_id(m.entity));
    }
    if let Some(class) = LEXICON.pronoun(&lower) {
        if class == PronounClass::First {
            return None;
        }
        return mentions
            .iter()
            .filter(|m| m.span.end <= span.start)
            .filter(|m| entities.get(m.entity).is_some_and(|e| compatible(class, e)))
            .max_by_key(|m| m.span.end)
            .and_then(|m| entity_id(m.entity));
    }
    // A name that is a variant of an entity.
    if let Some(e) = entities.iter().find(|e| e.name == written || e.variants.iter().any(|v| v == written)) {
        return Some(e.id.clone());
    }
    // A role: the entity whose description shares the role's head word and most of its words.
    let words = role_words(written);
    let head = words.last()?;
    let mut best: Option<(usize, usize, &Entity)> = None;
    for e in entities {
        let mut score = 0;
        for d in &e.descriptions {
            let dw = role_words(d);
            if dw.contains(head) {
                score = score.max(words.iter().filter(|w| dw.contains(w)).count());
            }
        }
        if score == 0 {
            continue;
        }
        let last_mention_before = e
            .mentions
            .iter()
            .filter_map(|&i| mentions.get(i))
            .filter(|m| m.span.end <= span.start)
            .map(|m| m.span.end)
            .max()
            .unwrap_or(0);
        if best.as_ref().map_or(true, |b| (score, last_mention_before) > (b.0, b.1)) {
            best = Some((score, last_mention_before, e));
        }
    }
    best.map(|b| b.2.id.clone())
}

/// Builds the speaker mention of tokens `[a, b)`.
pub fn mention(toks: &Tokens, a: usize, b: usize, mentions: &[Mention], entities: &[Entity]) -> SpeakerMention {
    let span = toks.span(a, b);
    SpeakerMention { span, text: toks.slice(a, b).to_string(), entity: resolve(toks.text, span, mentions, entities) }
}
