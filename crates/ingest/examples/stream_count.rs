//! Reads inputs through `ingest::read_path_each` and prints how many articles
//! and rejections each gave, keeping none of them: a check that an archive or
//! feed of any size is read in bounded memory (run it under `/usr/bin/time -v`).
//!
//! `cargo run --release -p ingest --example stream_count -- FILE...`

use std::path::PathBuf;

fn main() {
    let limits = ingest::Limits::default();
    for path in std::env::args_os().skip(1).map(PathBuf::from) {
        let (mut articles, mut words, mut rejected) = (0usize, 0usize, 0usize);
        ingest::read_path_each(&path, &limits, &mut |entry| match entry {
            ingest::Entry::Article(article) => {
                articles += 1;
                words += article.word_count();
            }
            ingest::Entry::Rejected(r) => {
                rejected += 1;
                if rejected <= 5 {
                    eprintln!("{}: {}", r.source, r.reason);
                }
            }
        });
        println!("{}\t{articles} articles\t{words} words\t{rejected} rejected", path.display());
    }
}
