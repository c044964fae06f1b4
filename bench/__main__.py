"""`make bench` (`python -m bench`): the tagging benchmark, then the load run; or one of them by name.

python -m bench                              both, the load run at full length
python -m bench tagging                      the automaton against the naive loop
python -m bench load --seconds 5 --clients 64 --copies 200
DATABASE_URL=postgres://… python -m bench pages   every public page uncached, search against icontains
"""

import argparse
import os
import secrets
import sys

import django

# The matcher's package imports Django models: settings first. This process serves nothing; the
# load run's server gets its own environment (bench.server.server_environment).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hig_updates.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the page benchmark asks through Django's test client
django.setup()

from bench import server, tagging  # noqa: E402


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", nargs="?", choices=["all", "tagging", "load", "pages"], default="all")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load run (default 60)")
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients in the load run (default 64)")
    parser.add_argument("--copies", type=int, default=200, help="published copies of the demo update (default 200)")
    args = parser.parse_args(argv)
    # Bounded: the load run only ever talks to 127.0.0.1, but it should not run away either.
    if not 0 < args.seconds <= 3600 or not 1 <= args.clients <= 1000 or not 0 <= args.copies <= 10_000:
        parser.error("--seconds must be in 0–3600 (above 0), --clients in 1–1000 and --copies in 0–10000")
    return args


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    status = 0
    if args.benchmark == "pages":
        from bench import pages

        return pages.main()
    if args.benchmark in {"all", "tagging"}:
        status |= tagging.main()
    if args.benchmark in {"all", "load"}:
        try:
            status |= server.main(seconds=args.seconds, clients=args.clients, copies=args.copies)
        except RuntimeError as error:
            sys.stderr.write(f"The load run did not run: {error}\n")
            status |= 1
    return status


if __name__ == "__main__":
    sys.exit(main())
