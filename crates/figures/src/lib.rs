//! Figures: numbers with unit and what they count.
