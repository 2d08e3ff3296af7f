//! Temporal expressions: finding and TIMEX3 normalisation.
