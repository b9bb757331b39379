"""Fast data checks (no site build): validation, citations, hash pins, schemas, coverage.

Used by the pre-commit hook; `make check` runs these and then builds and checks the site.
"""

from __future__ import annotations

import sys

import check
import schemas


def main() -> int:
    kb = check.validate()
    if kb is None:
        return 1
    fresh = schemas.main(["--check"]) == 0
    return 0 if fresh and check.check_coverage(kb) else 1


if __name__ == "__main__":
    sys.exit(main())
