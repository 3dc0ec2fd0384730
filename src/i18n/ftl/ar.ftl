# نصوص الواجهة بالعربية. Arabic interface strings (CLDR plurals: zero, one, two, few, many, other).

autonym = العربية

lang-en = الإنجليزية
lang-ar = العربية
lang-ru = الروسية

skip-to-content = انتقل إلى النص
contents = المحتويات
languages = اللغات
edition-languages = هذا النص بلغات أخرى
parallel-edition = عرض متوازٍ
parallel-title = { $title } (عرض متوازٍ)
published = تاريخ النشر: { $date }
translated-by = ترجمة عن { $source }: { $names }.
list-separator = { "، " }
translated-from = ترجمة عن { $source }.
original-text = النص الأصلي ({ $language }).
source-fingerprint = بصمة النص المصدر: { $fingerprint }
review-count = { $count ->
    [zero] لا توجد فقرات تحتاج إلى مراجعة
    [one] فقرة واحدة تحتاج إلى مراجعة
    [two] فقرتان تحتاجان إلى مراجعة
    [few] { $count } فقرات تحتاج إلى مراجعة
    [many] { $count } فقرة تحتاج إلى مراجعة
   *[other] { $count } فقرة تحتاج إلى مراجعة
}
status-stale = ترجمة غير محدَّثة: تغيّر النص الأصلي باللغة { $source } بعد ترجمة هذا المقطع.
status-untranslated = لم تُترجم بعد: يُعرض النص الأصلي باللغة { $source }.
status-stale-source = ترجمة غير محدَّثة: تغيّر النص الأصلي باللغة { $source } بعد ترجمة هذا المقطع، فيُعرض النص الأصلي.
segment-link = هذا المقطع باللغة { $language }
segment-parallel = هذا المقطع في العرض المتوازي مع ترجماته
backlink = العودة إلى موضع الإحالة في النص
footnote-backlink = العودة إلى علامة الحاشية في النص
show-languages = اللغات المعروضة
chooser-hint = ألغِ تحديد لغة لإخفاء عمودها.

# الكتب الإلكترونية EPUB: معالم وثيقة التنقل.
landmarks = معالم الكتاب
start-of-text = بداية النص
references = المراجع

# الكتب الإلكترونية EPUB: ملخص إتاحة المنشور (schema:accessibilitySummary)؛ يضيف الكتاب ثنائي اللغة الجملة الثانية.
a11y-summary = يستوفي هذا المنشور متطلبات معيار الإتاحة EPUB Accessibility 1.1 وفق المستوى AA من إرشادات WCAG 2.2. وهو نصّ خالص، بلا صور ولا صوت ولا فيديو، ويمكن قراءته بقارئ الشاشة أو بطريقة برايل. ويتيح جدول المحتويات والعناوين التنقّل فيه، وقد حُدِّدت لغة كل فقرة منه. وترتبط الإحالات بقائمة المراجع، ويعود كل مرجع إلى موضع الإحالة إليه؛ والروابط مسطَّرة، فلا تُميَّز باللون وحده.
a11y-summary-bilingual = تلي كلَّ فقرة ترجمتُها إلى اللغة { $language }، وبهذا الترتيب تُقرأ.
