//! Named entities and in-article entity merging.
