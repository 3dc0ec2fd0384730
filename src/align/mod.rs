//! Translation files -> aligned segments, QA checks, reports and translated ASTs (being built).
