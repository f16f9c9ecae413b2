//! Marks whether the PostgreSQL store tests can run: `cfg(vedetta_pg)` when `VEDETTA_TEST_PG`
//! names a server (`source .ci/postgres.sh` starts one), or when `CI` is set (CI must run
//! them, and they fail there with a clear message when the server is missing). Without it the
//! tests are `#[ignore]`d with the reason, so `cargo test` counts them as ignored instead of
//! passing them silently.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(vedetta_pg)");
    println!("cargo::rerun-if-env-changed=VEDETTA_TEST_PG");
    println!("cargo::rerun-if-env-changed=CI");
    let set =
        |k: &str| std::env::var(k).is_ok_and(|v| !v.trim().is_empty() && v != "false" && v != "0");
    if set("VEDETTA_TEST_PG") || set("CI") {
        println!("cargo::rustc-cfg=vedetta_pg");
    }
}
