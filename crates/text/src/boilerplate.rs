//! Lines that are page furniture (share buttons, "Read also", photo credits, cookie notices),
//! from phrase lists in several languages (`data/boilerplate/`).

use once_cell::sync::Lazy;

/// Longest line (in words) that a prefix rule may remove: longer lines are text.
const MAX_WORDS: usize = 30;

/// Longest line (in words) that a contains rule may remove: credits and notices are short, and
/// a lead paragraph may well mention "a photo by" or "Getty Images".
const MAX_WORDS_CONTAINS: usize = 12;

const FILES: &[&str] = &[
    include_str!("../data/boilerplate/en.txt"),
    include_str!("../data/boilerplate/de.txt"),
    include_str!("../data/boilerplate/fr.txt"),
    include_str!("../data/boilerplate/es.txt"),
    include_str!("../data/boilerplate/ru.txt"),
    include_str!("../data/boilerplate/pl.txt"),
];

/// The phrase lists, lower case.
struct Phrases {
    whole: Vec<String>,
    prefix: Vec<String>,
    contains: Vec<String>,
}

static PHRASES: Lazy<Phrases> = Lazy::new(|| {
    let mut phrases = Phrases { whole: Vec::new(), prefix: Vec::new(), contains: Vec::new() };
    for line in FILES.iter().flat_map(|f| f.lines()) {
        let line = line.trim();
        let (list, phrase) = if let Some(p) = line.strip_prefix("= ") {
            (&mut phrases.whole, p)
        } else if let Some(p) = line.strip_prefix("^ ") {
            (&mut phrases.prefix, p)
        } else if let Some(p) = line.strip_prefix("* ") {
            (&mut phrases.contains, p)
        } else {
            continue;
        };
        // Phrases keep their punctuation ("©", "/ afp", "photo:"); only case and spaces change.
        let phrase = phrase.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        if !phrase.is_empty() {
            list.push(phrase);
        }
    }
    phrases
});

/// Lower case, white space collapsed, leading bullets and arrows and trailing punctuation removed.
fn reduce(line: &str) -> String {
    let lower = line.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let joined = words.join(" ");
    joined
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '(' | '©' | '@'))
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, ':' | ')' | '/'))
        .to_string()
}

/// Whether `phrase` starts `line` and ends at a word boundary there. A phrase of one bare word
/// ("advertisement", "werbung") must also be followed by punctuation, a number or nothing, so
/// that "Werbung im Internet wächst" stays while "Werbung", "Anzeige:" and "Copyright 2024" go.
fn starts_with_phrase(line: &str, phrase: &str) -> bool {
    if !line.starts_with(phrase) {
        return false;
    }
    let rest = &line[phrase.len()..];
    if phrase.ends_with(|c: char| !c.is_alphanumeric()) {
        return true;
    }
    if rest.chars().next().is_some_and(char::is_alphanumeric) {
        return false;
    }
    phrase.contains(' ') || rest.trim_start().chars().next().is_none_or(|c| !c.is_alphabetic())
}

/// Whether a line is boilerplate rather than article text: "Read also: …", "Share",
/// "Advertisement", "Photo: AFP", "REUTERS/Jane Doe", cookie notices, subscription prompts…
/// in English, German, French, Spanish, Portuguese, Russian, Ukrainian, Polish, Italian and Dutch.
///
/// Whole-line phrases must match the entire line; prefix phrases only apply to lines of at most
/// 30 words and contains phrases to lines of at most 12, so that sentences that merely mention
/// a phrase survive.
pub fn is_boilerplate_line(line: &str) -> bool {
    let reduced = reduce(line);
    if reduced.is_empty() {
        return false;
    }
    let phrases = &*PHRASES;
    let exact = reduced.trim_end_matches(|c: char| !c.is_alphanumeric());
    if phrases.whole.iter().any(|p| p == exact) {
        return true;
    }
    let words = reduced.split_whitespace().count();
    (words <= MAX_WORDS && phrases.prefix.iter().any(|p| starts_with_phrase(&reduced, p)))
        || (words <= MAX_WORDS_CONTAINS && phrases.contains.iter().any(|p| reduced.contains(p.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_boilerplate_in_several_languages() {
        for line in [
            "Read also: Ukraine war latest",
            "READ MORE",
            "Subscribe to our newsletter",
            "Share",
            "Share this article »",
            "Advertisement",
            "Photo: AFP",
            "(Reuters) photo credits",
            "REUTERS/Kevin Lamarque",
            "Click here to read the full report",
            "We use cookies to improve your experience. By continuing you accept.",
            "Lesen Sie auch: Was Scholz plant",
            "Anzeige",
            "À lire aussi : La réforme des retraites",
            "Lire aussi",
            "Publicidad",
            "Lee también: El Gobierno aprueba",
            "Читайте также: Путин провел встречу",
            "Читайте також: Зеленський заявив",
            "Czytaj też: Rząd przyjął projekt",
            "Fot. PAP/Leszek Szymański",
            "© 2024 Reuters. All rights reserved.",
            "• Share on Facebook",
            "Werbung",
            "Anzeige:",
            "Copyright 2024 The Associated Press",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn keeps_article_sentences() {
        for line in [
            "Share prices fell 3% on Monday after the announcement.",
            "The advertisement campaign cost $2 million, officials said.",
            "Readers were asked to subscribe before the election, a practice the court later banned as unfair to many who could not afford it.",
            "Photographers gathered outside the court.",
            "Reklamacje złożyło 200 osób.",
            "Werbung im Internet wächst schneller als erwartet.",
            "MADRID (EFE). El Gobierno aprobó este martes el presupuesto.",
            "A photo by the ministry showed the damaged bridge near the border crossing on Tuesday morning.",
            "(We never did settle on one, unlike our 565 municipalities.)",
            "Kindle for PCの起動ホットキーがKeePassと被る",
            "",
            "   ",
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
    }
}
