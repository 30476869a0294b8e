"""The type stubs (__init__.pyi) against the module: the same public names,
the same methods on every class, and a docstring on every public name."""

import ast
import inspect
import pathlib

import vividshift

STUB = pathlib.Path(vividshift.__file__).with_name("__init__.pyi")


def stub_tree():
    return ast.parse(STUB.read_text(encoding="utf-8"))


def stub_all(tree):
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [elt.value for elt in node.value.elts]
    raise AssertionError("the stub has no __all__")


def stub_public_names(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {n for n in names if not n.startswith("_") or n == "__version__"}


def stub_classes(tree):
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def stub_members(classes, name, kind):
    """Names a stub class declares, its stub bases included: `methods`
    (functions and properties) or `fields` (annotated attributes)."""
    node = classes[name]
    if kind == "methods":
        names = {
            n.name
            for n in node.body
            if isinstance(n, ast.FunctionDef) and (not n.name.startswith("_") or n.name in DUNDERS)
        }
    else:
        names = {
            n.target.id
            for n in node.body
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
        }
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in classes:
            names |= stub_members(classes, base.id, kind)
    return names


DUNDERS = {"__enter__", "__exit__"}


def runtime_methods(cls):
    return {
        n
        for n, v in vars(cls).items()
        if (not n.startswith("_") or n in DUNDERS) and (callable(v) or inspect.isdatadescriptor(v))
    }


def test_all_matches_the_stub():
    tree = stub_tree()
    assert stub_all(tree) == vividshift.__all__
    assert stub_public_names(tree) == set(vividshift.__all__)


def test_every_public_name_exists():
    for name in vividshift.__all__:
        assert hasattr(vividshift, name), name
    public = {n for n in dir(vividshift) if not n.startswith("_")}
    assert public == set(vividshift.__all__) - {"__version__"}


def test_class_methods_match_the_stub():
    classes = stub_classes(stub_tree())
    for name in vividshift.__all__:
        obj = getattr(vividshift, name)
        if not inspect.isclass(obj) or issubclass(obj, BaseException):
            continue
        runtime = runtime_methods(obj)
        methods = stub_members(classes, name, "methods")
        fields = stub_members(classes, name, "fields")
        # Every stub method exists; every runtime method or getter is in the
        # stub (record fields are read through __getattr__ and typed as fields).
        assert methods <= runtime, (name, methods - runtime)
        assert runtime <= methods | fields, (name, runtime - methods - fields)


def test_every_public_name_has_a_docstring():
    assert vividshift.__doc__
    for name in vividshift.__all__:
        obj = getattr(vividshift, name)
        if name == "__version__":
            continue
        assert (obj.__doc__ or "").strip(), name
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if member.startswith("_"):
                    continue
                assert (getattr(value, "__doc__", None) or "").strip(), f"{name}.{member}"


def test_py_typed_is_installed():
    assert STUB.with_name("py.typed").exists()
