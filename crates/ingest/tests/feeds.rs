//! Feeds stream item by item: large feeds, malformed items, aggregator outlets.

use std::io::Write;

use ingest::{read_bytes, read_path_each, Entry, Limits};

fn item(n: usize, host: &str) -> String {
    format!(
        "<item><title>Story number {n}</title><link>https://{host}/news/{n}</link>\
         <pubDate>Tue, 03 Mar 2020 08:15:00 +0100</pubDate>\
         <description>&lt;p&gt;The council met for the {n}th time on Tuesday and approved the budget.&lt;/p&gt;</description></item>\n"
    )
}

fn rss(items: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Example News</title>\
             <link>https://www.example.org/</link><language>en</language>\n{items}</channel></rss>\n")
}

#[test]
fn a_large_feed_streams_every_item_in_order() {
    const ITEMS: usize = 5000;
    let items: String = (1..=ITEMS).map(|n| item(n, "www.example.org")).collect();
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    // Gzip on the way in, too: the feed is read through the decompressor as a stream.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(rss(&items).as_bytes()).expect("gzip");
    file.write_all(&gz.finish().expect("gzip")).expect("write");
    // Items are given as they are read, in order, each with its own number.
    let limits = Limits { max_article_bytes: 4096 };
    let mut seen = 0usize;
    read_path_each(file.path(), &limits, &mut |entry| match entry {
        Entry::Article(article) => {
            seen += 1;
            assert!(article.source.ends_with(&format!("#{seen}")), "{}", article.source);
            assert_eq!(article.title.as_deref(), Some(format!("Story number {seen}").as_str()));
            assert_eq!(article.outlet.as_deref(), Some("Example News"));
        }
        Entry::Rejected(r) => panic!("rejected {r:?}"),
    });
    assert_eq!(seen, ITEMS);
}

#[test]
fn a_malformed_or_oversized_item_is_one_rejection_and_the_rest_goes_on() {
    let big = format!("<item><title>Huge</title><description>{}</description></item>", "word ".repeat(2000));
    // An HTML tag left open in a description: not well-formed, so feed-rs refuses the item.
    let broken = "<item><title>Broken</title><description>The council met <b>on Tuesday.</description></item>";
    let items = format!("{}{big}\n{broken}\n{}", item(1, "www.example.org"), item(4, "www.example.org"));
    let out = read_bytes("news.rss", rss(&items).as_bytes(), &Limits { max_article_bytes: 4096 });
    let sources: Vec<&str> = out.articles.iter().map(|a| a.source.as_str()).collect();
    assert_eq!(sources, vec!["news.rss#1", "news.rss#4"], "{:?}", out.rejected);
    let rejected: Vec<(&str, &str)> = out.rejected.iter().map(|r| (r.source.as_str(), r.reason.as_str())).collect();
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert_eq!(rejected[0].0, "news.rss#2");
    assert!(rejected[0].1.contains("above the single-article limit"), "{rejected:?}");
    assert_eq!(rejected[1].0, "news.rss#3");
    assert!(rejected[1].1.contains("malformed feed item"), "{rejected:?}");
}

#[test]
fn a_truncated_feed_keeps_the_items_before_the_cut() {
    let whole = rss(&(1..=3).map(|n| item(n, "www.example.org")).collect::<String>());
    let cut = &whole[..whole.find("<item><title>Story number 3").expect("third item") + 20];
    let out = read_bytes("cut.rss", cut.as_bytes(), &Limits::default());
    assert_eq!(out.articles.len(), 2);
    assert_eq!(out.rejected.len(), 1, "{:?}", out.rejected);
    assert_eq!(out.rejected[0].source, "cut.rss#3");
    assert!(out.rejected[0].reason.contains("truncated"));
}

#[test]
fn legacy_encoded_feed_streams_decoded() {
    let xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>Новости</title>\
               <item><title>Президент</title><description>Президент России заявил сегодня, что переговоры продолжатся.</description></item></channel></rss>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(xml);
    let out = read_bytes("ru.rss", &bytes, &Limits::default());
    assert_eq!(out.articles.len(), 1, "{:?}", out.rejected);
    assert_eq!(out.articles[0].outlet.as_deref(), Some("Новости"));
    assert!(out.articles[0].text.starts_with("Президент России"));
}

#[test]
fn aggregator_items_take_the_outlet_they_credit() {
    // Google News: links all lead to the aggregator, each item names its outlet in <source>.
    let items = [("Reuters", "https://www.reuters.com"), ("BBC News", "https://www.bbc.co.uk"), ("Le Monde", "https://www.lemonde.fr")]
        .iter()
        .enumerate()
        .map(|(n, (name, url))| {
            format!(
                "<item><title>Talks resume in Geneva - {name}</title><link>https://news.google.com/rss/articles/{n}</link>\
                 <description>Talks resumed in Geneva on Monday, officials said.</description>\
                 <source url=\"{url}\">{name}</source></item>"
            )
        })
        .collect::<String>();
    let xml = format!("<rss version=\"2.0\"><channel><title>Top stories - Google News</title><link>https://news.google.com/</link>{items}</channel></rss>");
    let out = read_bytes("gn.rss", xml.as_bytes(), &Limits::default());
    let outlets: Vec<Option<&str>> = out.articles.iter().map(|a| a.outlet.as_deref()).collect();
    assert_eq!(outlets, vec![Some("Reuters"), Some("BBC News"), Some("Le Monde")]);
    assert!(out.articles.iter().all(|a| a.title.as_deref() == Some("Talks resume in Geneva")));
}

#[test]
fn items_linking_to_many_sites_take_their_links_host() {
    let items: String = ["www.reuters.com", "apnews.com", "www.theguardian.com", "www.reuters.com"].iter().enumerate().map(|(n, h)| item(n, h)).collect();
    let xml = format!("<rss version=\"2.0\"><channel><title>My reading list</title><link>https://planet.example.net/</link>{items}</channel></rss>");
    let out = read_bytes("list.rss", xml.as_bytes(), &Limits::default());
    let outlets: Vec<Option<&str>> = out.articles.iter().map(|a| a.outlet.as_deref()).collect();
    assert_eq!(outlets, vec![Some("reuters.com"), Some("apnews.com"), Some("theguardian.com"), Some("reuters.com")]);
}

#[test]
fn an_outlets_own_feed_keeps_its_title_across_its_hosts() {
    // One outlet linking to two of its own sites (and a subdomain) is no aggregator.
    let items: String = ["www.bbc.co.uk", "www.bbc.com", "news.bbc.co.uk"].iter().enumerate().map(|(n, h)| item(n, h)).collect();
    let xml = format!("<rss version=\"2.0\"><channel><title>BBC News</title><link>https://www.bbc.co.uk/news/</link>{items}</channel></rss>");
    let out = read_bytes("bbc.rss", xml.as_bytes(), &Limits::default());
    assert!(out.articles.iter().all(|a| a.outlet.as_deref() == Some("BBC News")), "{:?}", out.articles.iter().map(|a| &a.outlet).collect::<Vec<_>>());
}
