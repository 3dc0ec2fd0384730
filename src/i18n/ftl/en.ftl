# Interface strings of the HTML (and EPUB) editions, English: the fallback for every other language.
# Arguments named $language, $source, $names, $date are text; $count is a number (CLDR plurals).

# The language's own name for itself (used in language switchers).
autonym = English

# Language names in this language (the argument of "translated from", "this passage in").
lang-en = English
lang-ar = Arabic
lang-ru = Russian

skip-to-content = Skip to the text
contents = Contents
languages = Languages
edition-languages = This text in other languages
parallel-edition = Side by side
parallel-title = { $title } (side by side)
published = Published { $date }
translated-by = Translated from { $source } by { $names }.
list-separator = { ", " }
translated-from = Translated from { $source }.
original-text = Original text ({ $language }).
source-fingerprint = Source text fingerprint { $fingerprint }
review-count = { $count ->
    [one] One paragraph needs review
   *[other] { $count } paragraphs need review
}
status-stale = Outdated translation: the { $source } original has changed since this passage was translated.
status-untranslated = Not yet translated: the { $source } original is shown.
status-stale-source = Outdated translation: the { $source } original has changed since this passage was translated, so the original is shown.
segment-link = This passage in { $language }
segment-parallel = This passage side by side with its translations
backlink = Back to the citation in the text
footnote-backlink = Back to the footnote's mark in the text
show-languages = Languages shown
chooser-hint = Untick a language to hide its column.

# EPUB editions: the navigation document's landmarks.
landmarks = Landmarks
start-of-text = Start of the text
references = References

# EPUB editions: the package's schema:accessibilitySummary (a bilingual book adds the second sentence).
a11y-summary = This publication meets EPUB Accessibility 1.1 at WCAG 2.2 Level AA. It is text only, with no images, audio or video, and can be read with a screen reader or in braille. A table of contents and headings allow navigation, and the language of every passage is declared. Citations link to the reference list and each reference links back; links are underlined, not told apart by colour alone.
a11y-summary-bilingual = Each passage is followed by its { $language } translation, and this is also the reading order.
