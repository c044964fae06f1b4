"""The editorial side: how an update is written, saved, reviewed by editors and published.

saving         the one write path for an update's content; stale saves and in-place changes of live ones refused
new_versions   live and latest: new versions of live updates (start, publish into the live one, discard), restores
revisions      snapshots of an update after every save, and readable diffs between them
workflow       the transition table and the only functions that change an update's status
preflight      the checks that block publishing
link_check     checking source URLs (a command and a task)
comments       notes between editors
experts        who an expert is (review address, account): only Admins change it; old links revoked
notifications  emails to authors and owner about status changes and comments
desk           the panels of the admin's index page
topics         merging topics, each touched update through the write path
periodic       periodic jobs: each job's time slot claimed once in the database, then enqueued

May import: `articles.models`, `articles.markdown`, `articles.mail`, `articles.signed_links`,
`articles.content_generation` (to mark public content changed), `articles.public`,
`actors.models`, `actors.tagging`. Never `articles.admin`, `articles.expert_review` or `articles.importers`.
"""
