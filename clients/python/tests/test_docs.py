"""The examples in the docstrings run as written."""

import doctest

import arena_client
from arena_client import client, encode, errors, results


def load_tests(loader, tests, ignore):
    for module in (arena_client, client, encode, errors, results):
        tests.addTests(doctest.DocTestSuite(module))
    return tests
