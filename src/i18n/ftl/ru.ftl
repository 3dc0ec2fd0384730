# Строки интерфейса, русский язык. Russian interface strings (CLDR plurals: one, few, many, other).

autonym = Русский

lang-en = английский
lang-ar = арабский
lang-ru = русский

skip-to-content = Перейти к тексту
contents = Содержание
languages = Языки
edition-languages = Этот текст на других языках
parallel-edition = Параллельный текст
parallel-title = { $title } (параллельный текст)
published = Дата публикации: { $date }
translated-by = Язык оригинала: { $source }. Перевод: { $names }.
list-separator = { ", " }
translated-from = Язык оригинала: { $source }.
original-text = Оригинальный текст ({ $language }).
source-fingerprint = Отпечаток исходного текста: { $fingerprint }
review-count = { $count ->
    [one] { $count } абзац требует проверки
    [few] { $count } абзаца требуют проверки
    [many] { $count } абзацев требуют проверки
   *[other] { $count } абзаца требуют проверки
}
status-stale = Устаревший перевод: оригинал ({ $source }) изменился после перевода этого фрагмента.
status-untranslated = Ещё не переведено: показан оригинал ({ $source }).
segment-link = Этот фрагмент: { $language }
segment-parallel = Этот фрагмент в параллельном тексте
backlink = Вернуться к ссылке в тексте
show-languages = Показывать языки
chooser-hint = Снимите отметку, чтобы скрыть столбец языка.

# Издания EPUB: ориентиры навигационного документа.
landmarks = Ориентиры
start-of-text = Начало текста
references = Источники
