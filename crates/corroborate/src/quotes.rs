//! Quotes across articles (in progress).
