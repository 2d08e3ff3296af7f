//! Per-article analysis.
