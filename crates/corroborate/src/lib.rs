//! Across articles: stories, derivation, merged entities, aligned quotes, corroboration.
