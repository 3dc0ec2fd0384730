# Строки интерфейса, русский язык. Russian interface strings (CLDR plurals: one, few, many, other).

autonym = Русский

lang-en = английский
lang-ar = арабский
lang-ru = русский

# The source language after «Перевод с …» (genitive).
lang-from-en = английского
lang-from-ar = арабского
lang-from-ru = русского
lang-from-fr = французского
lang-from-de = немецкого

skip-to-content = Перейти к тексту
contents = Содержание
languages = Языки
edition-languages = Этот текст на других языках
parallel-edition = Параллельный текст
parallel-title = { $title } (параллельный текст)
published = Дата публикации: { $date }
translated-by = Перевод с { $source }: { $names }.
list-separator = { ", " }
translated-from = Перевод с { $source }.
original-text = Оригинальный текст ({ $language }).
source-fingerprint = Отпечаток исходного текста: { $fingerprint }
review-count = { $count ->
    [one] { $count } абзац требует проверки
    [few] { $count } абзаца требуют проверки
    [many] { $count } абзацев требуют проверки
   *[other] { $count } абзаца требуют проверки
}
status-stale = Перевод устарел: оригинал ({ $source }) изменился после перевода этого фрагмента.
status-untranslated = Ещё не переведено: показан оригинал ({ $source }).
status-stale-source = Перевод устарел: оригинал ({ $source }) изменился после перевода этого фрагмента, поэтому показан оригинал.
segment-link = Этот фрагмент на языке: { $language }
segment-parallel = Этот фрагмент в параллельном тексте
backlink = Вернуться к ссылке в тексте
footnote-backlink = Вернуться к знаку сноски в тексте
show-languages = Показывать языки
chooser-hint = Снимите отметку, чтобы скрыть столбец языка.

# Издания EPUB: ориентиры навигационного документа.
landmarks = Ориентиры
start-of-text = Начало текста
references = Источники

# Издания EPUB: сводка доступности (schema:accessibilitySummary); в двуязычной книге добавляется второе предложение.
a11y-summary = Издание соответствует спецификации EPUB Accessibility 1.1 на уровне AA стандарта WCAG 2.2. Оно содержит только текст, без изображений, аудио и видео, и его можно читать с помощью программы экранного доступа или шрифтом Брайля. Оглавление и заголовки позволяют перемещаться по тексту, язык каждого фрагмента указан. Ссылки ведут к списку источников, а каждый источник — обратно к ссылке; ссылки подчёркнуты и различаются не только цветом.
a11y-summary-bilingual = За каждым фрагментом следует его перевод (язык перевода: { $language }); в этом же порядке текст читается.
