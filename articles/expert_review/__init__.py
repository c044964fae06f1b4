"""The expert review: experts approve the quotes and paraphrases attributed to them.

Not to be confused with the editorial review (an update `in_review`, approved by a second
editor), which lives in `articles.editorial.workflow`.

services  every decision on an expert's item (approve, ask for a change, propose wording,
          accept or reject a proposal, edit, attribute), review links, reminders and
          their emails (templates/review/email/, sent through `articles.mail`)
views     the expert's pages: "My quotes" and the same review through a signed link
urls      those pages, under /review/

May import: `articles.models`, `articles.markdown`, `articles.mail`, `articles.signed_links`,
`articles.editorial` (the write path, when accepted wording changes the body). Never
`articles.admin`, `articles.public` or `articles.importers`.
"""
