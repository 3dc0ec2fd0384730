//! Interface strings from Fluent bundles per language, with CLDR plurals (being built).
