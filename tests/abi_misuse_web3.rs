//! ABI misuse for Web3 sign-in: NULL for every pointer argument, invalid UTF-8, malformed
//! JSON, malformed addresses and signatures, all refused before any request (the URL points
//! at a refused port).

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode as C;
use gotrue::ffi::*;
use std::ptr::{null, null_mut};

const OPTIONS: &str = r#"{"chain":"ethereum","domain":"localhost:3000","address":"0x00000000000000000000000000000000000000aa","uri":"http://localhost:3000"}"#;

#[test]
fn build_message_checks_arguments() {
    let o = cs(OPTIONS);
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_web3_build_message(null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_web3_build_message(o.as_ptr(), null_mut())), C::NullArgument);
        assert_eq!(code(gotrue_web3_build_message(bad(), &mut out)), C::InvalidUtf8);
        for j in ["{", "[]", r#"{"chain":"ethereum","colour":"red"}"#, r#"{"chain":1}"#] {
            let j = cs(j);
            assert_eq!(code(gotrue_web3_build_message(j.as_ptr(), &mut out)), C::InvalidJson, "{j:?}");
        }
        for j in [
            "",
            "{}",
            r#"{"chain":"bitcoin"}"#,
            r#"{"chain":"ethereum","domain":"localhost:3000","address":"0x12","uri":"http://localhost:3000"}"#,
        ] {
            let j = cs(j);
            assert_eq!(code(gotrue_web3_build_message(j.as_ptr(), &mut out)), C::InvalidArgument, "{j:?}");
        }
        assert!(out.is_null());
        assert!(check(gotrue_web3_build_message(o.as_ptr(), &mut out)).is_ok());
    }
    assert!(take_string(out).contains("\nChain ID: 1\n"));
}

#[test]
fn sign_in_with_web3_checks_arguments() {
    let c = client();
    let (chain, msg, sig) = (cs("ethereum"), cs("localhost wants you to sign in"), cs(&format!("0x{}", "ab".repeat(65))));
    let mut s = null_mut();
    unsafe {
        assert_eq!(
            code(gotrue_client_sign_in_with_web3(null(), chain.as_ptr(), msg.as_ptr(), sig.as_ptr(), null(), &mut s)),
            C::NullArgument
        );
        assert_eq!(code(gotrue_client_sign_in_with_web3(c.ptr(), null(), msg.as_ptr(), sig.as_ptr(), null(), &mut s)), C::NullArgument);
        assert_eq!(code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), null(), sig.as_ptr(), null(), &mut s)), C::NullArgument);
        assert_eq!(code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), msg.as_ptr(), null(), null(), &mut s)), C::NullArgument);
        assert_eq!(code(gotrue_client_sign_in_with_web3(c.ptr(), bad(), msg.as_ptr(), sig.as_ptr(), null(), &mut s)), C::InvalidUtf8);
        assert_eq!(code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), bad(), sig.as_ptr(), null(), &mut s)), C::InvalidUtf8);
        assert_eq!(code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), msg.as_ptr(), bad(), null(), &mut s)), C::InvalidUtf8);
        assert_eq!(
            code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), msg.as_ptr(), sig.as_ptr(), bad(), &mut s)),
            C::InvalidUtf8
        );
        for o in ["{", "[]", r#"{"captcha":"x"}"#] {
            let o = cs(o);
            assert_eq!(
                code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), msg.as_ptr(), sig.as_ptr(), o.as_ptr(), &mut s)),
                C::InvalidJson
            );
        }
        let (btc, empty, short, sol) = (cs("bitcoin"), cs(""), cs("0x1234"), cs("solana"));
        assert_eq!(
            code(gotrue_client_sign_in_with_web3(c.ptr(), btc.as_ptr(), msg.as_ptr(), sig.as_ptr(), null(), &mut s)),
            C::InvalidArgument
        );
        assert_eq!(
            code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), empty.as_ptr(), sig.as_ptr(), null(), &mut s)),
            C::InvalidArgument
        );
        assert_eq!(
            code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), msg.as_ptr(), short.as_ptr(), null(), &mut s)),
            C::InvalidArgument
        );
        // An Ethereum-shaped signature is not a Solana one.
        assert_eq!(
            code(gotrue_client_sign_in_with_web3(c.ptr(), sol.as_ptr(), msg.as_ptr(), sig.as_ptr(), null(), &mut s)),
            C::InvalidArgument
        );
        assert!(s.is_null());
        // Valid arguments reach the (refused) network; out_session is optional.
        assert_eq!(
            code(gotrue_client_sign_in_with_web3(c.ptr(), chain.as_ptr(), msg.as_ptr(), sig.as_ptr(), null(), null_mut())),
            C::Network
        );
    }
}
