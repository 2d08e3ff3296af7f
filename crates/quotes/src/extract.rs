//! Direct quotes with their speakers, and indirect attributions.

use model::{Entity, Mention, Quote, SpeakerMention, Span};

use crate::lexicon::{CueKind, LEXICON};
use crate::marks::{find_quoted, Quoted};
use crate::speaker::{mention, Tokens};
use crate::tokens::first_at_or_after;

/// Settings of the direct-quote rules (tuned on the PolNeAR train split).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// A quote of at most this many words is a scare quote or a title unless a cue stands right beside it.
    pub short_words: usize,
    /// A quote without any speaker is kept only from this many words on (by default never:
    /// on PolNeAR train, speakerless quotes cost more precision than they bring recall).
    pub unattributed_min_words: usize,
    /// How many tokens may stand between a cue before the quote and its opening mark.
    pub max_gap: usize,
    /// How many tokens may stand between a cue and a short quote ("called the plan “a disaster”").
    pub short_max_gap: usize,
    /// Whether a quote with no cue of its own takes the speaker of the quote before it.
    pub inherit: bool,
    /// Whether indirect attributions are extracted too.
    pub indirect: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { short_words: 3, unattributed_min_words: usize::MAX, max_gap: 12, short_max_gap: 8, inherit: true, indirect: true }
    }
}

/// Tokens allowed between a cue and the quote it introduces ("said: “…”", "said that “…”").
const ADJACENT_GAP: &[&str] = &[",", ":", "that", "—", "–", "-", "que", "dass", "as"];

/// Verbs whose object (the person told) comes before the reported content.
const OBJECT_CUES: &[&str] = &["told", "tells", "asked", "asks", "assured", "informed", "reminded", "urged", "warned"];

/// Words that may follow the cue of an attribution placed after a quote that closed its own
/// sentence ("“….” Trump said in a statement.", "“….” She told Reuters on Monday.").
const ATTRIBUTION_TAIL: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "about", "of", "to", "from", "with", "while", "when", "as", "via",
    "by", "through", "last", "this", "earlier", "later", "recently", "afterward", "afterwards", "yesterday", "today",
    "tonight", "again", "then", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// A quotation mark standing alone as a token.
fn is_mark_token(t: &crate::tokens::Token) -> bool {
    !t.word && matches!(t.lower.as_str(), "'" | "\"" | "’" | "”" | "“" | "‘" | "»" | "«")
}

/// How a quote got its speaker.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Via {
    /// A cue right next to the quote, or an inverted "…," said X / "…," X said.
    Adjacent,
    /// A cue a few words before the quote in the same sentence.
    Loose,
    /// "X said:" closing the previous paragraph.
    Colon,
    /// The speaker of the quote before.
    Inherited,
}

struct Attribution {
    speaker: SpeakerMention,
    cue: Option<String>,
    cue_tok: Option<usize>,
    how: Via,
}

fn non_space(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// The index of the sentence that contains byte `pos` (the last one starting before it).
pub fn sentence_of(sentences: &[Span], pos: usize) -> usize {
    sentences.partition_point(|s| s.start <= pos).saturating_sub(1)
}

struct Extractor<'a> {
    toks: Tokens<'a>,
    /// For each token, the first token of its paragraph.
    paragraph_starts: Vec<usize>,
    mentions: &'a [Mention],
    entities: &'a [Entity],
    settings: Settings,
}

impl<'a> Extractor<'a> {
    fn is_boundary(&self, i: usize) -> bool {
        self.toks.toks[i].ends_sentence()
    }

    /// First token of the paragraph that contains token `i`.
    fn paragraph_start(&self, i: usize) -> usize {
        let i = i.min(self.paragraph_starts.len().saturating_sub(1));
        self.paragraph_starts.get(i).copied().unwrap_or(0)
    }

    /// First token of the sentence (within `lo..`) that contains token `i`.
    fn sentence_start(&self, i: usize, lo: usize) -> usize {
        let mut k = i;
        while k > lo && !self.is_boundary(k - 1) && !self.toks.toks[k].para_start {
            k -= 1;
        }
        k
    }

    fn cue_text(&self, c: usize, len: usize) -> String {
        self.toks.slice(c, c + len).to_string()
    }

    /// The speaker found from a cue at token `c` (the speaker before a verb, after "according to").
    fn speaker_for_cue(&self, c: usize, len: usize, kind: CueKind, lo: usize, hi: usize) -> Option<(usize, usize)> {
        match kind {
            // A participle ("…, calling them “…”") has the clause subject as its speaker, else
            // the nearest personal subject pronoun before it ("And although he thanked …, he
            // sounded a rare note, saying, “…”").
            CueKind::Speech if self.toks.toks[c].lower.ends_with("ing") => self.nearest_subject(lo, c),
            CueKind::Speech => self.toks.phrase_before(c, lo).or_else(|| {
                // "Said Comey, “…”", "said Trump: “…”"
                let inverted = self
                    .toks
                    .phrase_after(c + len, hi)
                    .filter(|&(_, b)| b < hi && (self.toks.toks[b].is(':') || self.toks.toks[b].is(',')));
                inverted.or_else(|| {
                    // "Clinton celebrated in Florida, declaring …", "he brought it up and later said …":
                    // the subject of the clause.
                    let mut j = c;
                    while j > lo && LEXICON.skip_words.contains(&self.toks.toks[j - 1].lower) {
                        j -= 1;
                    }
                    let participle = self.toks.toks[c].lower.ends_with("ing");
                    let coordinated = j > lo
                        && (self.toks.toks[j - 1].is(',') || matches!(self.toks.toks[j - 1].lower.as_str(), "and" | "but"));
                    if participle || coordinated {
                        self.nearest_subject(lo, c)
                    } else {
                        None
                    }
                })
            }),
            CueKind::According | CueKind::Post => self.toks.phrase_after(c + len, hi),
        }
    }

    /// The subject of the clause a participle or coordinated cue at `c` hangs on: a personal
    /// pronoun that opens a clause after the sentence's subject is nearer ("Wilkerson
    /// started Maher’s rant when he brought up the bombing and later said …", "Christie
    /// acknowledged some plagiarism even as he defended the campaign, saying …": he, as
    /// PolNeAR's Source is), else the sentence's subject.
    fn nearest_subject(&self, lo: usize, c: usize) -> Option<(usize, usize)> {
        let subject = self.toks.subject(lo, c);
        let toks = &self.toks.toks;
        // Only a pronoun that opens a clause: not one inside a complement ("noted that he
        // taught constitutional law, and added", "says he would release …, calling").
        let opens_clause = |p: usize| {
            p > lo && matches!(toks[p - 1].lower.as_str(), "when" | "as" | "while" | "where" | "after" | "before" | "since" | "because" | "although" | "though" | "and" | "but" | "," | "once" | "until")
        };
        let pronoun = self.toks.personal_pronoun_before(c, lo).filter(|&(p, _)| subject.map_or(true, |(_, b)| p >= b) && opens_clause(p));
        pronoun.or(subject)
    }

    /// "a play called “Los Hijos de Trump”", "a class called “Perception”": a naming cue after a
    /// common noun gives a title, not a quote; a naming cue needs a name, pronoun or role as speaker.
    fn names_a_title(&self, c: usize, range: (usize, usize)) -> bool {
        LEXICON.naming.contains(&self.toks.toks[c].lower) && !self.toks.can_speak(range.0, range.1)
    }

    fn attribution(&self, c: usize, len: usize, range: (usize, usize), how: Via) -> Attribution {
        let (a, b) = range;
        Attribution {
            speaker: mention(&self.toks, a, b, self.mentions, self.entities),
            cue: Some(self.cue_text(c, len)),
            cue_tok: Some(c),
            how,
        }
    }

    /// The last cue in `[lo, end)` and the tokens between its end and `end`.
    fn last_cue_before(&self, lo: usize, end: usize) -> Option<(usize, usize, CueKind)> {
        (lo..end).rev().find_map(|c| {
            let hit = self.toks.cue_at(c)?;
            (hit.kind != CueKind::Post && c + hit.len <= end).then_some((c, hit.len, hit.kind))
        })
    }

    /// A cue before the quote in the same sentence.
    /// A cue before the quote in the same sentence, with at most `max_gap` tokens between them
    /// (punctuation and "that" not counted).
    fn before(&self, lo: usize, open_tok: usize, max_gap: usize) -> Option<Attribution> {
        let (c, len, kind) = self.last_cue_before(lo, open_tok)?;
        // A naming cue has its object between it and the quote, even before a short quote
        // ("called the H1-B program “worse than amnesty”").
        let max_gap = if LEXICON.naming.contains(&self.toks.toks[c].lower) { max_gap.max(self.settings.short_max_gap + 4) } else { max_gap };
        let gap = &self.toks.toks[c + len..open_tok];
        let adjacent = gap.iter().all(|t| ADJACENT_GAP.contains(&t.lower.as_str()));
        if !adjacent && (gap.len() > max_gap || gap.iter().any(|t| t.ends_sentence())) {
            return None;
        }
        let range = self.speaker_for_cue(c, len, kind, lo, open_tok)?;
        if self.names_a_title(c, range) {
            return None;
        }
        Some(self.attribution(c, len, range, if adjacent { Via::Adjacent } else { Via::Loose }))
    }

    /// Whether the words after a cue at `k` (up to `hi`) end an attribution of the quote before
    /// it, rather than start reported speech of their own: after "“….” He says referees are …"
    /// or "“….” He added, “…”" the quote before belongs to an earlier speaker.
    fn ends_attribution(&self, k: usize, hi: usize, next_open: usize) -> bool {
        let toks = &self.toks.toks;
        let rest = k.min(hi)..hi;
        if hi == next_open && rest.clone().all(|j| !toks[j].word) {
            return false;
        }
        if rest.clone().any(|j| matches!(toks[j].lower.as_str(), "that" | "whether" | "if")) {
            return false;
        }
        let words = rest.clone().filter(|&j| toks[j].word).count();
        match toks.get(k).filter(|_| k < hi) {
            Some(t) if t.word => words <= 4 || t.cap || ATTRIBUTION_TAIL.contains(&t.lower.as_str()),
            _ => true,
        }
    }

    /// An attribution right after the quote: "…," said X / "…," X said / "…," X, a Y, said.
    /// `new_sentence`: the quote closed its own sentence and a new one starts after it.
    fn after(&self, close_tok: usize, hi: usize, new_sentence: bool, next_open: usize) -> Option<Attribution> {
        let mut i = close_tok;
        // Commas, dashes and stray marks (a nested quote closing with the outer one: 'old-school,''').
        while i < hi && (self.toks.toks[i].is(',') || self.toks.toks[i].is('—') || self.toks.toks[i].is('–') || self.toks.toks[i].is('-') || is_mark_token(&self.toks.toks[i])) {
            i += 1;
        }
        if i >= hi {
            return None;
        }
        if let Some(hit) = self.toks.cue_at(i) {
            // "…,” citing an instance in which …": what follows a participle is its object, not the speaker.
            if hit.kind == CueKind::Speech && self.toks.toks[i].lower.ends_with("ing") {
                return None;
            }
            let range = self.toks.phrase_after(i + hit.len, hi)?;
            return Some(self.attribution(i, hit.len, range, Via::Adjacent));
        }
        let near = (i + 1..hi.min(i + 20)).find(|&c| self.toks.cue_at(c).is_some_and(|h| h.kind != CueKind::Post));
        let Some(c) = near else {
            return if new_sentence { None } else { self.after_apposition(i, hi).or_else(|| self.after_unlisted_verb(i, hi)) };
        };
        let hit = self.toks.cue_at(c)?;
        let toks = &self.toks.toks;
        if toks.get(c + hit.len).is_some_and(|t| t.is(':')) {
            // "X said:" introduces the next quote.
            return None;
        }
        if new_sentence && !self.ends_attribution(c + hit.len, hi, next_open) {
            return None;
        }
        // "“…” He said he would …" starts a new sentence of reported speech: not this quote's attribution.
        let next = toks.get(c + hit.len);
        let clause_follows = next.is_some_and(|t| {
            t.word && (t.lower == "that" || LEXICON.pronoun(&t.lower).is_some() || self.toks.is_determiner_at(c + hit.len))
        });
        if clause_follows && !OBJECT_CUES.contains(&toks[c].lower.as_str()) {
            return None;
        }
        if hit.kind == CueKind::Speech {
            // The phrase starts the window (an apposition may follow it), or follows a comma
            // ("…" just as Clinton did, Rendell added) in the quote's own sentence. In the next
            // sentence, a speaker after other words interjects in new reported speech ("“….”
            // South Carolina, he said, was “…”"), not in this quote.
            if let Some((a, b)) = self.toks.phrase_before(c, i).filter(|&(a, _)| a <= i + 1 || (!new_sentence && toks[a - 1].is(','))) {
                return Some(self.attribution(c, hit.len, (a, b), Via::Adjacent));
            }
        }
        // "…" like the recent volatility, said Richard Curtin / according to X. (Not "…, told
        // POLITICO": the phrase after "told" is the person told.)
        if toks[c - 1].is(',') && !OBJECT_CUES.contains(&toks[c].lower.as_str()) {
            if let Some(range) = self.toks.phrase_after(c + hit.len, hi) {
                return Some(self.attribution(c, hit.len, range, Via::Adjacent));
            }
        }
        if new_sentence {
            return None;
        }
        self.after_apposition(i, hi)
    }

    /// "“France will always be France,” an angry Hollande retaliated.", "“…,” beamed Donald
    /// Hartley": right after a quote that does not close its sentence, a speaker and a verb the
    /// cue lists lack, ending the sentence.
    fn after_unlisted_verb(&self, i: usize, hi: usize) -> Option<Attribution> {
        let toks = &self.toks.toks;
        let verb_like = |k: usize| {
            toks.get(k).is_some_and(|t| {
                t.word && !t.cap && t.lower.len() > 3 && (t.lower.ends_with("ed") || t.lower.ends_with('s')) && !LEXICON.function_words.contains(&t.lower)
            })
        };
        let ends_here = |k: usize| k >= hi || !toks[k].word || ATTRIBUTION_TAIL.contains(&toks[k].lower.as_str());
        if let Some((a, b)) = self.toks.phrase_after(i, hi).filter(|&(a, b)| a == i && self.toks.can_speak(a, b)) {
            if b < hi && verb_like(b) && ends_here(b + 1) {
                return Some(self.attribution(b, 1, (a, b), Via::Adjacent));
            }
        }
        if verb_like(i) {
            let (a, b) = self.toks.phrase_after(i + 1, hi).filter(|&(a, b)| (a..b).any(|k| toks[k].cap))?;
            if ends_here(b) {
                return Some(self.attribution(i, 1, (a, b), Via::Adjacent));
            }
        }
        None
    }

    /// "“…,” Melanne Verveer, who served as Hillary Clinton’s chief of staff, told CBS News":
    /// the speaker right after the quote, then an apposition or relative clause between commas,
    /// then the cue.
    fn after_apposition(&self, i: usize, hi: usize) -> Option<Attribution> {
        let toks = &self.toks.toks;
        let (a, b) = self.toks.phrase_after(i, hi)?;
        if b >= hi || !toks[b].is(',') || !self.toks.can_speak(a, b) {
            return None;
        }
        let c = (b + 1..hi).find(|&c| {
            if !self.toks.cue_at(c).is_some_and(|h| h.kind == CueKind::Speech) {
                return false;
            }
            let mut j = c;
            while j > b + 1 && LEXICON.skip_words.contains(&toks[j - 1].lower) {
                j -= 1;
            }
            j > b + 1 && toks[j - 1].is(',')
        })?;
        let hit = self.toks.cue_at(c)?;
        if toks.get(c + hit.len).is_some_and(|t| t.is(':')) {
            return None;
        }
        Some(self.attribution(c, hit.len, (a, b), Via::Adjacent))
    }

    /// "X said:" at the end of the paragraph before a quote that opens its own paragraph.
    fn colon(&self, open_tok: usize) -> Option<Attribution> {
        if open_tok == 0 || !self.toks.toks[open_tok - 1].is(':') {
            return None;
        }
        let end = open_tok - 1;
        let lo = self.sentence_start(end, self.paragraph_start(end));
        if let Some((c, len, kind)) = self.last_cue_before(lo, end) {
            let range = self.speaker_for_cue(c, len, kind, lo, end)?;
            return Some(self.attribution(c, len, range, Via::Colon));
        }
        // "Pollsters agree - Carl Bialik: “…”": a name right before the colon.
        let named = self.toks.phrase_before(end, lo).filter(|&(a, b)| (a..b).all(|k| self.toks.toks[k].cap) && b - a >= 2);
        // "Kasich resisted: “…”": the subject of the introducing sentence.
        let (a, b) = named.or_else(|| self.toks.subject(lo, end))?;
        Some(Attribution { speaker: mention(&self.toks, a, b, self.mentions, self.entities), cue: None, cue_tok: None, how: Via::Colon })
    }

    /// "Kerry said that 100,000 would be accepted.¶¶“That adds up to …”": a quote that opens a
    /// sentence with no cue of its own goes on with the reported speech of the sentence right
    /// before it (in its paragraph, or the last one of the paragraph before).
    fn reported_just_before(&self, open_tok: usize, prev_close: usize) -> Option<Attribution> {
        let toks = &self.toks.toks;
        if open_tok == 0 || !(self.is_boundary(open_tok - 1) || toks[open_tok].para_start) {
            return None;
        }
        let mut end = open_tok;
        while end > 0 && !toks[end - 1].word {
            end -= 1;
        }
        if end == 0 || end <= prev_close {
            return None;
        }
        let lo = self.sentence_start(end - 1, self.paragraph_start(end - 1).max(prev_close));
        // "“…,” Sanders said, according to CNN. “…”": the attribution of the quote before, which
        // the quote inherits, is not a sentence of its own.
        if lo == prev_close && prev_close >= 2 && !toks[prev_close - 2].ends_sentence() {
            return None;
        }
        let (c, len, kind) = self.last_cue_before(lo, end)?;
        let (a, b) = self.speaker_for_cue(c, len, kind, lo, end)?;
        Some(Attribution { speaker: mention(&self.toks, a, b, self.mentions, self.entities), cue: Some(self.cue_text(c, len)), cue_tok: None, how: Via::Colon })
    }

    /// "According to Z, X said …": Z relays the words of the speaker.
    fn via(&self, lo: usize, hi: usize, speaker_cue: Option<usize>, speaker: &SpeakerMention) -> Option<SpeakerMention> {
        let c = (lo..hi).find(|&c| {
            Some(c) != speaker_cue && self.toks.cue_at(c).is_some_and(|h| h.kind == CueKind::According)
        })?;
        let hit = self.toks.cue_at(c)?;
        let (a, b) = self.toks.phrase_after(c + hit.len, hi)?;
        let span = self.toks.span(a, b);
        (!span.overlaps(&speaker.span)).then(|| mention(&self.toks, a, b, self.mentions, self.entities))
    }

    /// The clause around quote `n` when most of it is not quoted, as PolNeAR counts direct
    /// quotes, with the index of the last quote the clause takes in; `None` inside when the
    /// clause is mostly quoted (a direct quote). The clause runs from the attribution's cue
    /// before the quote (else from the sentence start) to the end of the quote, or on to the
    /// next clause break when the quote does not close its own clause.
    fn clause_of(&self, quoted: &[Quoted], n: usize, att: &Attribution, lo: usize) -> Option<(Option<Span>, usize)> {
        let toks = &self.toks.toks;
        let n_toks = toks.len();
        let q = &quoted[n];
        let open_tok = first_at_or_after(toks, q.open);
        let close_tok = first_at_or_after(toks, q.close_end);
        let text = q.text(self.toks.text);
        let cue_before = att.cue_tok.filter(|&c| c < open_tok);
        let mut start = match cue_before {
            Some(c) => c + self.toks.cue_at(c)?.len,
            None => lo,
        };
        // It starts after the last comma, colon or dash before the quote ("said at a rally in
        // Iowa, “…”"), then after a "that" right before the quote ("is telling supporters after
        // his victory in the primary that “…”") or close behind the start ("said Monday that
        // the plan was “…”"); not after the "that" of a deeper clause ("said business executives
        // often fail to understand that there are “no secrets in politics”").
        if let Some(k) = (start..open_tok).rev().find(|&k| matches!(toks[k].lower.as_str(), "," | ":" | ";" | "—" | "–")) {
            start = k + 1;
        }
        let that_before_quote = (start..open_tok).rev().find(|&k| !ADJACENT_GAP.contains(&toks[k].lower.as_str()) || toks[k].lower == "that").filter(|&k| toks[k].lower == "that");
        if let Some(k) = that_before_quote.or_else(|| (start..open_tok.min(start + 5)).find(|&k| toks[k].lower == "that")) {
            start = k + 1;
        }
        while start < open_tok && ADJACENT_GAP.contains(&toks[start].lower.as_str()) {
            start += 1;
        }
        let start = start.min(open_tok);
        // Whether a quote closes a clause of its own ("“not smart enough to win,”", "“unhinged.”").
        let closes = |t: &str| t.trim_end().ends_with(['.', ',', '!', '?', ';', ':', '…']);
        let break_at = |k: usize| toks[k].para_start || self.is_boundary(k) || matches!(toks[k].lower.as_str(), "," | "—" | "–" | "-" | ":" | "(");
        let mut quoted_chars = non_space(&text);
        let mut closed = closes(&text);
        let mut end = close_tok;
        let mut last = n;
        // Up to the next clause break. A quote joined to this one by a comma or conjunction
        // joins the clause ("called anti-Trump protestors “illegals” and “thugs” without
        // proof"); one that more words lead to starts a statement of its own, and this quote is
        // direct ("said ''this cannot be an American fight'' and that the United States should
        // not bear ''the bulk of the responsibility''"; "Cruz accuses Obama of “leading from
        // behind” and Donald Trump says he's “losing the war”").
        let mut gap = 0;
        while !closed && end < n_toks && end < close_tok + 80 && !break_at(end) {
            match quoted.get(last + 1) {
                Some(next) if first_at_or_after(toks, next.open) == end => {
                    if gap > 1 {
                        return Some((None, n));
                    }
                    let next_text = next.text(self.toks.text);
                    quoted_chars += non_space(&next_text);
                    closed = closes(&next_text);
                    end = first_at_or_after(toks, next.close_end);
                    last += 1;
                    gap = 0;
                }
                _ => {
                    gap += usize::from(!matches!(toks[end].lower.as_str(), "and" | "or" | "nor" | "but" | "&"));
                    end += 1;
                }
            }
        }
        // Mostly quoted or not, counted as PolNeAR's direct quotes are: the characters inside
        // the marks against all of the clause, spaces aside. "called him a “loser”" is a naming
        // with the object in it, as the annotation guide has it.
        let clause = self.toks.span(start, end);
        let all = non_space(self.toks.text.get(clause.start..clause.end).unwrap_or(""));
        Some(((quoted_chars * 2 < all).then_some(clause), last))
    }

    fn direct(&self, quoted: &[Quoted], sentences: &[Span], out: &mut Vec<Quote>) -> Vec<(usize, usize)> {
        let toks = &self.toks.toks;
        let n_toks = toks.len();
        let mut previous: Option<(SpeakerMention, Option<String>, usize)> = None;
        // Whoever relayed the previous quote: a quote that goes on inherits the relay too.
        let mut previous_via: Option<SpeakerMention> = None;
        let mut cue_tokens = Vec::new();
        // Quotes up to this index (exclusive) belong to the clause of an earlier quote, which
        // was reported as direct (true) or as one indirect attribution (false).
        let mut joined: (usize, bool) = (0, true);
        for (n, q) in quoted.iter().enumerate() {
            let open_tok = first_at_or_after(toks, q.open);
            let close_tok = first_at_or_after(toks, q.close_end);
            let prev_close = if n > 0 { first_at_or_after(toks, quoted[n - 1].close_end) } else { 0 };
            let next_open = quoted.get(n + 1).map_or(n_toks, |nq| first_at_or_after(toks, nq.open));
            let para = self.paragraph_start(open_tok);
            let lo = self.sentence_start(open_tok, prev_close.max(para));
            let mut hi = next_open.min(close_tok + 40).min(n_toks);
            if let Some(stop) = (close_tok..hi).find(|&k| self.is_boundary(k) || toks[k].para_start) {
                hi = stop;
            }
            let text = q.text(self.toks.text);
            let words = word_count(&text);
            let short = words <= self.settings.short_words;
            let new_sentence = text.trim_end().ends_with(['.', '!', '?']) && toks.get(close_tok).is_some_and(|t| t.word && t.cap);
            let found = self
                .before(lo, open_tok, 0)
                .or_else(|| self.after(close_tok, hi, new_sentence, next_open))
                .or_else(|| self.before(lo, open_tok, if short { self.settings.short_max_gap } else { self.settings.max_gap }))
                .or_else(|| if short { None } else { self.colon(open_tok) })
                .or_else(|| {
                    // "Clinton proclaimed at a press conference, “…”": the subject of the clause
                    // that a comma or colon hands over to the quote.
                    let handed_over = open_tok > lo && (toks[open_tok - 1].is(',') || toks[open_tok - 1].is(':'));
                    if short || !handed_over {
                        return None;
                    }
                    let (a, b) = self.toks.subject(lo, open_tok - 1)?;
                    Some(Attribution { speaker: mention(&self.toks, a, b, self.mentions, self.entities), cue: None, cue_tok: None, how: Via::Colon })
                })
                .or_else(|| if short { None } else { self.reported_just_before(open_tok, prev_close) })
                .or_else(|| {
                    if short || !self.settings.inherit {
                        return None;
                    }
                    let (speaker, cue, prev_tok) = previous.clone()?;
                    // Same paragraph, or this quote opens the paragraph right after the previous quote's.
                    let paras_between = (prev_close..open_tok).filter(|&k| toks[k].para_start).count();
                    let opens_paragraph = toks.get(open_tok).is_some_and(|t| t.para_start);
                    let contiguous = paras_between == 0 || (paras_between == 1 && opens_paragraph && prev_tok >= self.paragraph_start(prev_close.saturating_sub(1)));
                    contiguous.then_some(Attribution { speaker, cue, cue_tok: None, how: Via::Inherited })
                })
                .or_else(|| {
                    // A quote joined to the one before in its clause ("calling him a “train
                    // wreck” and “outsourcer in chief”"), however short, has its speaker.
                    let (speaker, cue, _) = previous.clone().filter(|_| n < joined.0)?;
                    Some(Attribution { speaker, cue, cue_tok: None, how: Via::Inherited })
                });
            if found.is_none() && words < self.settings.unattributed_min_words {
                continue;
            }
            // Quotes that an earlier quote's clause took in: reported with it.
            if n < joined.0 && !joined.1 {
                continue;
            }
            // Quoted words inside a paraphrase ("Sims said he was “kind of riding the fence” until …")
            // make an indirect attribution of the whole clause when most of it is not quoted.
            let embedded_in = if n < joined.0 {
                None
            } else {
                found.as_ref().and_then(|att| {
                    let (clause, last) = self.clause_of(quoted, n, att, lo)?;
                    joined = (last + 1, clause.is_none());
                    clause
                })
            };
            let (text, span, direct) = match embedded_in {
                Some(clause) => (self.toks.text.get(clause.start..clause.end).unwrap_or("").to_string(), clause, false),
                None => (text, q.inner(), true),
            };
            let sentence = sentence_of(sentences, span.start);
            let (speaker, cue, via) = match found {
                Some(att) => {
                    if let Some(c) = att.cue_tok {
                        cue_tokens.push((c, out.len()));
                    }
                    let via = if att.how == Via::Inherited {
                        previous_via.clone()
                    } else {
                        let s_lo = self.sentence_start(open_tok, para);
                        self.via(s_lo, hi.max(open_tok), att.cue_tok, &att.speaker)
                    };
                    previous = Some((att.speaker.clone(), att.cue.clone(), open_tok));
                    previous_via = via.clone();
                    (Some(att.speaker), att.cue, via)
                }
                None => {
                    previous = None;
                    previous_via = None;
                    (None, None, None)
                }
            };
            out.push(Quote { id: String::new(), text, span, direct, speaker, cue, via, sentence });
        }
        cue_tokens
    }

    /// Indirect attributions: "X said (that) …", "X told Y that …", "according to X, …", "…, X said."
    fn indirect(&self, quoted: &[Quoted], used_cues: &[usize], sentences: &[Span], out: &mut Vec<Quote>) {
        let toks = &self.toks.toks;
        let inside_quote = |pos: usize| quoted.iter().any(|q| q.open <= pos && pos < q.close_end);
        let sentence_spans: Vec<Span> = if sentences.is_empty() { vec![Span::new(0, self.toks.text.len())] } else { sentences.to_vec() };
        for s in &sentence_spans {
            let s0 = first_at_or_after(toks, s.start);
            let s1 = first_at_or_after(toks, s.end);
            // Glued sentences ("said.The") are split further at sentence punctuation.
            let mut start = s0;
            for k in s0..=s1 {
                if k == s1 || (k > start && self.is_boundary(k)) || (k > start && toks[k].para_start) {
                    let end = if k < s1 && self.is_boundary(k) { k + 1 } else { k };
                    self.indirect_in(start, end, &inside_quote, used_cues, sentences, out);
                    start = end;
                }
            }
        }
    }

    fn content(&self, a: usize, b: usize) -> Option<(Span, String)> {
        let toks = &self.toks.toks;
        let mut b = b;
        while b > a && !toks[b - 1].word && !toks[b - 1].is(')') {
            b -= 1;
        }
        let mut a = a;
        while a < b && !toks[a].word {
            a += 1;
        }
        if b <= a || (a..b).filter(|&k| toks[k].word).count() < 3 {
            return None;
        }
        let span = self.toks.span(a, b);
        Some((span, self.toks.slice(a, b).to_string()))
    }

    fn indirect_in(&self, s0: usize, s1: usize, inside_quote: &dyn Fn(usize) -> bool, used_cues: &[usize], sentences: &[Span], out: &mut Vec<Quote>) {
        let toks = &self.toks.toks;
        let mut c = s0;
        while c < s1 {
            let Some(hit) = self.toks.cue_at(c) else {
                c += 1;
                continue;
            };
            if inside_quote(toks[c].span.start) || used_cues.contains(&c) || c + hit.len > s1 {
                c += hit.len;
                continue;
            }
            let after = c + hit.len;
            let found = match hit.kind {
                CueKind::According => self.toks.phrase_after(after, s1).and_then(|(a, b)| {
                    if c > s0 && toks[c - 1].is(',') {
                        // "…, according to X."
                        Some(((a, b), self.content(s0, c - 1)?))
                    } else if c <= s0 + 1 && b < s1 && toks[b].is(',') {
                        // "According to X, …"
                        Some(((a, b), self.content(b + 1, s1)?))
                    } else {
                        None
                    }
                }),
                CueKind::Speech => self.speech_indirect(s0, s1, c, hit.len),
                CueKind::Post => None,
            };
            if let Some(((a, b), (span, text))) = found {
                // Quotes already reported (direct, or quoted words in a paraphrase) cover their clause.
                let reported = out.iter().any(|q| q.span.overlaps(&span));
                if !inside_quote(span.start) && !inside_quote(span.end.saturating_sub(1)) && !reported {
                    let speaker = mention(&self.toks, a, b, self.mentions, self.entities);
                    let via = if hit.kind == CueKind::Speech { self.via(s0, s1, Some(c), &speaker) } else { None };
                    out.push(Quote {
                        id: String::new(),
                        text,
                        span,
                        direct: false,
                        speaker: Some(speaker),
                        cue: Some(self.cue_text(c, hit.len)),
                        via,
                        sentence: sentence_of(sentences, span.start),
                    });
                }
            }
            c += hit.len;
        }
    }

    #[allow(clippy::type_complexity)]
    fn speech_indirect(&self, s0: usize, s1: usize, c: usize, len: usize) -> Option<((usize, usize), (Span, String))> {
        let toks = &self.toks.toks;
        let after = c + len;
        if let Some(range) = self.toks.phrase_before(c, s0) {
            let (a, _) = range;
            if after >= s1 || toks[after].is(',') || toks[after].is(':') || !toks[after].word {
                // "…, X said." : the content is the clause before the speaker.
                let tail_is_end = (after..s1).all(|k| !toks[k].word) || (after..s1).filter(|&k| toks[k].word).count() <= 4 && !(after..s1).any(|k| toks[k].is(','));
                if a > s0 && toks[a - 1].is(',') && tail_is_end {
                    return Some((range, self.content(s0, a - 1)?));
                }
                return None;
            }
            let window_end = s1.min(after + 8);
            let that = (after..window_end).find(|&k| toks[k].lower == "that" || toks[k].lower == "que" || toks[k].lower == "dass");
            let no_punct_before_that = that.is_some_and(|t| (after..t).all(|k| toks[k].word));
            let start = if no_punct_before_that {
                that.map_or(after, |t| t + 1)
            } else if OBJECT_CUES.contains(&toks[c].lower.as_str()) {
                // "told Reuters he would …": skip the person told.
                self.toks.phrase_after(after, s1).map_or(after, |(_, b)| b)
            } else {
                after
            };
            return Some((range, self.content(start, s1)?));
        }
        // "…, said X."
        if c > s0 && toks[c - 1].is(',') {
            let (a, b) = self.toks.phrase_after(after, s1)?;
            if (b..s1).any(|k| toks[k].word) && (b..s1).filter(|&k| toks[k].word).count() > 4 {
                return None;
            }
            return Some(((a, b), self.content(s0, c - 1)?));
        }
        None
    }
}

/// Direct (and, with `settings.indirect`, indirect) quotes of `text`, in text order, with ids `q0`, `q1`, ….
pub fn extract_with(text: &str, sentences: &[Span], mentions: &[Mention], entities: &[Entity], lang: &str, settings: Settings) -> Vec<Quote> {
    let toks = Tokens::new(text, lang);
    let mut paragraph_starts = Vec::with_capacity(toks.toks.len());
    let mut current = 0;
    for (i, t) in toks.toks.iter().enumerate() {
        if t.para_start {
            current = i;
        }
        paragraph_starts.push(current);
    }
    let extractor = Extractor { toks, paragraph_starts, mentions, entities, settings };
    let quoted = find_quoted(text);
    let mut out = Vec::new();
    let used = extractor.direct(&quoted, sentences, &mut out);
    if settings.indirect {
        let used_cues: Vec<usize> = used.iter().map(|u| u.0).collect();
        extractor.indirect(&quoted, &used_cues, sentences, &mut out);
    }
    out.sort_by_key(|q| (q.span.start, q.span.end));
    for (i, q) in out.iter_mut().enumerate() {
        q.id = format!("q{i}");
    }
    out
}
