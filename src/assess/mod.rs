//! Assess.
