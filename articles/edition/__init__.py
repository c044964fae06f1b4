"""The PDF edition: each update as readers take it away, A4 in the institute's house style.

document  the HTML and stylesheet a PDF is made from (kicker, title, standfirst, research
          question, authors with their roles, lead image, body, pull quotes, numbered references),
          and its fingerprint
pdf       WeasyPrint: HTML → tagged PDF (PDF/UA-1) with title, authors and language; it reads
          images from the media storage and fetches nothing over the network
editions  the kept PDF of a published update: made once per version by a task, stored on the
          media storage, replaced (the old file deleted) when the update changes
views     `/updates/<slug>/pdf/` for readers (published updates only) and the staff-only
          PDF of any update for the admin; urls

Sits between `articles.public` and `articles.editorial`: it may import `articles.models`,
`articles.markdown`, `articles.images`, `articles.content_generation` and `articles.public`
(the same queries and rendering as the page); `articles.editorial` imports it to have the PDF
made when an update is published or changed. Never editorial, expert review, importers or any admin.
"""
