//! schema.org JSON-LD: the objects of every `<script type="application/ld+json">`.

use serde_json::Value;

/// All JSON-LD objects of a page, flattened: top-level arrays and `@graph` lists unrolled.
#[derive(Debug, Default)]
pub struct JsonLd {
    pub objects: Vec<Value>,
}

/// Types that describe the article itself, best first.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
    "Article", "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle", "SocialMediaPosting",
    "Review", "CreativeWork",
];

/// Types that describe the page around the article (a fallback for dates and authors).
const PAGE_TYPES: &[&str] = &["WebPage", "ItemPage", "AboutPage", "CollectionPage"];

impl JsonLd {
    /// Parses the text of JSON-LD scripts; blocks that are not valid JSON (even
    /// after removing comment markers and CDATA wrappers) are skipped.
    pub fn parse<'a>(scripts: impl Iterator<Item = &'a str>) -> JsonLd {
        let mut objects = Vec::new();
        for script in scripts {
            let cleaned = clean_script(script);
            let value: Value = match serde_json::from_str(cleaned) {
                Ok(v) => v,
                Err(_) => continue,
            };
            flatten_into(value, &mut objects);
        }
        JsonLd { objects }
    }

    /// The object that describes the article: the first of the best-ranked type.
    pub fn article(&self) -> Option<&Value> {
        for wanted in ARTICLE_TYPES.iter().chain(PAGE_TYPES) {
            if let Some(found) = self.objects.iter().find(|o| has_type(o, wanted)) {
                return Some(found);
            }
        }
        None
    }

    /// The object whose `@id` is `id` (authors and publishers are often references).
    pub fn by_id(&self, id: &str) -> Option<&Value> {
        self.objects.iter().find(|o| o.get("@id").and_then(Value::as_str) == Some(id))
    }

    /// Resolves `{"@id": …}` references to the full object when the page has it.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        if let Some(obj) = value.as_object() {
            if obj.len() == 1 {
                if let Some(id) = obj.get("@id").and_then(Value::as_str) {
                    return self.by_id(id).unwrap_or(value);
                }
            }
        }
        value
    }

    /// The `name` of the first object of one of `types` (e.g. the publisher organisation).
    pub fn first_name_of_type(&self, types: &[&str]) -> Option<String> {
        self.objects
            .iter()
            .find(|o| types.iter().any(|t| has_type(o, t)))
            .and_then(|o| o.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string)
    }
}

/// Strips what some sites wrap JSON-LD in: HTML comment markers, CDATA, stray semicolons.
fn clean_script(script: &str) -> &str {
    let mut s = script.trim();
    for prefix in ["<!--", "//<![CDATA[", "<![CDATA["] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim();
        }
    }
    for suffix in ["-->", "//]]>", "]]>", ";"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim();
        }
    }
    s
}

/// Unrolls arrays and `@graph` members (iteratively: nesting depth is not trusted).
fn flatten_into(value: Value, out: &mut Vec<Value>) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.into_iter().rev()),
            Value::Object(mut map) => {
                if let Some(graph) = map.remove("@graph") {
                    stack.push(graph);
                }
                // A wrapper left with only `@context` describes nothing.
                if map.keys().any(|k| !k.starts_with('@')) || map.contains_key("@type") {
                    out.push(Value::Object(map));
                }
            }
            _ => {}
        }
    }
}

/// Whether `@type` (a string or a list) names `wanted`, with or without a schema.org prefix.
pub fn has_type(value: &Value, wanted: &str) -> bool {
    let matches = |t: &str| {
        let t = t.rsplit('/').next().unwrap_or(t);
        t.eq_ignore_ascii_case(wanted)
    };
    match value.get("@type") {
        Some(Value::String(t)) => matches(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

/// A string field, or the first string of a list field.
pub fn string_field(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(|i| i.as_str().map(str::to_string)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_graphs_and_resolves_references() {
        let script = r##"<!-- {"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","@id":"#page","datePublished":"2020-01-01"},
            {"@type":["NewsArticle"],"headline":"H","author":{"@id":"#jane"}},
            {"@type":"Person","@id":"#jane","name":"Jane Roe"}]} -->"##;
        let ld = JsonLd::parse(std::iter::once(script));
        assert_eq!(ld.objects.len(), 3);
        let article = ld.article().expect("article object");
        assert_eq!(string_field(article, "headline").as_deref(), Some("H"));
        let author = ld.resolve(article.get("author").expect("author"));
        assert_eq!(author.get("name").and_then(Value::as_str), Some("Jane Roe"));
    }

    #[test]
    fn skips_invalid_json() {
        let ld = JsonLd::parse(["{not json", "[{\"@type\":\"Article\"}]"].into_iter());
        assert_eq!(ld.objects.len(), 1);
    }
}
