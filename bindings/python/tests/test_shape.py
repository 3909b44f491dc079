"""The shape contract: every public name of gotrue 2.12.4's sync API exists in libgotrue with
the same module, signature, model fields and TypedDict keys. The reference is the real
gotrue==2.12.4 from PyPI, installed in the test venv (imported, never used to make requests)."""
import ast
import importlib
import inspect
import os
import typing
import warnings

import pytest
from pydantic import BaseModel

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import gotrue

import libgotrue

# The seed's modules that user code imports from, and that libgotrue mirrors.
MODULES = [
    "errors", "types", "constants", "version",
    "_sync.gotrue_client", "_sync.gotrue_admin_api", "_sync.gotrue_mfa_api",
    "_sync.gotrue_admin_mfa_api", "_sync.storage", "_sync.gotrue_base_api",
]
# Differences the README lists; the tests below check that they are exactly these.
# REFRESH_FAILED: libgotrue announces a failed refresh that kept the session (issue 18).
LITERAL_EXTRAS = {"AuthChangeEvent": {"INITIAL_SESSION", "REFRESH_FAILED"}}
LITERAL_MISSING = {"ErrorCode": {"reauth_nonce_missing"}}
# The core knows every code of server v2.196.0, more than the seed listed.
LITERAL_SUPERSETS = {"ErrorCode"}
CONSTANTS_DIFFERENT = {"DEFAULT_HEADERS", "EXPIRY_MARGIN", "MAX_RETRIES"}


def test_reference_is_the_seed_version():
    from importlib.metadata import version

    assert version("gotrue") == "2.12.4"  # (its gotrue/version.py still says 2.12.3)


def defined_names(module):
    """Public top-level names a seed module defines itself (classes, functions, aliases)."""
    tree = ast.parse(inspect.getsource(module))
    names = []
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [n for n in names if not n.startswith("_") and n not in ("model", "T", "TBaseModel")]


def pairs():
    for name in MODULES:
        yield name, importlib.import_module("gotrue." + name), importlib.import_module("libgotrue." + name)


@pytest.mark.parametrize("module", MODULES)
def test_every_seed_name_exists_in_the_same_module(module):
    seed = importlib.import_module("gotrue." + module)
    ours = importlib.import_module("libgotrue." + module)
    missing = [n for n in defined_names(seed) if not hasattr(ours, n)]
    assert missing == []


def test_top_level_names_except_the_async_client():
    names = [n for n, v in vars(gotrue).items()
             if not n.startswith("_") and not inspect.ismodule(v) and not n.startswith("Async")
             and n not in ("annotations", "model")]  # a future import and a leaked loop variable
    missing = [n for n in names if not hasattr(libgotrue, n)]
    # `from .types import *` re-exports the typing helpers the seed's types module imports.
    typing_helpers = {n for n in missing if getattr(getattr(gotrue, n), "__module__", "").split(".")[0]
                      in ("typing", "typing_extensions", "pydantic", "datetime", "time")}
    assert sorted(set(missing) - typing_helpers) == []


def seed_classes():
    for module, seed, ours in pairs():
        for name in defined_names(seed):
            value = getattr(seed, name)
            if inspect.isclass(value) and value.__module__ == seed.__name__:
                yield module, name, value, getattr(ours, name)


CLASSES = list(seed_classes())
IDS = ["%s.%s" % (m, n) for m, n, _, _ in CLASSES]


def describe(fn):
    sig = inspect.signature(fn)
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


@pytest.mark.parametrize("module,name,seed,ours", CLASSES, ids=IDS)
def test_class_shape(module, name, seed, ours):
    assert inspect.isclass(ours)
    if issubclass(seed, BaseModel):
        assert issubclass(ours, BaseModel)
        assert list(seed.model_fields) == list(ours.model_fields)
        for field, info in seed.model_fields.items():
            mine = ours.model_fields[field]
            assert mine.is_required() == info.is_required(), field
            if not info.is_required():
                assert mine.default == info.default, field
            assert mine.validation_alias == info.validation_alias, field
        return
    if typing.is_typeddict(seed):
        assert typing.is_typeddict(ours)
        assert seed.__required_keys__ == ours.__required_keys__
        assert seed.__optional_keys__ == ours.__optional_keys__
        return
    if issubclass(seed, BaseException):
        assert [c.__name__ for c in seed.__mro__] == [c.__name__ for c in ours.__mro__]
        assert describe(seed.__init__) == describe(ours.__init__)
        return
    methods = {n for n, v in vars(seed).items()
               if callable(v) and (not n.startswith("_") or n in ("__init__", "__enter__", "__exit__"))}
    for method in sorted(methods):
        assert hasattr(ours, method), method
        assert describe(getattr(seed, method)) == describe(getattr(ours, method)), method
    # Methods inherited from the seed's own base classes (e.g. close) are there too.
    for base in seed.__mro__[1:]:
        if base.__module__.startswith("gotrue"):
            for n, v in vars(base).items():
                if callable(v) and not n.startswith("_"):
                    assert describe(v) == describe(getattr(ours, n)), n


def literal_aliases():
    for module, seed, ours in pairs():
        for name in defined_names(seed):
            value = getattr(seed, name)
            if typing.get_origin(value) is typing.Literal:
                yield name, value, getattr(ours, name)


@pytest.mark.parametrize("name,seed,ours", list(literal_aliases()), ids=lambda v: v if isinstance(v, str) else "")
def test_literal_values(name, seed, ours):
    def flat(t):
        values = set()
        for a in typing.get_args(t):
            values |= flat(a) if typing.get_origin(a) is typing.Literal else {a}
        return values

    seed_values, our_values = flat(seed), flat(ours)
    if name not in LITERAL_SUPERSETS:
        assert our_values - seed_values == LITERAL_EXTRAS.get(name, set())
    assert seed_values - our_values == LITERAL_MISSING.get(name, set())


def test_union_aliases_have_the_same_members():
    for module, seed, ours in pairs():
        for name in defined_names(seed):
            value = getattr(seed, name)
            if typing.get_origin(value) is typing.Union:
                assert [a.__name__ for a in typing.get_args(value)] == \
                    [a.__name__ for a in typing.get_args(getattr(ours, name))], name


def test_constants():
    for name in defined_names(gotrue.constants):
        if name not in CONSTANTS_DIFFERENT:
            assert getattr(gotrue.constants, name) == getattr(libgotrue.constants, name), name
    assert CONSTANTS_DIFFERENT <= set(defined_names(gotrue.constants))


def test_sub_api_attributes_have_the_seeds_methods():
    client = libgotrue.SyncGoTrueClient(url="http://127.0.0.1:9", auto_refresh_token=False)
    for attribute, seed_class in (("mfa", gotrue._sync.gotrue_mfa_api.SyncGoTrueMFAAPI),
                                  ("admin", gotrue.SyncGoTrueAdminAPI)):
        api = getattr(client, attribute)
        for n, v in vars(seed_class).items():
            if callable(v) and not n.startswith("_"):
                assert describe(v)[1:] == describe(getattr(api, n)), (attribute, n)
    for n, v in vars(gotrue._sync.gotrue_admin_mfa_api.SyncGoTrueAdminMFAAPI).items():
        if callable(v) and not n.startswith("_"):
            assert describe(v)[1:] == describe(getattr(client.admin.mfa, n)), n
    client.close()


def test_the_drop_in_reports_where_its_library_comes_from():
    from libgotrue import _native

    assert os.path.isfile(_native.LIBRARY_PATH)
    assert _native.VERSION == libgotrue.__version__
