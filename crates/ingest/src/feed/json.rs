//! JSON Feed, item by item: serde reads the top-level object from the stream
//! and hands on each element of `items` as soon as it is read, wrapped with the
//! members read before it (`version`, `title`, `home_page_url`, `language`…)
//! into a one-item feed for `feed-rs`. Members written after `items` (rare) do
//! not reach the items before them.

use std::fmt;
use std::io::BufRead;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{parse, Feed, FeedPiece};

pub(super) fn stream(input: &mut dyn BufRead, each: &mut dyn FnMut(FeedPiece)) -> Result<(), String> {
    let mut reader = Reader { header: Map::new(), announced: false, number: 0, each };
    let mut deserializer = serde_json::Deserializer::from_reader(input);
    let result = (&mut reader).deserialize(&mut deserializer).and_then(|()| deserializer.end());
    reader.announce();
    result.map_err(|e| format!("malformed JSON Feed (item {} or after): {e}", reader.number + 1))
}

struct Reader<'a> {
    header: Map<String, Value>,
    /// Whether the feed's own metadata went out (before the first item).
    announced: bool,
    number: usize,
    each: &'a mut dyn FnMut(FeedPiece),
}

impl Reader<'_> {
    /// The feed as read so far, without items, through feed-rs.
    fn announce(&mut self) {
        if self.announced {
            return;
        }
        self.announced = true;
        let feed = self.one_item_feed(None).unwrap_or_default();
        (self.each)(FeedPiece::Feed(Feed { items: Vec::new(), ..feed }));
    }

    fn one_item_feed(&self, item: Option<Value>) -> Result<Feed, String> {
        let mut document = self.header.clone();
        document.insert("items".into(), Value::Array(item.into_iter().collect()));
        parse(&Value::Object(document).to_string())
    }

    fn item(&mut self, item: Value) {
        self.announce();
        self.number += 1;
        let parsed = self
            .one_item_feed(Some(item))
            .map_err(|reason| reason.replacen("malformed feed", "malformed feed item", 1))
            .and_then(|feed| feed.items.into_iter().next().ok_or_else(|| "feed item that feed-rs could not read".to_string()));
        (self.each)(FeedPiece::Item { number: self.number, item: parsed });
    }
}

impl<'de> DeserializeSeed<'de> for &mut Reader<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Reader<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON Feed object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                map.next_value_seed(Items(&mut *self))?;
            } else {
                let value: Value = map.next_value()?;
                self.header.insert(key, value);
            }
        }
        Ok(())
    }
}

/// The `items` array, read element by element.
struct Items<'r, 'a>(&'r mut Reader<'a>);

impl<'de> DeserializeSeed<'de> for Items<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Items<'_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array of items")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(item) = seq.next_element::<Value>()? {
            self.0.item(item);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(json: &str) -> (Vec<String>, Result<(), String>) {
        let mut out = Vec::new();
        let result = stream(&mut json.as_bytes(), &mut |piece| {
            out.push(match piece {
                FeedPiece::Feed(feed) => format!("feed {:?}", feed.title),
                FeedPiece::Item { number, item: Ok(item) } => format!("{number} {:?} {:?}", item.title, item.link),
                FeedPiece::Item { number, item: Err(e) } => format!("{number} ! {e}"),
            })
        });
        (out, result)
    }

    #[test]
    fn items_come_one_by_one_with_the_feed_before_them() {
        let (out, result) = pieces(r#"{"version":"https://jsonfeed.org/version/1.1","title":"J & K","items":[{"id":"1","url":"https://x.org/1","title":"a&b","content_text":"Hi."},{"id":"2","url":"https://x.org/2","content_html":"<p>Yo.</p>"}]}"#);
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(out, vec!["feed Some(\"J & K\")", "1 Some(\"a&b\") Some(\"https://x.org/1\")", "2 None Some(\"https://x.org/2\")"]);
    }

    #[test]
    fn a_break_keeps_the_items_before_it() {
        let (out, result) = pieces(r#"{"version":"https://jsonfeed.org/version/1","title":"J","items":[{"id":"1","url":"https://x.org/1"},{"id":"2","url":"#);
        assert_eq!(out[1], "1 None Some(\"https://x.org/1\")");
        assert!(result.unwrap_err().contains("malformed JSON Feed (item 2"));
        let (out, result) = pieces(r#"{"version":"https://jsonfeed.org/version/1","items":"nope"}"#);
        assert!(result.is_err() && out.len() == 1, "{out:?}");
    }
}
