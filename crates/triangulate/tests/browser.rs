//! The report and the web app as a person uses them, in headless Chromium: the scenario of
//! `scripts/e2e/run.sh` (report filter, evidence, phone width, app story, quote search,
//! ingestion through the API, restart) against the binary under test.
//!
//! Chromium and chromedriver are Debian packages that `scripts/setup.sh` installs; without
//! them this test fails rather than passing unseen.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn installed(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

#[test]
fn report_and_app_work_in_a_real_browser() {
    let missing: Vec<&str> = ["chromium", "chromedriver", "curl", "python3"].into_iter().filter(|t| !installed(t)).collect();
    assert!(missing.is_empty(), "the browser test needs {} (run scripts/setup.sh)", missing.join(", "));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let started = Instant::now();
    let out = Command::new("bash")
        .arg("scripts/e2e/run.sh")
        .env("TRIANGULATE", env!("CARGO_BIN_EXE_triangulate"))
        .env_remove("SCREENSHOTS")
        .current_dir(&repo)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}\nbrowser scenario took {:.1} s", started.elapsed().as_secs_f64());
    assert!(out.status.success(), "browser scenario failed ({}):\n{stdout}\n{stderr}", out.status);
    assert!(!stdout.contains("FAIL"), "{stdout}\n{stderr}");
    let passed = stdout.lines().filter(|l| l.starts_with("ok ")).count();
    assert!(passed >= 8, "every check of the scenario reports `ok` ({passed} did):\n{stdout}\n{stderr}");
}
