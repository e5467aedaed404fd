//! API tokens: random, shown once, stored only as a SHA-256 hash. Tokens are
//! long random strings, so a fast hash is enough (no password stretching).

use rand::Rng;
use sha2::{Digest, Sha256};

/// A new random token, `avr_` followed by 40 hex characters.
pub fn generate() -> String {
    let bytes: [u8; 20] = rand::rng().random();
    format!("avr_{}", hex::encode(bytes))
}

/// The hash stored in the database for `token`.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time equality of two secrets (tokens, CSRF values): the time
/// taken says nothing about how much of a guess was right.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_unique_and_hash_stably() {
        let (a, b) = (super::generate(), super::generate());
        assert_ne!(a, b);
        assert!(a.starts_with("avr_") && a.len() == 44);
        assert_eq!(super::hash(&a), super::hash(&a));
        assert_ne!(super::hash(&a), super::hash(&b));
    }
}
