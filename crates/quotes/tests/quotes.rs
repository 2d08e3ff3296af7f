//! Behaviour of the public API: quotation styles, speaker patterns, resolution, via, indirect
//! attributions and citations.

use model::{CitationKind, Entity, EntityKind, Mention, Quote, Span};

fn run(text: &str) -> Vec<Quote> {
    quotes::extract(text, &text::sentences(text), &[], &[], "en")
}

fn direct(text: &str) -> Vec<(String, Option<String>)> {
    direct_in(text, "en")
}

fn direct_in(text: &str, lang: &str) -> Vec<(String, Option<String>)> {
    quotes::extract(text, &text::sentences(text), &[], &[], lang).into_iter().filter(|q| q.direct).map(|q| (q.text, q.speaker.map(|s| s.text))).collect()
}

fn pair(quote: &str, speaker: &str) -> (String, Option<String>) {
    (quote.to_string(), Some(speaker.to_string()))
}

#[test]
fn every_quotation_style_with_its_speaker() {
    assert_eq!(direct(r#""We will win this race," Smith said."#), [pair("We will win this race,", "Smith")]);
    assert_eq!(direct("“We will win this race,” Smith said."), [pair("We will win this race,", "Smith")]);
    assert_eq!(direct_in("« Nous allons gagner cette course », a déclaré Dupont.", "fr"), [pair("Nous allons gagner cette course", "Dupont")]);
    assert_eq!(direct_in("„Wir werden dieses Rennen gewinnen“, sagte Müller.", "de"), [pair("Wir werden dieses Rennen gewinnen", "Müller")]);
    assert_eq!(direct_in("»Wir werden dieses Rennen gewinnen«, sagte Müller.", "de"), [pair("Wir werden dieses Rennen gewinnen", "Müller")]);
    assert_eq!(direct_in("‹ Nous allons gagner cette course ›, a déclaré Dupont.", "fr"), [pair("Nous allons gagner cette course", "Dupont")]);
    assert_eq!(direct_in("‚Wir werden dieses Rennen gewinnen‘, sagte Müller.", "de"), [pair("Wir werden dieses Rennen gewinnen", "Müller")]);
    assert_eq!(direct("‘We will win this race,’ Smith said."), [pair("We will win this race,", "Smith")]);
    assert_eq!(direct("'We will win this race,' Smith said."), [pair("We will win this race,", "Smith")]);
    assert_eq!(direct("''We will win this race,'' Smith said."), [pair("We will win this race,", "Smith")]);
    assert_eq!(direct_in("«Ganaremos esta carrera», dijo García.", "es"), [pair("Ganaremos esta carrera", "García")]);
}

#[test]
fn apostrophes_do_not_open_quotes() {
    let text = "'We don't know what Jones' car did in the '90s,' Smith said.";
    assert_eq!(direct(text), [pair("We don't know what Jones' car did in the '90s,", "Smith")]);
    assert!(direct("Jones’ car was built in the ’90s and it wasn’t cheap, he said.").is_empty());
}

#[test]
fn nested_quotes_stay_in_the_outer_quote() {
    let text = "“He told me ‘never again’ and left the room,” Smith said.";
    assert_eq!(direct(text), [pair("He told me ‘never again’ and left the room,", "Smith")]);
}

#[test]
fn paragraph_spanning_quote_is_one_quote() {
    let text = "Smith said: “We will build the road first.\n\n“Then we will build the bridge over the river.”\n\nThe council met later.";
    let quotes = run(text);
    let d: Vec<&Quote> = quotes.iter().filter(|q| q.direct).collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].text, "We will build the road first. Then we will build the bridge over the river.");
    assert_eq!(d[0].speaker.as_ref().map(|s| s.text.as_str()), Some("Smith"));
    assert_eq!(&text[d[0].span.start..d[0].span.start + 2], "We");
}

#[test]
fn glued_sentences_keep_their_speakers() {
    let text = "“We will win the vote,” Smith said.“We will lose the vote,” Jones replied.";
    assert_eq!(direct(text), [pair("We will win the vote,", "Smith"), pair("We will lose the vote,", "Jones")]);
}

#[test]
fn scare_quotes_and_titles_are_not_quotes() {
    assert!(direct("The so-called “deal” was signed in the “Oval Office” yesterday.").is_empty());
    assert!(direct("She starred in “Gone Girl” last year.").is_empty());
    // A short quote right after a cue is a quote.
    assert_eq!(direct("Smith called it “a disaster.”"), [pair("a disaster.", "Smith")]);
    // Quoted words inside a longer paraphrase make an indirect attribution of the whole clause.
    let q = run("Smith said the plan was “a disaster” for the town and its people.");
    assert_eq!(q.len(), 1);
    assert!(!q[0].direct);
    assert_eq!(q[0].text, "the plan was “a disaster” for the town and its people");
    assert_eq!(q[0].speaker.as_ref().map(|s| s.text.as_str()), Some("Smith"));
}

#[test]
fn speaker_patterns() {
    assert_eq!(direct("“The plan will fail,” said Senator Jane Smith."), [pair("The plan will fail,", "Senator Jane Smith")]);
    assert_eq!(direct("Smith told reporters: “The plan will fail.”"), [pair("The plan will fail.", "Smith")]);
    assert_eq!(direct("According to Smith, “the plan will fail.”"), [pair("the plan will fail.", "Smith")]);
    assert_eq!(direct("“The plan will fail,” Smith added."), [pair("The plan will fail,", "Smith")]);
    assert_eq!(direct("“The plan will fail,” the ministry spokeswoman said."), [pair("The plan will fail,", "the ministry spokeswoman")]);
    assert_eq!(
        direct("“The plan will fail,” Smith, a senior senator from Ohio, said on Monday."),
        [pair("The plan will fail,", "Smith")]
    );
    // The speaker of a quote paragraph announced by "X said:" at the end of the paragraph before.
    assert_eq!(direct("At the rally, Smith said:\n\n“The plan will fail and everyone knows it.”"), [pair("The plan will fail and everyone knows it.", "Smith")]);
    // A quote that goes on after its speaker keeps the speaker.
    assert_eq!(
        direct("“The plan will fail,” Smith said. “Nobody in this town believes in it.”"),
        [pair("The plan will fail,", "Smith"), pair("Nobody in this town believes in it.", "Smith")]
    );
    // Neither a part of a dateline nor the digits after a thousands separator are speakers.
    assert_eq!(
        direct("WASHINGTON, Dec. 8 (UPI) — In response to the plan, Huma Abedin rallied supporters, saying: “We have to be ready to stop him.”"),
        [pair("We have to be ready to stop him.", "Huma Abedin")]
    );
    assert_eq!(
        direct("Boasting 108,000 residents, the county is called, by its mayor, “the Crossroads of America and the heart of the state.”")
            .into_iter()
            .all(|(_, speaker)| speaker.as_deref() != Some("000 residents")),
        true
    );
    // Surnames that look like participles or adverbs are names beside a cue; openers are not.
    assert_eq!(direct("“We live in Chicago,” Ebeling said."), [pair("We live in Chicago,", "Ebeling")]);
    assert_eq!(direct("“We live in Chicago,” said Schilling."), [pair("We live in Chicago,", "Schilling")]);
    assert_eq!(direct("Kelly said: “We live in Chicago and we like it.”"), [pair("We live in Chicago and we like it.", "Kelly")]);
    assert_eq!(
        direct("Speaking in Salem, New Hampshire, Trump said: “We live in Chicago and we like it.”"),
        [pair("We live in Chicago and we like it.", "Trump")]
    );
    // What follows a participle cue is its object: no speaker.
    assert!(direct("The lawmakers argue that “there is precedent for prosecution,” citing an instance in which a Marine was found guilty.")
        .iter()
        .all(|(_, speaker)| speaker.as_deref() != Some("an instance")));
    // Openers before the subject, a day before its comma, a relative "who" right after a name.
    assert_eq!(
        direct("And then Trump went on the attack, saying, \"The plan will fail and everyone knows it.\""),
        [pair("The plan will fail and everyone knows it.", "Trump")]
    );
    assert_eq!(
        direct("On Sunday, Trump, who has many followers, tweeted, \"The plan will fail and everyone knows it.\""),
        [pair("The plan will fail and everyone knows it.", "Trump")]
    );
    assert_eq!(
        direct("Among the replies was a tweet from Rikkie Wells who tweeted, “The plan will fail and everyone knows it.”"),
        [pair("The plan will fail and everyone knows it.", "who")]
    );
    // An attribution that introduces the next quote is not the speaker of the previous one.
    let text = "“We are refugees,” Alawee said. “We are not terrorists.” Zahed said: “The attack was the work of criminals.”";
    assert_eq!(
        direct(text),
        [pair("We are refugees,", "Alawee"), pair("We are not terrorists.", "Alawee"), pair("The attack was the work of criminals.", "Zahed")]
    );
}

fn person(id: usize, name: &str, descriptions: &[&str], mentions: Vec<usize>) -> Entity {
    Entity {
        id: format!("e{id}"),
        name: name.to_string(),
        kind: EntityKind::Person,
        variants: vec![name.to_string()],
        descriptions: descriptions.iter().map(|d| d.to_string()).collect(),
        mentions,
    }
}

fn mention_of(text: &str, word: &str, entity: usize) -> Mention {
    let start = text.find(word).expect("test word is in the text");
    Mention { span: Span::new(start, start + word.len()), text: word.to_string(), kind: EntityKind::Person, entity, sentence: 0, nominal: false }
}

#[test]
fn pronouns_resolve_to_the_nearest_person_before() {
    let text = "Angela Merkel met Emmanuel Macron in Paris. “We agree on almost everything,” he said.";
    let mentions = vec![mention_of(text, "Angela Merkel", 0), mention_of(text, "Emmanuel Macron", 1)];
    let entities = vec![person(0, "Angela Merkel", &["the German chancellor"], vec![0]), person(1, "Emmanuel Macron", &["the French president"], vec![1])];
    let q = quotes::extract(text, &text::sentences(text), &mentions, &entities, "en");
    let speaker = q[0].speaker.as_ref().expect("a speaker");
    assert_eq!(speaker.text, "he");
    assert_eq!(&text[speaker.span.start..speaker.span.end], "he");
    assert_eq!(speaker.entity.as_deref(), Some("e1"));
    // "she" skips a man described as one.
    let text = "Mrs. Clinton met Mr. Trump on Monday. “It went well,” she said.";
    let mentions = vec![mention_of(text, "Clinton", 0), mention_of(text, "Trump", 1)];
    let entities = vec![person(0, "Hillary Clinton", &["Mrs. Clinton"], vec![0]), person(1, "Donald Trump", &["Mr. Trump"], vec![1])];
    let q = quotes::extract(text, &text::sentences(text), &mentions, &entities, "en");
    assert_eq!(q[0].speaker.as_ref().and_then(|s| s.entity.as_deref()), Some("e0"));
}

#[test]
fn roles_resolve_to_the_entity_they_describe() {
    let text = "Maria Zakharova, the foreign ministry spokeswoman, spoke on Monday. Sergei Lavrov also spoke.\n\n“This is a provocation,” the ministry spokeswoman said.";
    let mentions = vec![mention_of(text, "Maria Zakharova", 0), mention_of(text, "Sergei Lavrov", 1)];
    let entities = vec![
        person(0, "Maria Zakharova", &["the foreign ministry spokeswoman"], vec![0]),
        person(1, "Sergei Lavrov", &["the foreign minister"], vec![1]),
    ];
    let q = quotes::extract(text, &text::sentences(text), &mentions, &entities, "en");
    let speaker = q.iter().find(|q| q.direct).and_then(|q| q.speaker.as_ref()).expect("a speaker");
    assert_eq!(speaker.text, "the ministry spokeswoman");
    assert_eq!(speaker.entity.as_deref(), Some("e0"));
}

#[test]
fn via_is_who_relays_the_words() {
    let text = "According to the spokesman, the minister said: “We will not sign this agreement.”";
    let q = run(text);
    let d = q.iter().find(|q| q.direct).expect("a direct quote");
    assert_eq!(d.speaker.as_ref().map(|s| s.text.as_str()), Some("the minister"));
    assert_eq!(d.via.as_ref().map(|s| s.text.as_str()), Some("the spokesman"));
}

#[test]
fn indirect_attributions() {
    let indirect = |text: &str| -> Vec<(String, String, String)> {
        run(text)
            .into_iter()
            .filter(|q| !q.direct)
            .map(|q| (q.text, q.speaker.map(|s| s.text).unwrap_or_default(), q.cue.unwrap_or_default()))
            .collect()
    };
    assert_eq!(
        indirect("Smith told Reuters that the talks had failed."),
        [("the talks had failed".to_string(), "Smith".to_string(), "told".to_string())]
    );
    assert_eq!(
        indirect("The senator said he would vote against the bill."),
        [("he would vote against the bill".to_string(), "The senator".to_string(), "said".to_string())]
    );
    assert_eq!(
        indirect("According to the ministry, the troops left the town on Monday."),
        [("the troops left the town on Monday".to_string(), "the ministry".to_string(), "According to".to_string())]
    );
    assert_eq!(
        indirect("The troops left the town on Monday, the ministry said."),
        [("The troops left the town on Monday".to_string(), "the ministry".to_string(), "said".to_string())]
    );
    let q = run("Smith told Reuters that the talks had failed.");
    assert_eq!(q[0].id, "q0");
    assert_eq!(&"Smith told Reuters that the talks had failed."[q[0].span.start..q[0].span.end], "the talks had failed");
}

fn cites(text: &str, own: Option<&str>) -> Vec<(String, CitationKind, String)> {
    quotes::citations(text, &text::sentences(text), own, "en").into_iter().map(|c| (c.source, c.kind, c.cue)).collect()
}

#[test]
fn citations_of_outlets() {
    let outlet = |s: &str, cue: &str| (s.to_string(), CitationKind::Outlet, cue.to_string());
    assert_eq!(cites("The Associated Press reported that the bridge had collapsed.", None), [outlet("Associated Press", "reported")]);
    assert_eq!(cites("The bridge collapsed, according to Le Monde.", None), [outlet("Le Monde", "according to")]);
    assert_eq!(cites("The bridge collapsed, as Politico first reported.", None), [outlet("Politico", "reported")]);
    assert_eq!(cites("The plan is in a document seen by Reuters.", None), [outlet("Reuters", "seen by")]);
    assert_eq!(cites("The minister told Reuters the plan was dead.", None), [outlet("Reuters", "told")]);
    // The article's own outlet is not a citation of itself.
    assert!(cites("The minister told Reuters the plan was dead.", Some("Reuters")).is_empty());
    assert!(cites("The plan is dead, according to Reuters.", Some("Reuters")).is_empty());
    // A bare mention is not a citation.
    assert!(cites("The CNN debate was long.", None).is_empty());
    let c = quotes::citations("Yesterday. The plan is in a document seen by Reuters.", &text::sentences("Yesterday. The plan is in a document seen by Reuters."), None, "en");
    assert_eq!(c[0].sentence, 1);
}

#[test]
fn citations_of_anonymous_sources_documents_and_others() {
    let c = cites("The deal is off, the agency said, citing sources familiar with the matter.", None);
    assert!(c.iter().any(|(s, k, cue)| s == "sources familiar with the matter" && *k == CitationKind::Anonymous && cue == "citing"), "{c:?}");
    let c = cites("Two officials, who spoke on condition of anonymity, said the talks failed.", None);
    assert!(c.iter().any(|(_, k, _)| *k == CitationKind::Anonymous), "{c:?}");
    let c = cites("A report by the UN found that the camps were full.", None);
    assert!(c.iter().any(|(s, k, cue)| s == "report by the UN" || s.contains("report by the UN") && *k == CitationKind::Document && cue == "by"), "{c:?}");
    let c = cites("The company denied it in a statement.", None);
    assert!(c.iter().any(|(s, k, cue)| s == "a statement" && *k == CitationKind::Document && cue == "in"), "{c:?}");
    let c = cites("A video posted on Telegram showed the strike.", None);
    assert!(c.iter().any(|(s, k, cue)| s.starts_with("A video posted on Telegram") && *k == CitationKind::Document && cue == "posted on"), "{c:?}");
    let c = cites("Clinton leads by four points, according to a New York Times poll.", None);
    assert_eq!(c, [("The New York Times".to_string(), CitationKind::Outlet, "according to".to_string())]);
    assert!(cites("Clinton leads, according to a new Washington Post poll.", Some("The Washington Post")).is_empty());
    let c = cites("The strike killed 12 people, according to the Ukrainian Air Force.", None);
    assert!(c.iter().any(|(s, k, _)| s == "Ukrainian Air Force" && *k == CitationKind::Other), "{c:?}");
}

#[test]
fn no_panic_on_messy_input() {
    let long_paragraph = "“word ".repeat(5000) + &"’s \"x ".repeat(3000);
    let inputs = [
        "",
        "\"",
        "“”",
        "”“«»„‚‘’‹›'\"''",
        "said said according to, told: “",
        "Ünïcödé “测试” «тест» „Prüfung“ said 北京.",
        "\n\n\n“\n\n”\n\n",
        long_paragraph.as_str(),
        "“a” b “c” d “e” f “g”, he said, according to the AP, citing sources familiar with the matter.",
    ];
    for text in inputs {
        let sentences = text::sentences(text);
        for q in quotes::extract(text, &sentences, &[], &[], "en") {
            assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        }
        for lang in ["de", "fr", "und"] {
            quotes::extract(text, &sentences, &[], &[], lang);
        }
        quotes::citations(text, &sentences, Some("AP"), "en");
        // Spans that do not match the text must not break anything either.
        quotes::extract(text, &[Span::new(3, 1), Span::new(100_000, 200_000)], &[], &[], "en");
    }
}

#[test]
fn naming_cues_give_the_quote_not_a_title() {
    // The object of "called" stands between the cue and the quote; the quote is direct.
    assert_eq!(direct("Jeb Bush called Trump “unhinged.” Rubio called the statement “offensive and outlandish.”"), [pair("unhinged.", "Jeb Bush"), pair("offensive and outlandish.", "Rubio")]);
    assert_eq!(direct("Huckabee called the H1-B program “worse than amnesty.”"), [pair("worse than amnesty.", "Huckabee")]);
    // "a play called “…”" names a title: no speaker can say it.
    assert!(direct("Comedians are performing a popular play called “Los Hijos de Trump” in Mexico City.").is_empty());
}

#[test]
fn a_partial_quote_ends_its_clause() {
    // The clause around a partial quote ends with the quote when the quote closes it.
    let q = run("Trump said things “should be wrapped up by Cleveland,” referring to the party’s July convention in the city.");
    assert_eq!(q.len(), 1);
    assert!(q[0].direct, "{q:?}");
    assert_eq!(q[0].text, "should be wrapped up by Cleveland,");
    // The reported clause starts after "that": "is telling customers … that “I need you tomorrow.”"
    let q = run("Hillary Clinton is telling customers at a popular Manchester, New Hampshire, breakfast spot that “I need you tomorrow.”");
    assert!(q.iter().any(|q| q.direct && q.text == "I need you tomorrow."), "{q:?}");
}

#[test]
fn the_person_told_is_not_the_speaker() {
    let text = "“Two months from now,” California Rep. Duncan Hunter’s chief of staff, Joe Kasper, told POLITICO before the interview. “That’s inevitable. It’s gonna happen.”";
    let d = direct(text);
    assert_eq!(d[0], pair("Two months from now,", "Joe Kasper"));
    assert_eq!(d[1], pair("That’s inevitable. It’s gonna happen.", "Joe Kasper"));
}

#[test]
fn a_participle_cue_finds_the_subject_pronoun() {
    let text = "And although he thanked the evangelical community for supporting him, he sounded a rare note of self-deprecation, saying, “I'm not sure I really deserve it.”";
    assert_eq!(direct(text), [pair("I'm not sure I really deserve it.", "he")]);
}

#[test]
fn speaker_after_the_quote_past_an_apposition() {
    let text = "“This position has always been one you get by marriage,” Melanne Verveer, who served as Clinton’s chief of staff, told CBS News.";
    assert_eq!(direct(text), [pair("This position has always been one you get by marriage,", "Melanne Verveer")]);
    // A verb the cue lists lack, right after a quote that does not close its sentence.
    assert_eq!(direct("“France will always be France,” an angry Hollande retaliated."), [pair("France will always be France,", "an angry Hollande")]);
}

#[test]
fn a_new_sentence_of_reported_speech_is_not_the_attribution_of_the_quote_before() {
    let text = "Trump said: “Football has become soft like the country has become soft.” He says referees are constantly throwing flags.";
    assert_eq!(direct(text), [pair("Football has become soft like the country has become soft.", "Trump")]);
    let text = "“No matter what, the state is falling apart,” he said in 2012. “Interethnic and intertribal conflicts continue.” She added, “And you want us to repeat these mistakes?”";
    let speakers: Vec<Option<String>> = direct(text).into_iter().map(|q| q.1).collect();
    assert_eq!(speakers, [Some("he".to_string()), Some("he".to_string()), Some("She".to_string())]);
}

#[test]
fn a_quote_goes_on_with_the_reported_speech_just_before_it() {
    let text = "Then, in 2017, Kerry said that 100,000 refugees would be accepted.\n\n“That adds up to 185,000 over two years, not all of them from Syria.”";
    assert_eq!(direct(text), [pair("That adds up to 185,000 over two years, not all of them from Syria.", "Kerry")]);
}

#[test]
fn quoted_words_inside_a_longer_clause_are_indirect() {
    let q = run("“Boots on the ground” would be appropriate in Syria, Republican candidate Ben Carson said.");
    assert!(q.iter().all(|q| !q.direct));
    assert_eq!(q[0].text, "“Boots on the ground” would be appropriate in Syria");
    // Words that join two quotes leave a mostly quoted statement.
    let q = run("Mrs. Clinton said that “this cannot be an American fight” and that “we should not bear the bulk of it.”");
    assert!(q.iter().all(|q| q.direct));
}

#[test]
fn the_relay_of_a_quote_goes_on_with_it() {
    let q = run("“I ask you not to protest on the floor,” Sanders said, according to CNN. “It is of utmost importance.”");
    let vias: Vec<Option<&str>> = q.iter().filter(|q| q.direct).map(|q| q.via.as_ref().map(|v| v.text.as_str())).collect();
    assert_eq!(vias, [Some("CNN"), Some("CNN")]);
}

#[test]
fn quotes_joined_by_a_conjunction_share_their_clause() {
    // Two short quotes coordinated inside a longer naming: one indirect attribution of the clause.
    let q = run("He called anti-Trump protestors “illegals” and “thugs” without any proof at all.");
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(!q[0].direct);
    assert_eq!(q[0].text, "anti-Trump protestors “illegals” and “thugs” without any proof at all");
    // Mostly quoted, the two stay direct quotes.
    let q = run("Perez hammered Trump, calling him a “train wreck” and “outsourcer in chief,” before he left.");
    let d: Vec<&str> = q.iter().filter(|q| q.direct).map(|q| q.text.as_str()).collect();
    assert_eq!(d, ["train wreck", "outsourcer in chief,"]);
    // A quote that more words lead to is a statement of its own: both direct.
    let q = run("Ted Cruz accuses Obama of “leading from behind” and Donald Trump says he's “losing the war on terrorism.”");
    let d: Vec<&str> = q.iter().filter(|q| q.direct).map(|q| q.text.as_str()).collect();
    assert_eq!(d, ["leading from behind", "losing the war on terrorism."]);
}

#[test]
fn a_deeper_that_clause_is_not_the_start_of_the_quote() {
    // The clause starts after the cue, not after the "that" of "fail to understand that".
    let q = run("Weaver said business executives often fail to understand that there are “no secrets in politics.”");
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(!q[0].direct);
    assert_eq!(q[0].text, "business executives often fail to understand that there are “no secrets in politics.”");
    // A "that" right before the quote, however far from the cue, starts it.
    let q = run("Donald Trump is telling supporters after his victory in the South Carolina primary that “when you win, it’s beautiful.”");
    assert!(q.iter().any(|q| q.direct && q.text == "when you win, it’s beautiful."), "{q:?}");
}

#[test]
fn a_short_quote_a_few_words_after_its_cue() {
    let q = run("The senator said his campaign here was “closing really strong.”");
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].direct);
    assert_eq!(q[0].speaker.as_ref().map(|s| s.text.as_str()), Some("The senator"));
}

#[test]
fn a_relative_pronoun_is_the_speaker_as_written_and_resolves_to_its_antecedent() {
    let text = "“Trump is a dictator in the making,” said Beck, who said there were “too many disturbing things for me to dismiss on Donald Trump.”";
    let mentions = vec![mention_of(text, "Beck", 0)];
    let entities = vec![person(0, "Beck", &[], vec![0])];
    let q = quotes::extract(text, &text::sentences(text), &mentions, &entities, "en");
    let second = q.iter().find(|q| q.text.starts_with("too many")).expect("second quote");
    let speaker = second.speaker.as_ref().unwrap();
    assert_eq!(speaker.text, "who");
    assert_eq!(speaker.entity.as_deref(), Some("e0"));
}

#[test]
fn clause_openers_and_spans_of_time_are_no_speakers() {
    // The speaker is the subject after the opener, not the opener.
    let q = run("Rather, he said, continued struggles by the campaign will coalesce support around stopping him: “There is no heavy-hitter as yet involved in this effort.”");
    assert!(q.iter().all(|q| q.speaker.as_ref().map_or(true, |s| s.text != "Rather")), "{q:?}");
    let q = run("Minutes later, she sent an email saying, “done, and we will talk about it tomorrow morning.”");
    let d: Vec<Option<&str>> = q.iter().filter(|q| q.direct).map(|q| q.speaker.as_ref().map(|s| s.text.as_str())).collect();
    assert_eq!(d, [Some("she")]);
}

#[test]
fn a_speaker_interjected_in_the_next_sentence_belongs_to_it() {
    let text = "“Maybe we are just trying to let the bully learn the lesson,” Tripp said. “We are trying to show some mercy to the bully.” South Carolina, he said, was “where we have a chance to go mano a mano with Trump.”";
    let speakers: Vec<Option<String>> = direct(text).into_iter().map(|q| q.1).collect();
    assert_eq!(speakers, [Some("Tripp".to_string()), Some("Tripp".to_string()), Some("he".to_string())]);
}

#[test]
fn a_coordinated_cue_takes_the_subject_of_its_own_clause() {
    let text = "Retired Army Col. Lawrence Wilkerson started the argument when he brought up the Oklahoma City bombing and later said, “It’s not just Muslims shooting people.”";
    assert_eq!(direct(text), [pair("It’s not just Muslims shooting people.", "he")]);
    // A pronoun inside a complement clause is not the subject of the cue.
    let text = "Obama noted that he taught constitutional law, and added: “I know a little about this subject.”";
    assert_eq!(direct(text), [pair("I know a little about this subject.", "Obama")]);
}
