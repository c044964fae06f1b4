"""The generated corpus: a large, realistic archive of published updates for benchmarks and development.

generating  `generate_corpus(articles, seed=…)`: bulk inserts in batches inside one transaction;
            `after_bulk_insert(article_ids)`, what must follow rows written past the write path
text        the vocabulary and the seeded builders of titles, standfirsts and Markdown bodies

A benchmark and development fixture generator, not an editorial tool: it writes rows with
`bulk_create`, bypassing the write path (`articles.editorial.saving`) on purpose — no
revisions, no tagging run, no PDF editions, no review links or quote decisions. The
mentions it writes are those the tagger would find for the names it put in the bodies.

May import the models, `articles.content_generation`, `articles.public.search_index` (the search
text the write path would store), `actors.tagging` and the gazetteer loader
(`actors.gazetteer`); never an admin. Nothing imports it but the `generate_corpus`
command and the tests.
"""
