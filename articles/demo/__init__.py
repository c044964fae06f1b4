"""The demo content: the sample update with its experts, quotes, sources and relations (`manage.py load_demo`).

loading                          `load_demo()`: idempotent, through the write path
sino-north-korean-partnership.md the sample's body as Markdown

May import any service; nothing imports it but the `load_demo` command and the tests.
"""
