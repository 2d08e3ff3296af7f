//! JSON and HTML reports.
