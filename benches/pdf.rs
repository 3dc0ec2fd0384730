//! Benchmark of the PDF editions (issue 7): the time to typeset the five PDFs of the article
//! (en, ar, ru, en-ar, en-ru) and the time per page. Run with `cargo bench --bench pdf`
//! (`STELE_BENCH_RUNS=N` sets the number of timed runs, default 5). Not a test: it asserts nothing
//! about the time.

use std::time::{Duration, Instant};

use stele::export::pdf::{pdf, PdfOptions};
use stele::io::Project;

/// The page count a PDF declares in its page tree (`/Type/Pages/Count N`).
fn pages(bytes: &[u8]) -> usize {
    let key = b"/Type/Pages/Count ";
    bytes
        .windows(key.len())
        .position(|w| w == key)
        .map(|i| {
            bytes[i + key.len()..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .fold(0, |n, b| n * 10 + (b - b'0') as usize)
        })
        .unwrap_or(0)
}

fn main() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let project = Project::new(&root, Some(std::env::temp_dir().join("stele-bench-out")));
    let loaded = stele::app::load_edition(&project, None);
    let Some(edition) = loaded.value else {
        eprint!("{}", stele::diag::render(&loaded.diags));
        std::process::exit(1);
    };
    let runs: usize = std::env::var("STELE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let opts = PdfOptions::default();

    // The first run also parses the embedded fonts; it is reported on its own.
    let t = Instant::now();
    let first = pdf(&edition, &opts);
    let cold = t.elapsed();
    let Some(files) = first.value else {
        eprint!("{}", stele::diag::render(&first.diags));
        std::process::exit(1);
    };
    let per_file: Vec<(String, usize)> = files
        .iter()
        .map(|f| (f.path.display().to_string(), pages(&f.bytes)))
        .collect();
    let total_pages: usize = per_file.iter().map(|(_, n)| n).sum();

    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..runs {
        // Fresh caches each run, so every run typesets from scratch like a new `stele export pdf`.
        typst::comemo::evict(0);
        let t = Instant::now();
        let r = pdf(&edition, &opts);
        times.push(t.elapsed());
        assert!(r.value.is_some());
    }
    times.sort();
    let median = times[times.len() / 2];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "pdf editions: {} files, {total_pages} pages",
        per_file.len()
    );
    for (path, n) in &per_file {
        println!("  {path}: {n} pages");
    }
    println!("first run (cold):          {:8.1} ms", ms(cold));
    println!(
        "five PDFs, median of {runs}:  {:8.1} ms  (min {:.1}, max {:.1})",
        ms(median),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
    println!(
        "per page:                  {:8.2} ms",
        ms(median) / total_pages.max(1) as f64
    );
    println!(
        "threads: {} (rayon; editions are built in parallel)",
        rayon::current_num_threads()
    );
}
