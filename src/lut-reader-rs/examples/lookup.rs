//! Looks up every table `./mev demo` published: `cargo run --example lookup [-- ARTIFACT_ROOT]`
//! (default `<repo>/.data/artifacts/luts`). Shows the calls a runtime makes and what they return.

use mev_lut::{Lut, Table};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.data/artifacts/luts")
    });
    if !root.is_dir() {
        return Err(format!("{} does not exist: run `./mev demo` at the repository root first", root.display()).into());
    }
    let mut names: Vec<String> = std::fs::read_dir(&root)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("current").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no table with a `current` file under {}", root.display()).into());
    }
    for name in names {
        let table = Table::new(&root, &name);
        let file = table.open_current()?;
        let lut = file.lut();
        let h = lut.header();
        println!(
            "== {name}: {} ({} bytes, {}, key index {}), job {} @ {}, created {}, rows {}",
            table.current_file_name()?,
            lut.bytes().len(),
            if file.is_mapped() { "mapped" } else { "buffered" },
            if lut.has_key_index() { "yes" } else { "no" },
            h.producer_job,
            h.git_revision,
            iso(h.created_at_unix_ms),
            h.rows_used
        );
        calibration(&lut);
        bandit(&lut);
        latency(&lut);
        phase(&lut);
    }
    Ok(())
}

fn calibration(lut: &Lut) {
    if lut.segment_count() == 0 {
        return;
    }
    // A p_land route/arm key and its EV twin, a route without any EV fit, and keys the table does not have.
    let arm_key = (0..lut.segment_count()).map(|i| lut.segment_at(i).key()).find(|k| !k.starts_with("ev:") && k.contains('/'));
    let mut keys: Vec<String> = vec!["*".into(), "ev:*".into()];
    if let Some(k) = arm_key {
        keys.push(k.to_string());
        keys.push(format!("ev:{k}"));
        keys.push(format!("{}/99", k.split('/').next().unwrap_or(k)));
        keys.push(format!("ev:{}/99", k.split('/').next().unwrap_or(k)));
    }
    keys.push("nosuch/9".into());
    keys.push("ev:nosuch/9".into());
    println!("  {} calibration segments", lut.segment_count());
    for key in keys {
        let unit = if key.starts_with("ev:") { ("ev_est", "SOL") } else { ("score", "p_land") };
        match lut.curve(&key) {
            Some(c) => {
                let x = c.x_min() + 0.5 * (c.x_max() - c.x_min());
                println!("  calibrate({key:>14}, {}={x:.5}) = {:.6} {}  via segment {}", unit.0, c.calibrate(x), unit.1, c.key());
            }
            None => println!("  calibrate({key:>14}) -> no curve (lookup error)"),
        }
    }
}

fn bandit(lut: &Lut) {
    if lut.arm_count() == 0 {
        return;
    }
    println!("  {} bandit arm rows", lut.arm_count());
    for i in [0, lut.arm_count() / 2, lut.arm_count() - 1] {
        let row = lut.arm_at(i);
        let a = lut.arm(row.route, row.arm_index(), row.leader_group).expect("every stored row is found by its key");
        println!(
            "  arm({}, {}, {:?}): alpha {:.2} beta {:.2} p_land~{:.4} payoff {:.0} lamports tip {} lamports",
            a.route,
            a.arm_index(),
            a.leader_group,
            a.alpha(),
            a.beta(),
            a.alpha() / (a.alpha() + a.beta()),
            a.payoff_mean(),
            a.tip_lamports()
        );
    }
}

fn latency(lut: &Lut) {
    if lut.latency_count() == 0 && lut.route_hedge_count() == 0 {
        return;
    }
    println!("  {} latency rows, {} route hedge rows", lut.latency_count(), lut.route_hedge_count());
    for i in 0..lut.route_hedge_count() {
        let route = lut.route_hedge_at(i).route;
        let h = lut.route_hedge(route).expect("stored row");
        let pooled = lut.latency(route, "*").map(|l| l.p99_ms()).unwrap_or(f64::NAN);
        println!(
            "  route {route}: hedge after {:.1} ms (fires on {:.1}% of sends), SLO breaches {:#07b}, pooled p99 {pooled:.1} ms",
            h.hedge_delay_ms(),
            100.0 * h.hedge_fire_rate(),
            h.slo_breaches()
        );
    }
}

fn phase(lut: &Lut) {
    if lut.phase_count() == 0 {
        return;
    }
    println!("  {} phase rows", lut.phase_count());
    let first = lut.phase_at(0).leader;
    for leader in [first, "UnknownLeader1111111111111111111111111111111"] {
        if let Some(p) = lut.phase(leader) {
            println!("  phase({leader}): offset {:.1} ms spread {:.1} ms (row {})", p.optimal_offset_ms(), p.spread_ms(), p.leader);
        }
    }
}

/// Unix epoch milliseconds as ISO 8601 UTC (civil-from-days, no crate).
fn iso(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}
