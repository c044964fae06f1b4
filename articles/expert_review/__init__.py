"""The expert review: experts approve the quotes and paraphrases attributed to them.

Not to be confused with the editorial review (an update `in_review`, approved by a second
editor), which lives in `articles.editorial.workflow`.

services  every decision on an expert's item (approve, ask for a change, propose wording,
          accept or reject a proposal, edit, attribute), review links, reminders and
          their emails (templates/review/email/, sent through `articles.mail`)
views     the expert's pages: "My quotes" and the same review through a signed link
urls      those pages, under /review/

Review links are stored (`ReviewLink`: the address it was emailed to, who sent it, its
expiry, the exact words of each item it was sent for); the signed token carries only the
link's id. A link is refused, with a page saying why, once revoked (in the admin: one
link, or all of an expert's; an Admin changing the expert's address revokes those sent to
the old one), expired, sent to an address that is no longer the expert's, or when the
expert's account is inactive; links signed before links were stored are refused too. An
item whose words changed since the link was sent cannot be answered through it, while the
link's other items can: the link vouches for each item's words, one by one. Whoever holds a
link is signed in as nobody: a decision through it records the link (`QuoteDecision.via_link`)
and no account. Every page here is sent with `Cache-Control: no-store`.

May import: `articles.models`, `articles.markdown`, `articles.mail`, `articles.signed_links`,
`articles.editorial` (the write path, when accepted wording changes the body). Never
`articles.admin`, `articles.public` or `articles.importers`.
"""
