//! Scorers against the gold data in `../shared/data`, shared metrics, and benchmark drivers.
pub mod ecbplus;
pub mod extraction;
pub mod metrics;
pub mod entities;
pub mod formats;
pub mod quotes;
pub mod segmentation;
pub mod timex;
pub mod figures;
