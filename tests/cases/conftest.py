from tests.case_fixtures import refresh

__all__ = ["refresh"]
