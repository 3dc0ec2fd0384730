//! Benchmark of the facing-page PDFs (issue 20): the time to measure, pair and typeset each
//! `pdf/<source>-<lang>-facing.pdf` alone, one edition at a time. Run with
//! `STELE_BENCH_PROJECT=DIR cargo bench --bench facing` (default: the article in the repository;
//! `python3 benches/gen-scaled.py 10 /tmp/x10` makes the 10x document). Not a test: it asserts
//! nothing about the time. CPU time and peak RSS: run it under `/usr/bin/time -v`.

use std::time::Instant;

use stele::export::pdf::facing::FacingFirst;
use stele::export::pdf::{pdf, PdfOptions};
use stele::io::Project;

/// CPU time (user + system, s) of this process so far, from `/proc/self/stat` (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime are fields 14 and 15 (1-based): 11 and 12 counted from the state field
    // after `(comm)`, in clock ticks (100 a second on Linux).
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

fn main() {
    let root = std::env::var_os("STELE_BENCH_PROJECT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let project = Project::new(&root, Some(std::env::temp_dir().join("stele-bench-facing")));
    let loaded = stele::app::load_edition(&project, None);
    let Some(edition) = loaded.value else {
        eprint!("{}", stele::diag::render(&loaded.diags));
        std::process::exit(1);
    };
    let edition = stele::export::typography::edition(edition);
    let src = edition.source_lang.clone();
    for doc in edition.docs.iter().skip(1) {
        let lang = &doc.lang;
        // Only the facing edition: the single-language and two-column ones are skipped.
        let opts = PdfOptions {
            langs: vec![lang.clone()],
            facing: Some(FacingFirst::Source),
            skip: [format!("pdf/{lang}.pdf"), format!("pdf/{src}-{lang}.pdf")]
                .into_iter()
                .collect(),
            ..Default::default()
        };
        typst::comemo::evict(0);
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let r = pdf(&edition, &opts);
        let (secs, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
        let Some(files) = r.value.filter(|f| f.len() == 1) else {
            eprint!("{}", stele::diag::render(&r.diags));
            std::process::exit(1);
        };
        println!(
            "{}: {:.2} s CPU (user+sys), {:.2} s wall, {} bytes",
            files[0].path.display(),
            cpu,
            secs,
            files[0].bytes.len()
        );
    }
}
