"""The demo content: the sample update with its experts, quotes, sources and relations (`manage.py load_demo`).

May import any service; nothing imports it but the `load_demo` command and the tests.
"""
