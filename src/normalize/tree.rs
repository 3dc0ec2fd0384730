//! The source document's blocks from its parsed text: one segment block per paragraph, heading,
//! quote or entry (entries gathered in the `refs` div), with the segments and CSL items beside.

use super::references;
use super::structure::RawBlock;
use super::{inline, levels, SourceSegment};
use crate::config::Config;
use crate::model::{SegmentId, SegmentKind};
use crate::pandoc::FINGERPRINT_KEY;
use pandoc_ast::{Block, Inline};

/// The blocks, segments and CSL items of the parsed `blocks` (inlines, markers, fingerprint),
/// with their IDs and texts.
pub(super) fn blocks(
    cfg: &Config,
    blocks: &[RawBlock],
    parsed: Vec<(Vec<Inline>, inline::Markers, String)>,
    ids: &[SegmentId],
    texts: Vec<String>,
    fields: &[references::Fields],
) -> (Vec<Block>, Vec<SourceSegment>, Vec<serde_json::Value>) {
    let source_lang = &cfg.document.source_lang;
    let mut out_blocks = Vec::new();
    let mut refs_div: Option<usize> = None;
    let mut segments = Vec::new();
    let mut csl = Vec::new();
    let mut field_iter = fields.iter();
    for (((b, (inlines, _, fp)), id), text) in blocks.iter().zip(parsed).zip(ids).zip(texts) {
        let kv = vec![(FINGERPRINT_KEY.to_string(), fp.clone())];
        segments.push(SourceSegment {
            id: id.clone(),
            kind: b.kind,
            fingerprint: fp.clone(),
            line: b.line,
            text,
            chapter: 0,
        });
        let block = match b.kind {
            SegmentKind::Title => Block::Header(1, (id.clone(), vec!["title".into()], kv), inlines),
            SegmentKind::Heading => {
                let classes = if b.references_heading {
                    vec!["references-heading".into()]
                } else {
                    vec![]
                };
                Block::Header(
                    b.level.clamp(1, levels::MAX_LEVEL),
                    (id.clone(), classes, kv),
                    inlines,
                )
            }
            // plain text has no code blocks or footnotes (structured sources: `crate::source`)
            SegmentKind::Paragraph | SegmentKind::Code | SegmentKind::Footnote => Block::Div(
                (id.clone(), vec!["paragraph".into()], kv),
                vec![Block::Para(inlines)],
            ),
            SegmentKind::PullQuote => Block::Div(
                (id.clone(), vec!["pull-quote".into()], kv),
                vec![Block::BlockQuote(vec![Block::Para(inlines)])],
            ),
            SegmentKind::Reference => {
                let n = b.number.unwrap_or(0);
                let f = field_iter.next().expect("one field set per entry");
                let rcfg = cfg.reference(n);
                let detected = f
                    .title
                    .as_deref()
                    .and_then(references::dominant_script)
                    .filter(|s| *s != source_lang.script())
                    .and_then(|s| cfg.normalize.scripts.get(s.code()));
                csl.push(references::csl_item(
                    f,
                    rcfg,
                    detected,
                    cfg.normalize.transliteration,
                ));
                let mut kv = kv;
                kv.push(("number".into(), n.to_string()));
                if let Some(l) = rcfg.and_then(|r| r.lang.as_ref()).or(detected) {
                    kv.push(("source-lang".into(), l.to_string()));
                }
                let entry = Block::Div(
                    (id.clone(), vec!["csl-entry".into()], kv),
                    vec![Block::Para(inlines)],
                );
                match refs_div {
                    Some(i) => {
                        if let Block::Div(_, v) = &mut out_blocks[i] {
                            v.push(entry);
                        }
                    }
                    None => {
                        refs_div = Some(out_blocks.len());
                        out_blocks.push(Block::Div(
                            ("refs".into(), vec!["references".into()], vec![]),
                            vec![entry],
                        ));
                    }
                }
                continue;
            }
        };
        out_blocks.push(block);
    }

    (out_blocks, segments, csl)
}
