//! Scorers against the gold data in `../shared/data`, shared metrics, and benchmark drivers.
