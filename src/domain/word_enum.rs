//! Enums stored and shown as one lower-case word (a story's status, a note's
//! source, a horizon, a score part's origin, the effort unit): one macro so
//! each gets the same stored spelling, JSON spelling and command-line spelling.

/// Declares `pub enum $name` whose variants are spelled as the given words in
/// SQL (TEXT), JSON (serde) and on the command line (clap `ValueEnum`), with
/// `as_str()`, `ALL`, `NAMES`, `from_word()` (any case, trimmed) and `Display`.
/// Each enum writes its own `FromStr`, because each names what is wrong in its
/// own words (the tests pin them).
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, clap::ValueEnum,
        )]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] #[value(name = $word)] $variant),+
        }

        impl $name {
            /// Every value, in the order they are listed to users.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value's word, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($word),+];

            /// The word stored in SQL and shown in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value a user's word names, in any case and with spaces around.
            pub fn from_word(given: &str) -> Option<$name> {
                let lower = given.trim().to_lowercase();
                $name::ALL.iter().copied().find(|v| v.as_str() == lower)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use word_enum;
