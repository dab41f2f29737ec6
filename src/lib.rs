//! rolecall: classify job postings as Product Manager, Technical Product
//! Manager, Technology Manager or Technical Program Manager — or
//! `unclassified` — and show the evidence.
//!
//! ```
//! use rolecall::Classifier;
//!
//! let classifier = Classifier::default();
//! let result = classifier.classify(Some("Head of Product"), "Own the product roadmap.");
//! assert_eq!(result.label(), "product_manager");
//! ```

pub mod calibration;
pub mod context;
pub mod eval;
pub mod explain;
pub mod io;
pub mod lexicon;
pub mod matcher;
pub mod role;
pub mod score;

/// The string type of [`Evidence::term`] and [`Evidence::text`]: short ones are stored inline, without an allocation.
pub use calibration::Calibration;
pub use compact_str::CompactString;
pub use lexicon::{Category, Entry, Lexicon, LexiconError, Pattern, Problem};
pub use matcher::{Hit, Matcher};
pub use role::{Neighbour, Role, Target};
pub use score::{
    AlsoCounts, Axis, Classification, Classifier, Evidence, Field, Options, Profile, Shifts,
};
