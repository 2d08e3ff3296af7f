//! The SQLite corpus store.
