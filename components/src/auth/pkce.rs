//! PKCE (RFC 7636): the code verifier, its S256 challenge, and random tokens for `state` and
//! `nonce`.
//!
//! Nothing here draws randomness itself: the browser layer fills a buffer with
//! `crypto.getRandomValues` and hands the bytes in, so every function is deterministic and
//! testable natively.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The fewest random bytes a code verifier is built from: 32 bytes give 43 characters, the
/// minimum RFC 7636 allows, and 256 bits of entropy.
pub const MIN_VERIFIER_BYTES: usize = 32;

/// The most random bytes a code verifier is built from: 96 bytes give 128 characters, the
/// maximum RFC 7636 allows.
pub const MAX_VERIFIER_BYTES: usize = 96;

/// The `code_challenge_method` sent with every authorization request.
pub const CODE_CHALLENGE_METHOD: &str = "S256";

/// Turn random bytes into a PKCE code verifier: `BASE64URL-NOPAD(random)`.
///
/// With 32..=96 bytes the verifier has 43..=128 characters, all from the RFC 7636 unreserved
/// alphabet (`A-Z a-z 0-9 - _`; base64url never produces `.` or `~`). Pass 32 bytes from a
/// cryptographically secure generator.
///
/// Never panics. Other lengths are handled so the result is always a valid verifier:
/// - more than 96 bytes: only the first 96 are used;
/// - fewer than 32 bytes (a caller bug): the bytes are stretched with SHA-256 to 32. The result
///   is well-formed but carries no more entropy than the input did.
pub fn code_verifier_from_random(random: &[u8]) -> String {
    if random.len() >= MIN_VERIFIER_BYTES {
        let used = &random[..random.len().min(MAX_VERIFIER_BYTES)];
        return URL_SAFE_NO_PAD.encode(used);
    }
    let mut stretched = Vec::with_capacity(MIN_VERIFIER_BYTES);
    stretched.extend_from_slice(random);
    let digest = Sha256::new()
        .chain_update(b"yew-hf-oauth pkce stretch")
        .chain_update(random)
        .finalize();
    stretched.extend_from_slice(&digest[..MIN_VERIFIER_BYTES - random.len()]);
    URL_SAFE_NO_PAD.encode(stretched)
}

/// The S256 code challenge of a verifier: `BASE64URL-NOPAD(SHA256(ASCII(verifier)))`.
pub fn code_challenge_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Turn random bytes into an opaque, URL-safe token for `state` or `nonce`:
/// `BASE64URL-NOPAD(random)`. Pass 32 bytes (43 characters).
///
/// All of `random` is used; empty input gives an empty string, which
/// [`check_state`](super::callback::check_state) and
/// [`verify_id_token`](super::id_token::verify_id_token) never accept as a match.
pub fn random_token(random: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(random)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_unreserved(c: char) -> bool {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
    }

    #[test]
    fn rfc7636_appendix_b_vector() {
        let random: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let verifier = code_verifier_from_random(&random);
        assert_eq!(verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(
            code_challenge_s256(&verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifier_length_is_within_rfc_bounds_for_every_input_length() {
        for len in 0..=200 {
            let random: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let verifier = code_verifier_from_random(&random);
            assert!(
                (43..=128).contains(&verifier.len()),
                "len {len} gave {} chars",
                verifier.len()
            );
            assert!(verifier.chars().all(is_unreserved), "{verifier}");
        }
    }

    #[test]
    fn exact_lengths_at_the_bounds() {
        assert_eq!(code_verifier_from_random(&[0u8; 32]).len(), 43);
        assert_eq!(code_verifier_from_random(&[0u8; 96]).len(), 128);
        assert_eq!(code_verifier_from_random(&[0u8; 500]).len(), 128);
        assert_eq!(code_verifier_from_random(&[]).len(), 43);
    }

    #[test]
    fn bytes_beyond_96_are_ignored() {
        let mut long = vec![1u8; 96];
        let base = code_verifier_from_random(&long);
        long.extend_from_slice(&[2u8; 50]);
        assert_eq!(code_verifier_from_random(&long), base);
    }

    #[test]
    fn short_inputs_are_stretched_but_still_distinct() {
        let a = code_verifier_from_random(&[1u8; 8]);
        let b = code_verifier_from_random(&[2u8; 8]);
        assert_ne!(a, b);
        assert_ne!(
            code_verifier_from_random(&[]),
            code_verifier_from_random(&[0])
        );
    }

    #[test]
    fn every_byte_value_maps_into_the_unreserved_alphabet() {
        let all: Vec<u8> = (0..=255u8).collect();
        for chunk in all.chunks(32) {
            let verifier = code_verifier_from_random(chunk);
            assert!(verifier.chars().all(is_unreserved));
            assert!(!verifier.contains('='));
            let challenge = code_challenge_s256(&verifier);
            assert_eq!(challenge.len(), 43);
            assert!(challenge.chars().all(is_unreserved));
        }
    }

    #[test]
    fn challenge_of_hostile_verifiers_never_panics() {
        for verifier in ["", "\u{0}", "ü🦀", &"a".repeat(100_000)] {
            assert_eq!(code_challenge_s256(verifier).len(), 43);
        }
    }

    #[test]
    fn random_token_is_base64url_without_padding() {
        assert_eq!(random_token(&[]), "");
        assert_eq!(random_token(&[0xfb, 0xff]), "-_8");
        let token = random_token(&[0xAB; 32]);
        assert_eq!(token.len(), 43);
        assert!(token.chars().all(is_unreserved));
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn code_verifier_from_random_example() {
        use crate::auth::pkce::code_verifier_from_random;
        let verifier = code_verifier_from_random(&[7u8; 32]);
        assert_eq!(verifier.len(), 43);
    }
    #[test]
    fn code_challenge_s256_example() {
        use crate::auth::pkce::code_challenge_s256;
        assert_eq!(
            code_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        );
    }
}
