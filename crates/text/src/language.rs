//! Language identification through whatlang, as ISO 639-1 codes.

use whatlang::Lang;

/// Fewest letters for which an identification is attempted.
const MIN_LETTERS: usize = 12;

/// Lowest whatlang confidence accepted. whatlang's own `is_reliable` (0.9) rejects most single
/// news sentences in English; at 0.5 its guesses on sentences are right in our tests, and
/// closely related pairs (uk/ru, es/pt) still differ by more than that margin.
const MIN_CONFIDENCE: f64 = 0.5;

/// The ISO 639-1 code of the language of `text`, or `None` when the text is too short (fewer
/// than 12 letters) or whatlang's confidence is below 0.5.
pub fn detect_language(text: &str) -> Option<&'static str> {
    if text.chars().filter(|c| c.is_alphabetic()).take(MIN_LETTERS).count() < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(text)?;
    if info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    Some(iso639_1(info.lang()))
}

/// ISO 639-1 for every language whatlang knows (Mandarin is `zh`, Persian `fa`, Bokmål `nb`).
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_common_news_languages() {
        assert_eq!(detect_language("The president said on Monday that the talks would continue next week in Geneva."), Some("en"));
        assert_eq!(detect_language("Der Bundeskanzler sagte am Montag, dass die Gespräche nächste Woche in Genf fortgesetzt werden."), Some("de"));
        assert_eq!(detect_language("Le président a déclaré lundi que les négociations reprendraient la semaine prochaine à Genève."), Some("fr"));
        assert_eq!(detect_language("Президент заявил в понедельник, что переговоры продолжатся на следующей неделе в Женеве."), Some("ru"));
        assert_eq!(detect_language("Президент заявив у понеділок, що переговори продовжаться наступного тижня в Женеві."), Some("uk"));
    }

    #[test]
    fn refuses_short_or_empty_text() {
        assert_eq!(detect_language(""), None);
        assert_eq!(detect_language("OK"), None);
        assert_eq!(detect_language("12345 67890 !!!"), None);
    }
}
