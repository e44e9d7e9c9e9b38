"""Which queries of one request take the time: `python -m bench.profile USER URL`.

Prints every SQL statement of the request with its duration (slowest first), for
finding what a benchmark item spends its time on. Uses config.settings.bench.
"""

import sys
import time

from bench.run import setup_django


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) < 2:
        print("usage: python -m bench.profile USERNAME URL [key=value ...]")
        return 2
    setup_django()
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    username, url, *pairs = argv
    client = Client()
    client.force_login(User.objects.get(username=username))
    params = dict(pair.split("=", 1) for pair in pairs)
    client.get(url, params)  # warm-up
    timings = []

    def timer(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - t0) * 1000, sql))

    t0 = time.perf_counter()
    with connection.execute_wrapper(timer):
        response = client.get(url, params)
    total = (time.perf_counter() - t0) * 1000
    in_sql = sum(ms for ms, _ in timings)
    print(
        f"{response.status_code} {total:.1f} ms, {len(timings)} queries, "
        f"{in_sql:.1f} ms in SQL"
    )
    for ms, sql in sorted(timings, reverse=True):
        print(f"{ms:8.1f} ms  {sql[:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
