//! Behaviour on the examples, English and German.

use chrono::NaiveDate;
use model::TimexType;

use crate::{annotate_timeml, infer_publication, Tagger, TimexError};

fn dct() -> Option<NaiveDate> {
    // Thursday 5 March 2020.
    NaiveDate::from_ymd_opt(2020, 3, 5)
}

/// (text, type, value, mod) of every expression found.
fn tag_with(lang: &str, text: &str, dct: Option<NaiveDate>) -> Vec<(String, TimexType, String, Option<String>)> {
    let tagger = Tagger::for_language(lang).expect("language supported");
    let sentences = text::sentences(text);
    tagger.tag(text, &sentences, dct).into_iter().map(|t| (t.text, t.kind, t.value, t.modifier)).collect()
}

fn one(lang: &str, text: &str, dct: Option<NaiveDate>) -> (String, TimexType, String, Option<String>) {
    let found = tag_with(lang, text, dct);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.into_iter().next().expect("one expression")
}

fn check(text: &str, extent: &str, kind: TimexType, value: &str) {
    let (t, k, v, _) = one("en", text, dct());
    assert_eq!((t.as_str(), k, v.as_str()), (extent, kind, value), "{text}");
}

#[test]
fn every_resource_file_compiles() {
    for (code, lexicon, rules) in crate::LANGUAGES {
        if let Err(e) = crate::grammar::Grammar::compile(lexicon, rules) {
            panic!("{code}: {e}");
        }
    }
    assert!(Tagger::for_language("en-GB").is_some());
    assert!(Tagger::for_language("xx").is_none());
}

#[test]
fn weekdays_by_tense() {
    check("The minister resigned on Tuesday.", "Tuesday", TimexType::Date, "2020-03-03");
    check("The minister will resign on Tuesday.", "Tuesday", TimexType::Date, "2020-03-10");
}

#[test]
fn deictic_expressions() {
    check("Prices rose last month.", "last month", TimexType::Date, "2020-02");
    check("He arrived yesterday.", "yesterday", TimexType::Date, "2020-03-04");
    check("Sales fell last week.", "last week", TimexType::Date, "2020-W09");
    check("The talks collapsed earlier this week.", "earlier this week", TimexType::Date, "2020-W10");
    check("Turnout was low in late 2019.", "late 2019", TimexType::Date, "2019");
    check("The plant opens in mid-March.", "mid-March", TimexType::Date, "2020-03");
    check("The company has lost money for the past three years.", "the past three years", TimexType::Duration, "P3Y");
    check("Nobody is safe now.", "now", TimexType::Date, "PRESENT_REF");
    check("Revenue in the first quarter of 2020 doubled.", "the first quarter of 2020", TimexType::Date, "2020-Q1");
    check("The summer of 2020 was hot.", "The summer of 2020", TimexType::Date, "2020-SU");
    check("Prices peaked in the 1990s.", "1990s", TimexType::Date, "199");
    check("The 20th century ended.", "The 20th century", TimexType::Date, "19");
    check("The vote is on March 3.", "March 3", TimexType::Date, "2020-03-03");
}

#[test]
fn modifiers() {
    let (_, _, v, m) = one("en", "Turnout was low in late 2024.", dct());
    assert_eq!((v.as_str(), m.as_deref()), ("2024", Some("END")));
    let (_, _, v, m) = one("en", "It opens in mid-March.", dct());
    assert_eq!((v.as_str(), m.as_deref()), ("2020-03", Some("MID")));
    let (_, _, v, m) = one("en", "It lasted more than two years.", dct());
    assert_eq!((v.as_str(), m.as_deref()), ("P2Y", Some("MORE_THAN")));
}

#[test]
fn narrative_anchoring() {
    let found = tag_with("en", "The quake struck on March 3, 2019. Two days later, aid arrived. The next day it rained.", dct());
    let values: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(values, ["2019-03-03", "2019-03-05", "2019-03-06"]);
    assert_eq!(found[1].0, "Two days later");
    let found = tag_with("en", "On June 1, 2018 the plant closed. 24 hours later it reopened.", dct());
    assert_eq!(found[1].0, "24 hours later");
    assert_eq!(found[1].2, "2018-06-02");
}

#[test]
fn durations_and_sets() {
    check("They talked for five minutes.", "five minutes", TimexType::Duration, "PT5M");
    check("The board meets every week.", "every week", TimexType::Set, "P1W");
    check("The paper appears daily.", "daily", TimexType::Set, "P1D");
    check("Trains leave every Monday.", "every Monday", TimexType::Set, "XXXX-WXX-1");
    check("It took half an hour.", "half an hour", TimexType::Duration, "PT30M");
    check("It lasted twenty-four hours.", "twenty-four hours", TimexType::Duration, "PT24H");
}

#[test]
fn times_of_day() {
    check("The blast came at 3:15 p.m. on the square.", "3:15 p.m.", TimexType::Time, "2020-03-05T15:15");
    check("He spoke this morning.", "this morning", TimexType::Time, "2020-03-05TMO");
    check("Police arrived Wednesday night.", "Wednesday night", TimexType::Time, "2020-03-04TNI");
}

#[test]
fn without_dct_keeps_placeholders() {
    let none = None;
    let v = |text: &str| one("en", text, none).2;
    assert_eq!(v("He arrived yesterday."), "XXXX-XX-XX");
    assert_eq!(v("Prices rose last month."), "XXXX-XX");
    assert_eq!(v("The vote was on March 3."), "XXXX-03-03");
    assert_eq!(v("The minister resigned on Tuesday."), "XXXX-WXX-2");
    assert_eq!(v("It happened in 1998."), "1998");
}

#[test]
fn no_false_alarms_on_numbers_and_words() {
    assert!(tag_with("en", "He paid $1,990 for 2,000 shares, a 1990% gain.", dct()).is_empty());
    assert!(tag_with("en", "Prices may fall, and the market may recover.", dct()).is_empty());
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "", "…", "«Dienstag»", "On 31 February 2020", "March 99", "12:99 p.m.", "the 99th century", "é2020é", "ı̇stanbul 1990年",
        "from March 3 to ５", "between 2019 and 2019", "March 31–31", "from 3 – 5 May", "2019–00", "Feb 28–30, 2021", "from Friday to —",
        "vom 3. bis", "– 5 March", "from 9999 to 10000", "March 3—5—7",
    ] {
        let _ = tag_with("en", text, dct());
        let _ = tag_with("de", text, dct());
        let _ = tag_with("en", text, None);
    }
    // Dates at the ends of the calendar must not overflow.
    for dct in [NaiveDate::MAX, NaiveDate::MIN] {
        let _ = tag_with("en", "Last week, on Tuesday, 300000 years ago, the next day in the 99th century and late next year.", Some(dct));
    }
}

#[test]
fn german_rules() {
    let de = |text: &str| one("de", text, dct());
    assert_eq!(de("Der Minister trat am Dienstag zurück.").2, "2020-03-03");
    assert_eq!(de("Das Treffen fand am 3. März 2019 statt.").2, "2019-03-03");
    assert_eq!(de("Die Preise stiegen im vergangenen Monat.").2, "2020-02");
    assert_eq!(de("Er kam gestern an.").2, "2020-03-04");
    assert_eq!(de("Vor zwei Tagen begann der Streik.").2, "2020-03-03");
    assert_eq!(de("Das Werk öffnet Mitte März.").3.as_deref(), Some("MID"));
    assert_eq!(de("Die Verhandlungen dauerten drei Jahre.").2, "P3Y");
    assert_eq!(de("Die Zeitung erscheint täglich.").2, "P1D");
    assert_eq!(de("Der Zug fährt um 15.30 Uhr.").2, "2020-03-05T15:30");
    assert_eq!(de("Er kam am nächsten Tag.").0, "nächsten Tag");
}

#[test]
fn german_reporting_verbs_and_tense() {
    // DCT Thursday 5 March 2020: the nearest Friday is the next one, the nearest May this year's.
    let de = |text: &str| one("de", text, dct()).2;
    // The day of a report lies before the article, whichever side the verb stands on.
    assert_eq!(de("Der Sprecher teilte am Freitag mit, die Gespräche gingen weiter."), "2020-02-28");
    assert_eq!(de("Am Freitag sagte der Minister, die Gespräche gingen weiter."), "2020-02-28");
    // A reporting verb says nothing about when the reported event happens.
    assert_eq!(de("Der Sprecher sagte, das Treffen finde am Freitag statt."), "2020-03-06");
    assert_eq!(de("Die Ministerin erklärte, die Wahl finde im Mai statt."), "2020-05");
    // Past and future tense still decide.
    assert_eq!(de("Die Regierung hat den Vertrag im Mai unterzeichnet."), "2019-05");
    assert_eq!(de("Der Minister wird am Dienstag zurücktreten."), "2020-03-10");
}

#[test]
fn duration_ranges_are_one_expression() {
    // TimeBank tags "two to three weeks" as one DURATION; the value is the lower bound.
    let (t, k, v, m) = one("en", "Shipments resume within two to three weeks.", dct());
    assert_eq!((t.as_str(), k, v.as_str(), m.as_deref()), ("two to three weeks", TimexType::Duration, "P2W", Some("EQUAL_OR_MORE")));
    let (t, _, v, _) = one("en", "Acquisitions are due during the next 12 to 18 months.", dct());
    assert_eq!((t.as_str(), v.as_str()), ("the next 12 to 18 months", "P12M"));
    assert_eq!(one("en", "The repairs took 3-4 days.", dct()).2, "P3D");
    let (t, k, v, m) = one("de", "Die Reparatur dauert zwei bis drei Tage.", dct());
    assert_eq!((t.as_str(), k, v.as_str(), m.as_deref()), ("zwei bis drei Tage", TimexType::Duration, "P2D", Some("EQUAL_OR_MORE")));
}

#[test]
fn earnings_report_periods() {
    // DCT 1 November 1989: the third quarter has just ended and is what reports are about.
    let dct = NaiveDate::from_ymd_opt(1989, 11, 1);
    let tag = |text: &str| tag_with("en", text, dct).into_iter().map(|t| (t.0, t.2)).collect::<Vec<_>>();
    assert_eq!(tag("The company said its third-quarter earnings will be lower."), [("third-quarter".to_string(), "1989-Q3".to_string())]);
    let found = tag("Net rose in the third quarter. Sales grew 5%. Costs fell. A year earlier, net was $2 million. In the 1988 period, sales fell.");
    let values: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(values, ["1989-Q3", "1988-Q3", "1988-Q3"]);
    assert_eq!(tag("Net income for the year ended June 30 rose.")[0], ("the year".to_string(), "P1Y".to_string()));
    assert_eq!(tag("Sales fell in the past year."), [("the past year".to_string(), "1988".to_string())]);
    // "the day before" an event is not a temporal expression of its own.
    assert!(tag("He was seen the day before authorities issued a warrant.").is_empty());
    let found = tag("Net fell in the third quarter. Sales for the same period last year were higher.");
    assert_eq!(found[1], ("the same period last year".to_string(), "1988-Q3".to_string()));
}

#[test]
fn spoken_years_and_noon() {
    check("Prices peaked in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", TimexType::Date, "1994-WI");
    check("January nineteen ninety-seven was cold.", "January nineteen ninety-seven", TimexType::Date, "1997-01");
    check("Talks broke off at noon Tuesday.", "noon Tuesday", TimexType::Time, "2020-03-03T12:00");
}

#[test]
fn timeml_plain_text() {
    let out = annotate_timeml("Sales fell last week & rose <today>.", dct(), "en").expect("annotated");
    assert!(out.contains("functionInDocument=\"CREATION_TIME\""), "{out}");
    assert!(out.contains("<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2020-W09\">last week</TIMEX3> &amp; rose &lt;<TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2020-03-05\">today</TIMEX3>&gt;."), "{out}");
}

#[test]
fn timeml_tempeval_form() {
    let input = "<?xml version=\"1.0\" ?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-01-08\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">19980108</TIMEX3></DCT>\n<TEXT>\nStocks <EVENT eid=\"e1\">fell</EVENT> <TIMEX3 tid=\"t9\" type=\"DATE\" value=\"X\">yesterday</TIMEX3> and last <EVENT eid=\"e2\">week</EVENT>.\n</TEXT>\n</TimeML>\n";
    let out = annotate_timeml(input, None, "en").expect("annotated");
    assert!(out.contains("value=\"1998-01-08\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">19980108</TIMEX3></DCT>"), "{out}");
    assert!(out.contains("<EVENT eid=\"e1\">fell</EVENT> <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-01-07\">yesterday</TIMEX3> and last <EVENT"), "{out}");
    assert!(!out.contains("tid=\"t9\""));
}

#[test]
fn timeml_errors_are_clear() {
    assert!(matches!(annotate_timeml("x", None, "xx"), Err(TimexError::UnsupportedLanguage(..))));
    assert!(matches!(annotate_timeml("<TEXT>never closed", None, "en"), Err(TimexError::Malformed(_))));
    let bad_dct = "<DCT><TIMEX3 value=\"soon\">soon</TIMEX3></DCT><TEXT>a</TEXT>";
    assert!(matches!(annotate_timeml(bad_dct, None, "en"), Err(TimexError::InvalidDct(_))));
}

#[test]
fn publication_from_mentions() {
    let tagger = Tagger::for_language("en").expect("en");
    let text = "The storm hit on March 3, 2020, after a dry February 2020. Repairs will take weeks.";
    let times = tagger.tag(text, &text::sentences(text), None);
    assert_eq!(infer_publication(&times), Some(("2020-03-03".to_string(), None)));
    let text = "The storm hit on March 3, 2020. A summit is scheduled for April 2020. Repairs will finish by June 2020. In May 2020 a report will follow.";
    let sentences = text::sentences(text);
    let times = tagger.tag(text, &sentences, None);
    let range = tagger.infer_publication(text, &sentences, &times).expect("a range");
    assert_eq!((range.earliest.as_str(), range.latest.as_deref()), ("2020-03-03", Some("2020-04")));
    assert_eq!(range.latest_day(), NaiveDate::from_ymd_opt(2020, 4, 30));
}

/// (text, value, range_end, ends_range) of every expression found.
fn ranges(lang: &str, text: &str, dct: Option<NaiveDate>) -> Vec<(String, String, Option<String>, bool)> {
    let tagger = Tagger::for_language(lang).expect("language supported");
    tagger.tag(text, &text::sentences(text), dct).into_iter().map(|t| (t.text, t.value, t.range_end, t.ends_range)).collect()
}

fn range_of(lang: &str, text: &str, dct: Option<NaiveDate>) -> (String, String, String, String) {
    let found = ranges(lang, text, dct);
    assert_eq!(found.len(), 2, "{text}: {found:?}");
    let (begin, end) = (&found[0], &found[1]);
    assert!(!begin.3 && begin.2.is_some() && end.3 && end.2.is_none(), "{text}: {found:?}");
    assert_eq!(begin.2.as_deref(), Some(end.1.as_str()), "{text}: range_end is the end's value");
    (begin.0.clone(), begin.1.clone(), end.0.clone(), end.1.clone())
}

#[test]
fn ranges_are_two_linked_expressions() {
    let r = |text: &str| range_of("en", text, dct());
    assert_eq!(r("The fair runs from March 10 to 12."), ("March 10".into(), "2020-03-10".into(), "12".into(), "2020-03-12".into()));
    assert_eq!(r("The fair ran March 3–5, 2019, in Paris."), ("March 3".into(), "2019-03-03".into(), "5, 2019".into(), "2019-03-05".into()));
    assert_eq!(r("Talks were held 3-5 March 2019."), ("3".into(), "2019-03-03".into(), "5 March 2019".into(), "2019-03-05".into()));
    assert_eq!(r("Growth was strong between 2019 and 2021."), ("2019".into(), "2019".into(), "2021".into(), "2021".into()));
    assert_eq!(r("Output fell in 2019–21."), ("2019".into(), "2019".into(), "21".into(), "2021".into()));
    assert_eq!(r("He will be away from Monday until Wednesday."), ("Monday".into(), "2020-03-09".into(), "Wednesday".into(), "2020-03-11".into()));
    assert_eq!(r("The strike lasted from Friday to Monday."), ("Friday".into(), "2020-02-28".into(), "Monday".into(), "2020-03-02".into()));
    assert_eq!(r("The plant was closed from Monday to Friday."), ("Monday".into(), "2020-02-24".into(), "Friday".into(), "2020-02-28".into()));
    // A year written once applies to both ends.
    assert_eq!(r("It ran from November to February 2019."), ("November".into(), "2018-11".into(), "February 2019".into(), "2019-02".into()));
    assert_eq!(range_of("en", "The show ran from March 3 to March 9, 2019.", None).1, "2019-03-03");
    assert_eq!(range_of("en", "The show runs from March 3 to 9.", None).3, "XXXX-03-09");
    let de = range_of("de", "Die Messe findet vom 3. bis 5. März 2021 statt.", dct());
    assert_eq!(de, ("3".into(), "2021-03-03".into(), "5. März 2021".into(), "2021-03-05".into()));
    assert_eq!(range_of("de", "Gestreikt wurde zwischen 2019 und 2021.", dct()).3, "2021");
}

#[test]
fn not_ranges() {
    let none_linked = |text: &str| {
        let found = ranges("en", text, dct());
        assert!(found.iter().all(|f| f.2.is_none() && !f.3), "{text}: {found:?}");
        found
    };
    // A changed date, not a span of time.
    assert_eq!(none_linked("The vote was postponed from March 3 to March 10.").len(), 2);
    // Bare numbers that count something else.
    assert_eq!(none_linked("On March 3 to 5 p.m. it rained.").len(), 2);
    assert_eq!(none_linked("From March 3 to 5 percent of voters moved.").len(), 1);
    // "to" without "from", "and" without "between": a list or a direction.
    assert_eq!(none_linked("Sales in 2019 to 2020 customers fell.").len(), 2);
    assert_eq!(none_linked("They met on April 24 and April 25.").len(), 2);
    // Ends in the wrong order with both years written.
    assert_eq!(none_linked("It ran from 2021 to 2019.").len(), 2);
}

/// Value of the one expression found, tagged in language `lang` against `dct`.
fn value_at(lang: &str, text: &str, dct: Option<NaiveDate>) -> String {
    one(lang, text, dct).2
}

#[test]
fn participles_after_auxiliaries_take_the_auxiliary_tense() {
    // Wednesday 4 March 2020: "Thursday" is the next day when still to come, 27 February when past.
    let wednesday = NaiveDate::from_ymd_opt(2020, 3, 4);
    let v = |text: &str| value_at("en", text, wednesday);
    assert_eq!(v("The bill is to be voted on Thursday."), "2020-03-05");
    assert_eq!(v("The treaty will be signed on Thursday."), "2020-03-05");
    assert_eq!(v("The vote is expected to be formally held on Thursday."), "2020-03-05");
    assert_eq!(v("The vote was to be held on Thursday."), "2020-03-05");
    assert_eq!(v("The treaty was signed on Thursday."), "2020-02-27");
    assert_eq!(v("The treaty has been signed on Thursday."), "2020-02-27");
    assert_eq!(v("Officials said the bill is set to pass on Thursday."), "2020-03-05");
    assert_eq!(v("The minister said the treaty will be signed on Thursday."), "2020-03-05");
    // A participle used as an adjective is no verb of the sentence.
    assert_eq!(v("The proposed vote is on Thursday."), "2020-03-05");
    let de = |text: &str| value_at("de", text, wednesday);
    assert_eq!(de("Der Vertrag soll am Donnerstag unterzeichnet werden."), "2020-03-05");
    assert_eq!(de("Der Vertrag wurde am Donnerstag unterzeichnet."), "2020-02-27");
}

#[test]
fn deadlines_and_anaphoric_periods() {
    assert_eq!(value_at("en", "The plant will close by January.", dct()), "2021-01");
    assert_eq!(value_at("en", "Sales had fallen by January.", dct()), "2020-01");
    // The verb before "by" decides, not a participle after it; with none, still to come.
    assert_eq!(value_at("en", "Qantas will almost double its flights between Australia and India by January in search of markets untouched by the crisis.", dct()), "2021-01");
    assert_eq!(value_at("en", "The talks that are supposed to conclude by January resumed.", dct()), "2021-01");
    let found = tag_with("en", "The plant opened on June 3, 1998. That day was sad. Later that year it closed.", dct());
    let values: Vec<(&str, &str)> = found.iter().map(|f| (f.0.as_str(), f.2.as_str())).collect();
    assert_eq!(values, [("June 3, 1998", "1998-06-03"), ("That day", "1998-06-03"), ("Later that year", "1998")]);
    // After a year told alone, "that day" names no day of the story.
    let found = tag_with("en", "Shares fell in 1987, and trades made that day lost money.", dct());
    assert_eq!(found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["1987"]);
}

#[test]
fn fractions_of_units() {
    check("It took 2 1/2 years.", "2 1/2 years", TimexType::Duration, "P2Y6M");
    check("It took one and a half years.", "one and a half years", TimexType::Duration, "P1Y6M");
    check("It took a year and a half.", "a year and a half", TimexType::Duration, "P1Y6M");
    check("It took 2.5 years.", "2.5 years", TimexType::Duration, "P2Y6M");
    check("The talks lasted 5 1/2 hours.", "5 1/2 hours", TimexType::Duration, "PT5H30M");
    check("It took a day and a half.", "a day and a half", TimexType::Duration, "P1DT12H");
    check("It took a minute and a half.", "a minute and a half", TimexType::Duration, "PT1M30S");
}

#[test]
fn sets_as_timeml_writes_them() {
    check("The festival returns each July.", "each July", TimexType::Set, "XXXX-07");
    check("The board meets every other week.", "every other week", TimexType::Set, "P2W");
    let found = tag_with("en", "The board meets twice a month.", dct());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1, found[0].2.as_str()), ("twice a month", TimexType::Set, "P1M"));
    let tagger = Tagger::for_language("en").expect("en");
    let text = "The board meets twice a month.";
    let t = tagger.tag(text, &text::sentences(text), dct());
    assert_eq!(t[0].freq.as_deref(), Some("2X"));
}

#[test]
fn quarters_of_a_named_year() {
    // 2 November 1989: the third quarter has just ended.
    let dct = NaiveDate::from_ymd_opt(1989, 11, 2);
    let found = tag_with("en", "Profit rose in the third quarter from the year-ago third quarter.", dct);
    let values: Vec<(&str, &str)> = found.iter().map(|f| (f.0.as_str(), f.2.as_str())).collect();
    assert_eq!(values, [("the third quarter", "1989-Q3"), ("the year-ago third quarter", "1988-Q3")]);
    // The year-ago quarter is a comparison, not where the story is: "a year ago" after it is
    // still the reported quarter a year before, not the year-ago quarter's year before.
    let found = tag_with("en", "Profit rose in the third quarter, from the year-earlier third quarter. Sales were up from a year ago.", dct);
    assert_eq!(found.last().map(|f| f.2.as_str()), Some("1988-Q3"));
    assert_eq!(value_at("en", "Analysts expect next year's first quarter to be weak.", dct), "1990-Q1");
    assert_eq!(value_at("en", "It was this year's third quarter.", dct), "1989-Q3");
    assert_eq!(one("en", "Net fell in the 1988 third quarter.", dct).0, "the 1988 third quarter");
}
